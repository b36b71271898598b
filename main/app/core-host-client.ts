import { setTimeout as sleep } from 'node:timers/promises';
import { PodiumError } from '../contract/errors.js';
import type {
  JsonValue,
  OperationInput,
  OperationName,
  OperationOutput,
  OperationResult,
  PodiumClient,
  PodiumErrorData,
  PodiumEvents,
} from '../contract/index.js';
import type { EnvironmentName } from '../environments/index.js';
import type { ApiBridge, EventMessage } from './api-bridge.js';
import { type CoreHostOptions, readFromHost } from './core-host-protocol.js';
import type { HostProcess, LaunchHost } from './host-process.js';

export type CoreHostStatus = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export type CoreHostClientOptions = {
  launch: LaunchHost;
  host: CoreHostOptions;
  /** The first restart's delay; it doubles with each crash in a row, up to `maxRestartDelayMs`. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A host that ran this long before it crashed was healthy: the next restart waits the least. */
  stableAfterMs?: number;
  /** Restarts in a row that never get ready before the client gives up (and answers UNAVAILABLE). */
  maxFailedRestarts?: number;
  /** How long `close` lets the host close its workspace before ending it. */
  stopTimeoutMs?: number;
  /** The shell shows or logs this (tray tooltip, terminal). */
  onStatus?: (status: CoreHostStatus, error?: PodiumErrorData) => void;
};

type Pending = { name: string; resolve(result: { data: unknown } | { error: PodiumErrorData }): void };

/** One launch of the host: its process, its requests in flight and whether it got ready. */
type Generation = {
  process: HostProcess;
  ready: Promise<void>;
  readyAt: number | null;
  pending: Map<number, Pending>;
  exited: Promise<void>;
  alive: boolean;
};

/**
 * The shell's side of the core host: a `PodiumClient` (and the `ApiBridge` the IPC relay and
 * the browser-mode server take) whose operations run in another process. A host that dies
 * answers every request it held with UNAVAILABLE and is started again, in the environment it
 * had, after a delay that grows while it keeps dying; calls made meanwhile wait for it.
 */
export class CoreHostClient implements PodiumClient, ApiBridge {
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private current: Generation;
  /** What calls wait for: the current host once it is ready, or why there is none. */
  private available: Promise<Generation>;
  private environment: EnvironmentName;
  private nextId = 0;
  private crashesInRow = 0;
  private readonly stopping = new AbortController();
  private closing: Promise<void> | null = null;

  /** Starts the host and resolves once it is ready; a host that cannot open its workspace rejects. */
  static async start(options: CoreHostClientOptions): Promise<CoreHostClient> {
    const client = new CoreHostClient(options);
    try {
      await client.available;
    } catch (error) {
      await client.close();
      const data = error as PodiumErrorData;
      throw new PodiumError(data.code, data.message, data.details);
    }
    return client;
  }

  private constructor(private readonly options: CoreHostClientOptions) {
    this.environment = options.host.environment;
    this.setStatus('starting');
    this.current = this.launch();
    this.available = this.current.ready.then(() => this.current);
    this.available.catch(() => {});
  }

  /** The host's process id (tests end it to check the restart). */
  get pid(): number | undefined {
    return this.current.alive ? this.current.process.pid : undefined;
  }

  /** Requests the host holds now: what a crash or a stop would cut short. */
  get pendingCount(): number {
    return this.current.pending.size;
  }

  call(
    name: string,
    input: unknown,
    caller: 'bridge' | 'local' = 'bridge',
  ): Promise<{ data: unknown } | { error: PodiumErrorData }> {
    if (this.stopping.signal.aborted) return Promise.resolve({ error: stoppingError(name) });
    return this.available.then(
      (generation) =>
        new Promise((resolve) => {
          if (!generation.alive) {
            resolve({ error: unavailable(`The core stopped before it could answer ${name}`, name) });
            return;
          }
          const id = ++this.nextId;
          generation.pending.set(id, { name, resolve });
          generation.process.post({ id, name, args: input, ...(caller === 'local' ? { local: true } : {}) });
        }),
      (error: PodiumErrorData) => ({ error }),
    );
  }

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async sendCatch<K extends OperationName>(name: K, args: OperationInput<K>): Promise<OperationResult<K>> {
    return (await this.call(name, args)) as OperationResult<K>;
  }

  async send<K extends OperationName>(name: K, args: OperationInput<K>): Promise<OperationOutput<K>> {
    const result = await this.sendCatch(name, args);
    if (result.error !== undefined) throw result.error;
    return result.data;
  }

