import type { z } from 'zod';
import type { Handler, OperationInput, OperationName, OperationOutput } from './index.js';
import { validateInput } from './validate-input.js';

/**
 * One handler: the zod schema checks the raw input (whatever crossed the bridge) before `run`
 * sees it, so every handler validates and none trusts the renderer.
 */
export function defineOperation<K extends OperationName>(
  name: K,
  schema: z.ZodType<OperationInput<K>>,
  run: (input: OperationInput<K>) => Promise<OperationOutput<K>> | OperationOutput<K>,
): Handler<K> {
  return async (raw) => run(validateInput(name, schema, raw));
}
