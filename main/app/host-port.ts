/**
 * The host's side of its one message channel to the shell that started it. Two transports, one
 * shape, so the same host runs under Electron (`utilityProcess.fork`: `process.parentPort`) and
 * under plain Node (`child_process.fork`: `process.send` / `process.on('message')`), as Actual
 * Budget's server answers over `process.parentPort` in its desktop app.
 */
export type HostPort = {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The shell went away (Node: the IPC channel closed); Electron ends a utility process itself. */
  onParentGone(listener: () => void): void;
  /** Resolves once what was posted has left this process, so exiting does not drop it. */
  flush(): Promise<void>;
};

/**
 * Electron's `process.parentPort`, typed by what is used: this file must not import electron
 * (only main/electron and preload may), and it runs under plain Node too.
 */
export type ParentPortLike = {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
};

export function parentPortTransport(parentPort: ParentPortLike): HostPort {
  return {
    post: (message) => parentPort.postMessage(message),
    onMessage: (listener) => {
      parentPort.on('message', (event) => listener(event.data));
    },
    onParentGone: () => {},
    // Electron gives no delivery callback; postMessage has queued the message on its IO thread,
    // and a moment's wait lets it go out before the process ends.
    flush: () => new Promise((resolve) => setTimeout(resolve, 200)),
  };
}

type ForkedProcess = Pick<NodeJS.Process, 'send' | 'on' | 'connected'>;

export function forkTransport(child: ForkedProcess): HostPort {
  if (typeof child.send !== 'function') {
    throw new Error('The core host was started without an IPC channel (run it with fork or utilityProcess)');
  }
  const send = child.send.bind(child);
  const inFlight = new Set<Promise<void>>();
  return {
    post: (message) => {
      // Once the shell is gone there is nobody to answer; the disconnect handler shuts down.
      if (!child.connected) return;
      const sent = new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve()));
      inFlight.add(sent);
      void sent.then(() => inFlight.delete(sent));
    },
    onMessage: (listener) => {
      child.on('message', listener);
    },
    onParentGone: (listener) => {
      child.on('disconnect', listener);
    },
    flush: async () => {
      await Promise.all(inFlight);
    },
  };
}

/** The transport of the process this runs in: Electron's parentPort when there is one, else fork IPC. */
export function currentProcessPort(): HostPort {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  return parentPort ? parentPortTransport(parentPort) : forkTransport(process);
}
