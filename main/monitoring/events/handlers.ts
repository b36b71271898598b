import { defineOperation } from '../../contract/define-operation.js';
import { PodiumError } from '../../contract/errors.js';
import type { DomainHandlers } from '../../contract/index.js';
import { modelRefs, type VersionStore } from '../../registry/index.js';
import type { Workspace } from '../../workspace/index.js';
import { recordLifecycleEvent } from '../../workspace/lifecycle-event-store.js';
import type { EventDeliverer } from './event-deliverer.js';
import type { EventDeliveryStore } from './event-delivery-store.js';

type Names = 'events.list' | 'events.redeliver' | 'events.test';

/** What the event operations need of the API. */
export type EventHandlerContext = {
  workspace: Pick<Workspace, 'db' | 'clock' | 'config'>;
  actor: string;
  stores: { lifecycleEvents: EventDeliveryStore; versions: VersionStore };
  /** Null when no webhook is configured. */
  eventWebhook: EventDeliverer | null;
};

export function eventHandlers(context: EventHandlerContext): DomainHandlers<Names> {
  const { workspace, stores, eventWebhook } = context;
  const refs = modelRefs(stores.versions, workspace);
  const webhook = (operation: Names): EventDeliverer => {
    if (eventWebhook === null) {
      throw new PodiumError(
        'CONFLICT',
        `${operation}: no event webhook is configured; set events.webhook_url and events.webhook_secret (config.local.yaml or PODIUM_EVENTS_WEBHOOK_URL / PODIUM_EVENTS_WEBHOOK_SECRET)`,
        { key: 'events.webhook_url' },
      );
    }
    return eventWebhook;
  };
  return {
    'events.list': defineOperation('events.list', (filter) =>
      stores.lifecycleEvents.list({
        ...filter,
        // A model that is not registered is a typo to report, not an empty log.
        model: filter.model === undefined ? undefined : refs.name(filter.model),
      }),
    ),
    'events.redeliver': defineOperation('events.redeliver', async ({ id }) => {
      const deliverer = webhook('events.redeliver');
      stores.lifecycleEvents.redeliver(id);
      await deliverer.deliverDue();
      return stores.lifecycleEvents.get(id);
    }),
    'events.test': defineOperation('events.test', async () => {
      const deliverer = webhook('events.test');
      const id = recordLifecycleEvent(workspace.db, workspace.clock, {
        type: 'webhook.test',
        modelName: null,
        data: { actor: context.actor, message: 'A test event from podium events test' },
      });
      await deliverer.deliverDue();
      return stores.lifecycleEvents.get(id);
    }),
  };
}
