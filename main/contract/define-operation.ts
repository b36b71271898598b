import type { Handler, OperationInput, OperationName, OperationOutput } from './index.js';
import { operationSchemas } from './schemas/index.js';
import { validateInput } from './validate-input.js';

/**
 * One handler: the contract's input schema (`operationSchemas[name].input`, the only definition
 * of the operation's input) checks the raw input (whatever crossed the bridge) before `run` sees
 * it, so every handler validates and none trusts the renderer.
 */
export function defineOperation<K extends OperationName>(
  name: K,
  run: (input: OperationInput<K>) => Promise<OperationOutput<K>> | OperationOutput<K>,
): Handler<K> {
  const schema = operationSchemas[name].input;
  return async (raw) => run(validateInput(name, schema, raw));
}
