import assert from 'node:assert/strict';
import type { z } from 'zod';
import { isOperationName } from '../../main/app/index.js';
import type { PodiumClient, PodiumEventName } from '../../main/contract/index.js';
import { eventSchemas, operationSchemas, PodiumErrorDataSchema } from '../../main/contract/schemas/index.js';

/**
 * Tests hold every answer to the contract's schemas: an output the schema refuses is a bug in the
 * handler or in the schema, and the failure names the operation and the path zod found at fault.
 */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(whole value)'}: ${issue.message}`)
    .join('; ');
}

/** What is wrong with `data` as the answer of `name`, or null. JSON only: what crosses a bridge. */
export function outputProblem(name: string, data: unknown): string | null {
  // An unknown name is refused by dispatch before any handler runs: there is no output to check.
  if (!isOperationName(name)) return null;
  const result = operationSchemas[name].output.safeParse(data);
  return result.success
    ? null
    : `${name} answered outside its output schema: ${describeIssues(result.error)}`;
}

export function errorProblem(name: string, error: unknown): string | null {
  const result = PodiumErrorDataSchema.safeParse(error);
  return result.success
    ? null
    : `${name} refused with an error outside {code, message, details}: ${describeIssues(result.error)}`;
}

export function eventProblem(message: { event: string; payload: unknown }): string | null {
  if (!Object.hasOwn(eventSchemas, message.event)) return `event ${message.event} is not in the contract`;
  const wire = JSON.parse(JSON.stringify(message.payload));
  const result = eventSchemas[message.event as PodiumEventName].safeParse(wire);
  return result.success ? null : `event ${message.event} outside its schema: ${describeIssues(result.error)}`;
}

export function assertOutput(name: string, data: unknown): void {
  const problem = outputProblem(name, data);
  if (problem !== null) assert.fail(problem);
}

/** The same client, failing the test on any answer outside the contract (errors included). */
export function checkedClient(client: PodiumClient): PodiumClient {
  const sendCatch: PodiumClient['sendCatch'] = async (name, args) => {
    const result = await client.sendCatch(name, args);
    const problem =
      result.error === undefined ? outputProblem(name, result.data) : errorProblem(name, result.error);
    if (problem !== null) assert.fail(problem);
    return result;
  };
  return {
    sendCatch,
    send: async (name, args) => {
      const result = await sendCatch(name, args);
      if (result.error) throw result.error;
      return result.data!;
    },
    listen: client.listen,
  };
}
