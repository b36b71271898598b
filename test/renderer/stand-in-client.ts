import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  OperationInput,
  OperationName,
  OperationOutput,
  OperationResult,
  PodiumClient,
  PodiumEvents,
} from '../../main/contract/index.js';

type Answer<K extends OperationName> = (input: OperationInput<K>) => OperationOutput<K> | PodiumErrorData;
type Answers = { [K in OperationName]?: Answer<K> };

function isErrorData(value: unknown): value is PodiumErrorData {
  return (
    typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('data' in value)
  );
}

/**
 * Our own PodiumClient interface answered from a table the test writes, recording every call, with
 * `emit` to push events the way the WebSocket or IPC relay would.
 */
export function standInClient(answers: Answers) {
  const calls: { name: OperationName; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const answer = <K extends OperationName>(name: K, input: OperationInput<K>): OperationResult<K> => {
    calls.push({ name, input });
    const handler = answers[name] as Answer<K> | undefined;
    if (handler === undefined) return { error: { code: 'NOT_FOUND', message: `Unknown operation ${name}` } };
    const output = handler(input);
    if (isErrorData(output)) return { error: output };
    return { data: output as OperationOutput<K> };
  };
  const client: PodiumClient = {
    async send(name, input) {
      const result = answer(name, input);
      if (result.error !== undefined) throw result.error;
      return result.data;
    },
    async sendCatch(name, input) {
      return answer(name, input);
    },
    listen(name, cb) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const untyped = cb as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
  };
  return {
    client,
    calls,
    answers,
    emit<E extends keyof PodiumEvents>(name: E, payload: PodiumEvents[E]) {
      for (const cb of listeners.get(name) ?? []) cb(payload);
    },
    listenerCount(name: keyof PodiumEvents): number {
      return listeners.get(name)?.size ?? 0;
    },
  };
}

/** Lets pending promise callbacks (store actions started by events) finish. */
export async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