  listen<E extends keyof PodiumEvents>(name: E, cb: (payload: PodiumEvents[E]) => void): () => void {
    return this.subscribe((message) => {
      if (message.event === name) cb(message.payload as PodiumEvents[E]);
    });
  }

  /** Asks the host to close its workspace, ends it if it takes too long; never restarts it after. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopping.abort();
      const generation = this.current;
      if (generation.alive) {
        generation.process.post({ stop: true });
        const timer = setTimeout(() => generation.process.kill(), this.options.stopTimeoutMs ?? 60_000);
        await generation.exited;
        clearTimeout(timer);
      }
      this.setStatus('stopped');
    })();
    return this.closing;
  }

  private launch(): Generation {
    const process = this.options.launch({ ...this.options.host, environment: this.environment });
    let markReady: () => void = () => {};
    let refuse: (error: PodiumErrorData) => void = () => {};
    let markExited: () => void = () => {};
    const generation: Generation = {
      process,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        refuse = reject;
      }),
      readyAt: null,
      pending: new Map(),
      exited: new Promise<void>((resolve) => {
        markExited = resolve;
      }),
      alive: true,
    };
    generation.ready.catch(() => {});
    process.onMessage((raw) => {
      const message = readFromHost(raw);
      if (message === undefined) return;
      if (message.kind === 'answer') {
        const pending = generation.pending.get(message.answer.id);
        generation.pending.delete(message.answer.id);
        const { answer } = message;
        pending?.resolve('error' in answer ? { error: answer.error } : { data: answer.data });
      } else if (message.kind === 'event') {
        this.onEvent(message.event);
      } else if (message.kind === 'ready') {
        this.environment = message.ready.environment;
        generation.readyAt = Date.now();
        this.setStatus('ready');
        markReady();
      } else {
        refuse(message.error);
      }
    });
    process.onExit((code) => {
      generation.alive = false;
      const stopping = this.stopping.signal.aborted;
      for (const [, pending] of generation.pending) {
        pending.resolve({
          error: stopping
            ? stoppingError(pending.name)
            : unavailable(`The core stopped while answering ${pending.name}; it is restarting`, pending.name),
        });
      }
      generation.pending.clear();
      // Before ready: whoever launched it hears why (a `failed` message came first if it had one).
      refuse(unavailable(`The core stopped before it was ready (exit code ${code})`));
      markExited();
      if (generation.readyAt !== null && !stopping && generation === this.current) {
        if (Date.now() - generation.readyAt >= (this.options.stableAfterMs ?? 30_000)) this.crashesInRow = 0;
        this.available = this.restart();
        this.available.catch(() => {});
      }
    });
    return generation;
  }

  /** Starts the host again until one gets ready, waiting longer after each failure. */
  private async restart(): Promise<Generation> {
    this.setStatus('restarting');
    let failed = 0;
    for (;;) {
      const first = this.options.restartDelayMs ?? 250;
      const delay = Math.min(first * 2 ** this.crashesInRow, this.options.maxRestartDelayMs ?? 10_000);
      this.crashesInRow += 1;
      try {
        await sleep(delay, undefined, { signal: this.stopping.signal });
      } catch {
        throw stoppingError();
      }
      const generation = this.launch();
      this.current = generation;
      try {
        await generation.ready;
        return generation;
      } catch (error) {
        failed += 1;
        if (this.stopping.signal.aborted) throw stoppingError();
        if (failed >= (this.options.maxFailedRestarts ?? 5)) {
          const reason = error as PodiumErrorData;
          const gaveUp = unavailable(`The core could not be restarted: ${reason.message}`, undefined, {
            cause: reason,
          });
          this.setStatus('failed', gaveUp);
          throw gaveUp;
        }
      }
    }
  }

  private onEvent(message: EventMessage): void {
    if (message.event === 'environment.changed') {
      this.environment = (message.payload as PodiumEvents['environment.changed']).environment;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        // One broken listener (a closed window) must not starve the others.
      }
    }
  }

  private setStatus(status: CoreHostStatus, error?: PodiumErrorData): void {
    this.options.onStatus?.(status, error);
  }
}

function unavailable(
  message: string,
  operation?: string,
  details: Record<string, JsonValue> = {},
): PodiumErrorData {
  return {
    code: 'UNAVAILABLE',
    message,
    details: operation === undefined ? details : { ...details, operation },
  };
}

function stoppingError(operation?: string): PodiumErrorData {
  return unavailable('Podium is stopping', operation);
}
