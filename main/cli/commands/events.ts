import { type Command, Option } from 'commander';
import type { LifecycleEvent } from '../../contract/index.js';
import { LIFECYCLE_EVENT_TYPES } from '../../contract/lifecycle-event-types.js';
import { cliUser, runWithClient } from '../context.js';
import { formatTable, print, printDocument } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';

/** `podium events [list|test|redeliver]`: the registry and lifecycle events and their webhook deliveries. */
export function registerEvents(program: Command): void {
  const events = program
    .command('events')
    .description('Registry and lifecycle events and their signed webhook deliveries (the delivery log)');

  events
    .command('list', { isDefault: true })
    .description('Events, newest first, with how their webhook delivery went')
    .option('--limit <n>', 'how many events to list', positiveInteger, 30)
    .addOption(modelOption("only this model's events (NAME)"))
    .addOption(new Option('--type <type>', 'only events of this type').choices(LIFECYCLE_EVENT_TYPES))
    .addOption(
      new Option('--delivery <status>', 'only events with a delivery in this state').choices([
        'pending',
        'delivered',
        'failed',
      ]),
    )
    .option('--json', 'print as JSON')
    .action(
      async (
        options: {
          limit: number;
          model?: string;
          type?: LifecycleEvent['type'];
          delivery?: 'pending' | 'delivered' | 'failed';
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const list = await client.send('events.list', options);
          if (json) {
            const { operationSchemas } = await import('../../contract/schemas/index.js');
            printDocument(operationSchemas['events.list'].output, list);
            return;
          }
          if (list.length === 0) {
            print('No events yet. Registering, promoting or rolling back a version records one.');
            return;
          }
          print(
            formatTable(
              ['id', 'time', 'type', 'model', 'what', 'webhook'],
              list.map((event) => [
                `#${event.id}`,
                event.createdAt.replace('T', ' ').slice(0, 19),
                event.type,
                event.model ?? '',
                eventSummary(event),
                deliveryText(event),
              ]),
            ),
          );
        });
      },
    );

  events
    .command('test')
    .description('Send a signed webhook.test event to the configured webhook and report the answer')
    .option('--json', 'print as JSON')
    .action(async (_options: object, command: Command) => {
      await runWithClient(
        command,
        async ({ client, json }) => {
          await printEvent(await client.send('events.test', {}), json);
        },
        { actor: cliUser() },
      );
    });

  events
    .command('redeliver')
    .description('Send an event again (after fixing the receiver): its delivery starts over')
    .argument('<id>', 'the event id (podium events)', positiveInteger)
    .option('--json', 'print as JSON')
    .action(async (id: number, _options: object, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        await printEvent(await client.send('events.redeliver', { id }), json);
      });
    });
}

async function printEvent(event: LifecycleEvent, json: boolean): Promise<void> {
  if (json) {
    const { LifecycleEventSchema } = await import('../../contract/schemas/index.js');
    printDocument(LifecycleEventSchema, event);
    return;
  }
  print(`Event #${event.id} ${event.type}: ${deliveryText(event)}`);
}

/** The event in a few words, from the fields each type carries. */
function eventSummary(event: LifecycleEvent): string {
  const { data } = event;
  const version = (key: string) => (typeof data[key] === 'number' ? `v${data[key]}` : '');
  switch (event.type) {
    case 'model_version.registered':
      return `${version('version')} ${String(data.model_type ?? '')}`.trim();
    case 'model_version.stage_changed':
      return `${version('version')} ${String(data.from_stage)} → ${String(data.to_stage)}`;
    case 'shadow_test.completed':
      return `#${String(data.shadow_test_id)} ${String(data.verdict)} (${version('challenger_version')} vs ${version('champion_version')})`;
    case 'alert.raised':
      return String(data.title ?? data.rule ?? '');
    case 'webhook.test':
      return 'test';
    default:
      return [version('from_version'), version('to_version')].filter((v) => v !== '').join(' → ');
  }
}

function deliveryText(event: LifecycleEvent): string {
  if (event.deliveries.length === 0) return 'not sent (no webhook then, or type not subscribed)';
  return event.deliveries
    .map((delivery) => {
      const answer =
        delivery.lastStatus !== null ? `HTTP ${delivery.lastStatus}` : (delivery.lastError ?? '');
      const tries = `${delivery.attempts} ${delivery.attempts === 1 ? 'try' : 'tries'}`;
      if (delivery.status === 'delivered') return `delivered to ${delivery.host} (${tries})`;
      if (delivery.status === 'failed') return `failed at ${delivery.host} after ${tries}: ${answer}`;
      return delivery.attempts === 0
        ? `pending for ${delivery.host}`
        : `retrying ${delivery.host} at ${delivery.nextAttemptAt?.replace('T', ' ').slice(0, 19)} (${tries}; last: ${answer})`;
    })
    .join('; ');
}
