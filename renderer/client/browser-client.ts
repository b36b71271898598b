import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  OperationInput,
  OperationName,
  OperationOutput,
  PodiumClient,
} from '../../main/contract/index.js';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'unauthorised';

export type BrowserClient = PodiumClient & {
  /** Live-update channel state, so the shell can say when events are not arriving. */
  onConnectionChange(cb: (state: ConnectionState) => void): () => void;
};

type EventFrame = { event: string; payload: unknown };

const unauthorisedCloseCode = 4401;
const maxBackoffMs = 10_000;

function networkError(error: unknown): PodiumErrorData {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'INTERNAL',
    message: `Cannot reach the Podium server (${reason}). Is \`podium ui\` still running?`,
    details: { cause: 'network' },
  };
}

function isErrorData(value: unknown): value is PodiumErrorData {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The browser-mode PodiumClient: operations over `POST /api/call/<name>`, events over one WebSocket. */
export function createBrowserClient(token: string, origin: string = location.origin): BrowserClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let started = false;
  let backoffMs = 500;
  let state: ConnectionState = 'connecting';

  const setState = (next: ConnectionState): void => {
    state = next;
    for (const cb of connectionListeners) cb(next);
  };

  const connect = (): void => {
    const wsUrl = `${origin.replace(/^http/, 'ws')}/api/events?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(wsUrl);
    ws.addEventListener('open', () => {
      backoffMs = 500;
      setState('open');
    });
    ws.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let frame: EventFrame;
      try {
        frame = JSON.parse(message.data) as EventFrame;
      } catch {
        return;
      }
      const set = listeners.get(frame.event);
      if (set === undefined) return;
      for (const cb of set) cb(frame.payload);
    });
    ws.addEventListener('close', (event) => {
      if (event.code === unauthorisedCloseCode) {
        setState('unauthorised');
        return;
      }
      setState('reconnecting');
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    });
  };

  const send = async <K extends OperationName>(
    name: K,
    args: OperationInput<K>,
  ): Promise<OperationOutput<K>> => {
    let response: Response;
    try {
      response = await fetch(`${origin}/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args ?? {}),
      });
    } catch (error) {
      throw networkError(error);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw {
        code: 'INTERNAL',
        message: `The server answered ${name} with HTTP ${response.status} and no JSON body`,
      } satisfies PodiumErrorData;
    }
    const envelope = body as { data?: unknown; error?: unknown };
    if (!response.ok || envelope.error !== undefined) {
      if (isErrorData(envelope.error)) throw envelope.error;
      throw {
        code: 'INTERNAL',
        message: `The server answered ${name} with HTTP ${response.status}`,
      } satisfies PodiumErrorData;
    }
    return envelope.data as OperationOutput<K>;
  };

  return {
    send,
    async sendCatch(name, args) {
      try {
        return { data: await send(name, args) };
      } catch (error) {
        return { error: isErrorData(error) ? error : networkError(error) };
      }
    },
    listen(name, cb) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      const untyped = cb as (payload: unknown) => void;
      set.add(untyped);
      if (!started) {
        started = true;
        connect();
      }
      return () => {
        set.delete(untyped);
      };
    },
    onConnectionChange(cb) {
      connectionListeners.add(cb);
      cb(state);
      return () => {
        connectionListeners.delete(cb);
      };
    },
  } satisfies BrowserClient as BrowserClient;
}
