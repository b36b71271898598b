import { isPodiumError, toErrorData } from '../contract/errors.js';
import type { CoreHostOptions } from './core-host-protocol.js';
import { isHostRequest, isHostStop } from './core-host-protocol.js';
import type { HostPort } from './host-port.js';
import { openUiSession, type UiSession } from './ui-session.js';

export type CoreHost = {
  /**
   * Resolves once the session is closed, whoever asked (the shell's stop, the shell going
   * away): `failed` when the workspace never opened.
   */
  readonly closed: Promise<'stopped' | 'failed'>;
  /** Closes the session as a `stop` message does. */
  close(): Promise<void>;
};

/**
 * The core of the app behind one message port: opens the environment's workspace and API (the
 * same session both UIs ran in-process before), answers `{id, name, args}` with `{id, data}` or
 * `{id, error}`, and forwards every event as `{event, payload}`. Environment switches happen
 * inside: the session closes one workspace and opens the other, and the shell hears
 * `environment.changed` like any other event.
 */
export function runCoreHost(
  port: HostPort,
  options: CoreHostOptions,
  onInternalError: (error: unknown) => void = () => {},
): CoreHost {
  let resolveClosed: (how: 'stopped' | 'failed') => void = () => {};
  const closed = new Promise<'stopped' | 'failed'>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | null = null;
  const opening = openUiSession(options);

  const close = (): Promise<void> => {
    closing ??= opening
      .then(
        (session) => session.close().catch(onInternalError),
        // Nothing opened, nothing to close; the failure was reported when it happened.
        () => {},
      )
      .finally(() => resolveClosed('stopped'));
    return closing;
  };

  // Registered before the session opens: Electron queues parentPort messages until a listener
  // exists, and a stop sent during a slow open must still be honoured.
  port.onMessage((message) => {
    if (isHostStop(message)) {
      void close();
      return;
    }
    if (!isHostRequest(message)) return;
    void answer(message.id, message.name, message.args, message.local === true ? 'local' : 'bridge');
  });
  port.onParentGone(() => void close());

  const answer = async (id: number, name: string, args: unknown, caller: 'bridge' | 'local') => {
    let session: UiSession;
    try {
      session = await opening;
    } catch (error) {
      port.post({ id, error: toErrorData(error) });
      return;
    }
    // The bridge never throws: internal errors are logged to the workspace and answered as data.
    const result = await session.bridge.call(name, args, caller);
    // `data: undefined` would vanish on a JSON channel; the HTTP bridge answers null too.
    port.post('error' in result ? { id, error: result.error } : { id, data: result.data ?? null });
  };

  opening.then(
    (session) => {
      session.bridge.subscribe((message) => port.post(message));
      port.post({ ready: { environment: session.workspace.environment } });
    },
    (error: unknown) => {
      if (!isPodiumError(error)) onInternalError(error);
      port.post({ failed: toErrorData(error) });
      resolveClosed('failed');
    },
  );
  return { closed, close };
}
