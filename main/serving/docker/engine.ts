import Dockerode from 'dockerode';
import { PodiumError } from '../../contract/errors.js';

export type DockerConnection = {
  /** The engine's Unix socket (or Windows named pipe); dockerode's default (DOCKER_HOST, then /var/run/docker.sock) when absent. */
  socketPath?: string;
};

export type DockerAvailability = { ok: boolean; reason?: string };

export function createDockerClient(connection: DockerConnection = {}): Dockerode {
  return connection.socketPath ? new Dockerode({ socketPath: connection.socketPath }) : new Dockerode();
}

/** Answers whether the engine responds, and if not, why in words a user can act on. */
export async function isDockerAvailable(
  connection: DockerConnection | Dockerode = {},
  timeoutMs = 3_000,
): Promise<DockerAvailability> {
  let docker: Dockerode;
  try {
    docker = connection instanceof Dockerode ? connection : createDockerClient(connection);
  } catch (error) {
    // dockerode throws at construction for a malformed DOCKER_HOST.
    return { ok: false, reason: (error as Error).message };
  }
  const where = await socketDescription(docker);
  try {
    // dockerode 5 takes an abort signal here; @types/dockerode 4 predates that overload.
    const ping = docker.ping as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    await ping.call(docker, { abortSignal: AbortSignal.timeout(timeoutMs) });
    return { ok: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return { ok: false, reason: `No Docker socket at ${where}: is Docker installed and running?` };
    if (code === 'EACCES') {
      return {
        ok: false,
        reason: `Permission denied on ${where}: add your user to the "docker" group or set the socket path`,
      };
    }
    if (code === 'ECONNREFUSED')
      return { ok: false, reason: `Nothing answers on ${where}: start the Docker engine` };
    if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') {
      return {
        ok: false,
        reason: `The Docker engine at ${where} did not answer within ${timeoutMs / 1000} s`,
      };
    }
    return {
      ok: false,
      reason: `The Docker engine at ${where} failed to answer: ${(error as Error).message}`,
    };
  }
}

/** Throws a PodiumError with the availability reason when the engine is unreachable. */
export async function requireDocker(docker: Dockerode): Promise<void> {
  const availability = await isDockerAvailable(docker);
  if (!availability.ok) {
    throw new PodiumError('INTERNAL', `Docker is not available: ${availability.reason}`, {
      reason: availability.reason,
    });
  }
}

async function socketDescription(docker: Dockerode): Promise<string> {
  // The modem is untyped in @types/dockerode (`any`); read its connection fields defensively.
  const modem = docker.modem as { socketPath?: unknown; host?: unknown; port?: unknown };
  let socket = modem.socketPath;
  if (typeof socket === 'function') socket = await (socket as () => Promise<string>)();
  if (typeof socket === 'string' && socket !== '') return socket;
  if (typeof modem.host === 'string') return `${modem.host}:${String(modem.port ?? '')}`;
  return 'the default Docker socket';
}

/** The HTTP status the engine answered with, when the error came from the engine. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function isNotFound(error: unknown): boolean {
  return engineStatus(error) === 404;
}

type ProgressEvent = { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } };

/**
 * Reads a build, pull or import progress stream to its end. The engine reports a failed build
 * as an `error` line in a 200 response, not as an HTTP error, so each line is checked.
 */
export function followProgress(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void = () => {},
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    let failure: string | null = null;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => {
        if (error) reject(error);
        else if (failure !== null) reject(new Error(failure));
        else resolve(lines);
      },
      (event: ProgressEvent) => {
        if (event.error) failure ??= event.errorDetail?.message ?? event.error;
        const line = (event.stream ?? event.status ?? event.error ?? '').trimEnd();
        if (line !== '') {
          lines.push(line);
          onLine(line);
        }
      },
    );
  });
}
