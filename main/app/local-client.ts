import type {
  OperationInput,
  OperationName,
  OperationOutput,
  OperationResult,
  PodiumClient,
} from '../contract/index.js';
import type { Api } from './create-api.js';
import { callOperation } from './dispatch.js';

/**
 * An in-process `PodiumClient` over the API: what the preload and the browser client do, without
 * a bridge. Inputs and outputs go through JSON like on a real bridge, so a handler that returns
 * something not serialisable (a Date, a class) is caught by tests that use this client.
 */
export function createLocalClient(
  api: Pick<Api, 'handlers' | 'events'>,
  options: {
    onInternalError?: (error: unknown, name: string) => void;
    /** The CLI on this machine: may call the operations that name local files (see LOCAL_ONLY). */
    local?: boolean;
  } = {},
): PodiumClient {
  const sendCatch = async <K extends OperationName>(
    name: K,
    args: OperationInput<K>,
  ): Promise<OperationResult<K>> => {
    const wire = args === undefined ? undefined : JSON.parse(JSON.stringify(args));
    const result = await callOperation(
      api.handlers,
      name,
      wire,
      options.onInternalError,
      options.local ? 'local' : 'bridge',
    );
    return JSON.parse(JSON.stringify(result)) as OperationResult<K>;
  };
  return {
    sendCatch,
    send: async (name, args) => {
      const result = await sendCatch(name, args);
      if (result.error) throw result.error;
      return result.data as OperationOutput<typeof name>;
    },
    listen: (name, cb) =>
      api.events.on(name, (payload) => {
        cb(JSON.parse(JSON.stringify(payload)));
      }),
  };
}
