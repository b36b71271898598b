import { PodiumError } from '../contract/errors.js';
import type { HandlerTable, OperationName } from '../contract/index.js';
import { OPERATION_NAMES } from './operation-names.js';

/**
 * Merges the domains' tables into one. A name registered twice is a programming error caught
 * at start-up, not a silent override; a contract operation nobody handles is one too.
 */
export function mergeHandlers(...tables: Partial<Record<OperationName, unknown>>[]): HandlerTable {
  const merged: Record<string, unknown> = {};
  for (const table of tables) {
    for (const [name, handler] of Object.entries(table)) {
      if (Object.hasOwn(merged, name)) {
        throw new PodiumError('CONFLICT', `Operation ${name} is registered twice`, { operation: name });
      }
      if (typeof handler !== 'function') {
        throw new PodiumError('INTERNAL', `Operation ${name} has no handler function`, { operation: name });
      }
      merged[name] = handler;
    }
  }
  const missing = OPERATION_NAMES.filter((name) => !Object.hasOwn(merged, name));
  if (missing.length > 0) {
    throw new PodiumError('INTERNAL', `Operations without a handler: ${missing.join(', ')}`, { missing });
  }
  return merged as HandlerTable;
}
