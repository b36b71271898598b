import type { PodiumEventName, PodiumEvents } from './events.js';

/** Where the core sends the events the views hear; the app's event hub is the one that relays them. */
export type PodiumEventSink = {
  emit<E extends PodiumEventName>(event: E, payload: PodiumEvents[E]): void;
};

/**
 * Forwards an operation's progress to the views and the CLI as `operation.progress`; `message`
 * names what the operation works on (the file), so a caller follows its own call only.
 */
export function operationProgress(
  events: PodiumEventSink,
  operation: string,
  message: string,
): (progress: { step: string; current: number; total: number }) => void {
  return (progress) => events.emit('operation.progress', { ...progress, operation, message });
}
