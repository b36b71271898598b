import type { PodiumEventName, PodiumEvents } from './events.js';

/** Where the core sends the events the views hear; the app's event hub is the one that relays them. */
export type PodiumEventSink = {
  emit<E extends PodiumEventName>(event: E, payload: PodiumEvents[E]): void;
};
