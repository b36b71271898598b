import type { AlertRecord } from './types.js';

/** `alert`: a new alert (worth a notification). `alert-updated`: a repeat, acknowledgement, resolution or delivery change. */
export type AlertEvents = {
  alert: AlertRecord;
  'alert-updated': AlertRecord;
};

type Listener<T> = (payload: T) => void;

/**
 * A typed, synchronous event emitter for alerts, so the desktop shell and the browser bridge can
 * subscribe without knowing who raises them. A listener that throws is reported and skipped:
 * one broken subscriber must not stop an alert from reaching the others.
 */
export class AlertBus {
  private readonly listeners: { [K in keyof AlertEvents]: Set<Listener<AlertEvents[K]>> } = {
    alert: new Set(),
    'alert-updated': new Set(),
  };

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends keyof AlertEvents>(event: K, listener: Listener<AlertEvents[K]>): () => void {
    const set = this.listeners[event] as Set<Listener<AlertEvents[K]>>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof AlertEvents>(event: K, payload: AlertEvents[K]): void {
    const set = this.listeners[event] as Set<Listener<AlertEvents[K]>>;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  listenerCount(event: keyof AlertEvents): number {
    return this.listeners[event].size;
  }
}
