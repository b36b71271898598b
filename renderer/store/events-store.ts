import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { EventDelivery, LifecycleEvent, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

export function deliveryTone(delivery: EventDelivery | undefined): Tone {
  if (delivery === undefined) return 'neutral';
  return delivery.status === 'delivered' ? 'ok' : delivery.status === 'failed' ? 'bad' : 'warn';
}

/** An event sent again or tested replaces the listed one with the same id, or goes on top. */
function upsertEvent(events: LifecycleEvent[], event: LifecycleEvent): LifecycleEvent[] {
  return events.some((known) => known.id === event.id)
    ? events.map((known) => (known.id === event.id ? event : known))
    : [event, ...events];
}

export type EventsState = {
  events: Remote<LifecycleEvent[]>;
  /** The last test or redelivery that was refused (no webhook configured, unknown event). */
  actionError: PodiumErrorData | null;
  load(): Promise<void>;
  sendTest(): Promise<void>;
  redeliver(id: number): Promise<void>;
};

/** The registry and lifecycle events and their signed webhook deliveries (the delivery log). */
export function createEventsStore(client: PodiumClient) {
  return createStore<EventsState>()((set, get) => {
    const apply = (result: { data?: LifecycleEvent; error?: PodiumErrorData }) => {
      if (result.error !== undefined) {
        set({ actionError: result.error });
        return;
      }
      const events = get().events;
      set({ events: { ...events, data: upsertEvent(events.data ?? [], result.data as LifecycleEvent) } });
    };
    return {
      events: idle(),
      actionError: null,
      async load() {
        set({ events: loading(get().events) });
        set({ events: settle(get().events, await client.sendCatch('events.list', { limit: 100 })) });
      },
      async sendTest() {
        set({ actionError: null });
        apply(await client.sendCatch('events.test', {}));
      },
      async redeliver(id) {
        set({ actionError: null });
        apply(await client.sendCatch('events.redeliver', { id }));
      },
    };
  });
}

export type EventsStore = ReturnType<typeof createEventsStore>;
