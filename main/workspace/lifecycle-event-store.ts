import type { Clock } from '../common/clock.js';
import type { JsonValue } from '../contract/common.js';
import type { LifecycleEventType } from '../contract/lifecycle-events.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

export type NewLifecycleEvent = {
  type: LifecycleEventType;
  modelName: string | null;
  data: Record<string, JsonValue>;
};

/**
 * Records a registry or lifecycle event in the outbox that webhooks are delivered from. Call it
 * inside the transaction that makes the change: the event then exists exactly when the change
 * does, whichever process made it, and survives that process exiting before delivery.
 */
export function recordLifecycleEvent(db: Db, clock: Clock, event: NewLifecycleEvent): number {
  const result = prepared(
    db,
    'INSERT INTO lifecycle_events (type, model_name, data_json, created_at) VALUES (?, ?, ?, ?)',
  ).run(event.type, event.modelName, JSON.stringify(event.data), clock.now().toISOString());
  return Number(result.lastInsertRowid);
}
