import { PodiumError, toErrorData } from '../contract/errors.js';
import type { HandlerTable, OperationName, OperationOutput, OperationResult } from '../contract/index.js';
import { LOCAL_ONLY, OPERATION_NAMES } from './operation-names.js';

const KNOWN = new Set<string>(OPERATION_NAMES);

export function isOperationName(name: string): name is OperationName {
  return KNOWN.has(name);
}

/**
 * Runs one operation by name on untrusted input, for every bridge (IPC, HTTP, test client).
 * Never throws: the answer is `{data}` or `{error: {code, message, details}}`; anything that
 * is not a PodiumError becomes INTERNAL with its stack left to `onInternalError` (the log).
 */
export async function callOperation(
  table: HandlerTable,
  name: string,
  rawInput: unknown,
  onInternalError: (error: unknown, name: string) => void = () => {},
  caller: 'bridge' | 'local' = 'bridge',
): Promise<OperationResult<OperationName>> {
  try {
    if (!isOperationName(name) || !Object.hasOwn(table, name)) {
      throw new PodiumError('NOT_FOUND', `Unknown operation ${JSON.stringify(name)}`, { operation: name });
    }
    if (caller === 'bridge') refuseLocalOnly(name, rawInput);
    const handler = table[name] as (input: unknown) => Promise<OperationOutput<OperationName>>;
    const data = await handler(rawInput);
    return { data };
  } catch (error) {
    if (!(error instanceof PodiumError)) onInternalError(error, name);
    return { error: toErrorData(error) };
  }
}

/** USAGE, naming the operation first like every input refusal, so a view shows it as one. */
function refuseLocalOnly(name: OperationName, rawInput: unknown): void {
  const fields = LOCAL_ONLY[name];
  if (fields === undefined) return;
  if (fields === null) {
    throw new PodiumError('USAGE', `${name}: runs only from the command line on this machine`, {
      operation: name,
    });
  }
  if (typeof rawInput !== 'object' || rawInput === null) return;
  const named = fields.find((field) => Object.hasOwn(rawInput, field));
  if (named !== undefined) {
    throw new PodiumError(
      'USAGE',
      `${name}: ${named}: only the command line names files on this machine; upload the data instead`,
      { operation: name, field: named },
    );
  }
}
