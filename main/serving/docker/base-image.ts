import { execFile } from 'node:child_process';
import { dirname, posix } from 'node:path';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { PodiumError } from '../../contract/errors.js';
import { followProgress, isNotFound } from './engine.js';
import { LABEL } from './labels.js';
import { uploadTar } from './tar-writer.js';

const run = promisify(execFile);

/** The uid/gid the service runs as: `node` in the official image, `podium` in the built one. */
export const SERVICE_UID = 1000;

export const LOCAL_BASE_REPOSITORY = 'podium/node-base';

export type BaseImage = {
  /** The reference to build FROM. */
  ref: string;
  source: 'local' | 'pulled' | 'built' | 'cached';
};

export type BaseImageOptions = {
  /** config `serving.docker_base_image`, e.g. node:20-slim. */
  preferred: string;
  onLine?: (line: string) => void;
};

/** A pull that failed (offline, no such tag) is not retried for every service this process starts. */
const failedPulls = new Set<string>();

/**
 * The image model services build FROM: the configured one when it is on the engine or can be
 * pulled; otherwise one made from the Node runtime running Podium, so serving in Docker works
 * offline. The fallback is cached under podium/node-base:<node version>.
 */
export async function ensureBaseImage(docker: Dockerode, options: BaseImageOptions): Promise<BaseImage> {
  const { preferred } = options;
  if (await imageExists(docker, preferred)) return { ref: preferred, source: 'local' };
  if (!failedPulls.has(preferred)) {
    try {
      await followProgress(docker, await docker.pull(preferred), options.onLine);
      return { ref: preferred, source: 'pulled' };
    } catch (error) {
      failedPulls.add(preferred);
      options.onLine?.(
        `cannot pull ${preferred} (${(error as Error).message}); using the local Node runtime`,
      );
    }
  }
  const ref = `${LOCAL_BASE_REPOSITORY}:${process.version.slice(1)}-${process.arch}`;
  if (await imageExists(docker, ref)) return { ref, source: 'cached' };
  await importLocalRuntime(docker, ref);
  return { ref, source: 'built' };
}

export async function imageExists(docker: Dockerode, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * `docker import` of a filesystem holding only what `node` needs to run: the binary, the
 * shared libraries and dynamic loader ldd names (at their own paths), /tmp, and a passwd entry
 * for the unprivileged service user.
 */
async function importLocalRuntime(docker: Dockerode, ref: string): Promise<void> {
  if (process.platform !== 'linux') {
    // The engine runs Linux containers; a macOS or Windows node binary cannot run in one.
    throw new PodiumError(
      'CONFIG_INVALID',
      'The Docker base image cannot be pulled, and only on Linux can one be built from the local Node runtime; ' +
        'load a Node image (serving.docker_base_image) into Docker or go online once',
      { platform: process.platform },
    );
  }
  const libraries = await sharedLibraries(process.execPath);
  const libraryFolders = [...new Set(libraries.map((library) => dirname(library)))];
  const [repo, tag] = splitRef(ref);
  const progress = await uploadTar(
    (archive, abortSignal) =>
      docker.importImage(archive, {
        repo,
        tag,
        abortSignal,
        changes: [
          'ENV PATH=/usr/local/bin:/usr/bin:/bin',
          // No ld.so.cache in the image: name the library folders instead of relying on built-in paths.
          `ENV LD_LIBRARY_PATH=${libraryFolders.join(':')}`,
          'ENV HOME=/home/podium',
          `LABEL ${LABEL.managed}=true ${LABEL.image}=base`,
          'CMD ["node"]',
        ],
      }),
    async (tar) => {
      await tar.folder('tmp', 0o1777);
      await tar.folder('home/podium', 0o755, { uid: SERVICE_UID, gid: SERVICE_UID });
      await tar.content(
        'etc/passwd',
        `root:x:0:0:root:/root:/sbin/nologin\npodium:x:${SERVICE_UID}:${SERVICE_UID}::/home/podium:/sbin/nologin\n`,
      );
      await tar.content('etc/group', `root:x:0:\npodium:x:${SERVICE_UID}:\n`);
      await tar.content('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
      await tar.file('usr/local/bin/node', process.execPath, 0o755);
      for (const library of libraries) await tar.file(library, library, 0o755);
    },
  );
  await followProgress(docker, progress);
}

/** Absolute paths of the shared objects (and the loader) a binary needs, as `ldd` lists them. */
export async function sharedLibraries(binary: string): Promise<string[]> {
  let output: string;
  try {
    output = (await run('ldd', [binary])).stdout;
  } catch (error) {
    const stdout = (error as { stdout?: string }).stdout ?? '';
    // A statically linked node makes ldd exit non-zero with "not a dynamic executable".
    if (/not a dynamic executable|statically linked/.test(stdout + String((error as Error).message)))
      return [];
    throw new PodiumError(
      'INTERNAL',
      `Cannot list the shared libraries of ${binary} with ldd: ${(error as Error).message}`,
    );
  }
  const libraries: string[] = [];
  for (const line of output.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match && posix.isAbsolute(match[1])) libraries.push(match[1]);
    if (/=>\s*not found/.test(line)) {
      throw new PodiumError('INTERNAL', `${binary} needs a library the system does not have: ${line.trim()}`);
    }
  }
  return libraries;
}

export function splitRef(ref: string): [string, string] {
  const colon = ref.lastIndexOf(':');
  if (colon <= ref.lastIndexOf('/')) return [ref, 'latest'];
  return [ref.slice(0, colon), ref.slice(colon + 1)];
}
