import type { PodiumEventMessage, PodiumEventName, PodiumEvents } from '../contract/index.js';

export type EventListener = (message: PodiumEventMessage) => void;

/**
 * The one event stream the views listen to (IPC, WebSocket and the test client all subscribe
 * here). A listener that throws is logged by the caller's `onListenerError` and does not stop
 * the others: one broken window must not starve the rest.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  emit<E extends PodiumEventName>(event: E, payload: PodiumEvents[E]): void {
    const message = { event, payload } as PodiumEventMessage;
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Every event; returns the function that unsubscribes. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** One event by name. */
  on<E extends PodiumEventName>(event: E, callback: (payload: PodiumEvents[E]) => void): () => void {
    return this.subscribe((message) => {
      if (message.event === event) callback(message.payload as PodiumEvents[E]);
    });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
