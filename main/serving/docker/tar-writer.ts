import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Headers, type Pack, pack } from 'tar-stream';

/*
 * A fixed timestamp keeps two builds of the same files byte-identical, so the engine's layer
 * cache and our own content hashes agree across machines and rebuilds.
 */
const EPOCH = new Date('2020-01-01T00:00:00Z');

export type EntryOwner = { uid: number; gid: number };

const ROOT: EntryOwner = { uid: 0, gid: 0 };

/**
 * Writes a tar archive (an image filesystem or a build context) one entry at a time. The
 * archive is a stream the engine reads while we write, so gigabyte contexts never sit in memory.
 * Parent folders are added once, before their first child, as an image tar needs them.
 */
export class TarWriter {
  private readonly tar: Pack = pack();
  private readonly folders = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private readonly aborted = new AbortController();

  /** The archive; hand it to the engine before adding entries (it back-pressures the writer). */
  get stream(): Readable {
    return this.tar;
  }

  folder(name: string, mode = 0o755, owner: EntryOwner = ROOT): Promise<void> {
    return this.enqueue(async () => this.writeFolder(trimSlashes(name), mode, owner));
  }

  /** A file whose bytes are already in memory (generated, or read once to hash and ship alike). */
  content(name: string, data: string | Buffer, mode = 0o644, owner: EntryOwner = ROOT): Promise<void> {
    return this.enqueue(async () => {
      await this.parents(name);
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await this.write({ name: trimSlashes(name), size: bytes.length, mode: mode | 0o444, ...owner }, bytes);
    });
  }

  /** A host file stored under `name`; symlinks are followed, because an image needs the bytes. */
  file(name: string, source: string, mode?: number): Promise<void> {
    return this.enqueue(async () => {
      await this.parents(name);
      const real = await realpath(source);
      const info = await stat(real);
      await this.writeFile(trimSlashes(name), real, info.size, mode ?? info.mode & 0o777);
    });
  }

  /**
   * A host folder copied under `name`. Symlinks inside it stay symlinks (node_modules uses
   * relative ones); `skip` gets each entry's path relative to `source`.
   */
  tree(
    name: string,
    source: string,
    skip: (relative: string, isFolder: boolean) => boolean = () => false,
  ): Promise<void> {
    return this.enqueue(async () => {
      await this.parents(`${trimSlashes(name)}/x`);
      await this.writeTree(trimSlashes(name), source, '', skip);
    });
  }

  /** Ends the archive once every queued entry is written; rejects with the first entry that failed. */
  async finish(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
    this.tar.finalize();
  }

  /** Stops writing after a failure elsewhere (e.g. the engine refused the upload). */
  abort(error: Error): void {
    this.failure ??= error;
    this.aborted.abort(error);
    // No error argument: nothing listens for 'error' on the archive, and an unheard one would crash.
    this.tar.destroy();
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.failure) throw this.failure;
      try {
        await step();
      } catch (error) {
        this.failure ??= error as Error;
        throw error;
      }
    });
    // The chain continues after a failure; later steps see `failure` and stop at once.
    this.queue = next.catch(() => {});
    return next;
  }

  private async writeTree(
    name: string,
    source: string,
    relative: string,
    skip: (r: string, f: boolean) => boolean,
  ) {
    const here = relative === '' ? source : join(source, relative);
    const info = await lstat(here);
    const target = relative === '' ? name : `${name}/${relative}`;
    if (info.isSymbolicLink()) {
      await this.write({
        name: target,
        type: 'symlink',
        linkname: await readlink(here),
        mode: 0o777,
        ...ROOT,
      });
    } else if (info.isDirectory()) {
      // Traversable by the unprivileged service user even when the host folder is private (mkdtemp).
      await this.writeFolder(target, (info.mode & 0o777) | 0o555, ROOT);
      const children = (await readdir(here, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      );
      for (const child of children) {
        const childRelative = relative === '' ? child.name : `${relative}/${child.name}`;
        if (skip(childRelative, child.isDirectory())) continue;
        await this.writeTree(name, source, childRelative, skip);
      }
    } else if (info.isFile()) {
      await this.writeFile(target, here, info.size, info.mode & 0o777);
    }
  }

  private async parents(name: string): Promise<void> {
    const parts = trimSlashes(name).split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (!this.folders.has(folder)) await this.writeFolder(folder, 0o755, ROOT);
    }
  }

  private async writeFolder(name: string, mode: number, owner: EntryOwner): Promise<void> {
    if (this.folders.has(name)) return;
    this.folders.add(name);
    await this.write({ name, type: 'directory', mode, ...owner });
  }

  private async writeFile(name: string, source: string, size: number, mode: number): Promise<void> {
    // Readable by the unprivileged user the service runs as, whatever the host's umask was.
    if (this.failure) throw this.failure;
    const sink = this.tar.entry({ name, size, mode: mode | 0o444, mtime: EPOCH, ...ROOT });
    await this.guard(pipeline(createReadStream(source), sink));
  }

  private write(headers: Headers, content: Buffer | string = ''): Promise<void> {
    return this.guard(
      new Promise((resolve, reject) => {
        this.tar.entry({ mtime: EPOCH, ...headers }, content, (error) => (error ? reject(error) : resolve()));
      }),
    );
  }

  /**
   * tar-stream never calls back once the archive is destroyed, and waits forever for a reader
   * that has gone; every wait on it also ends when the writer is aborted.
   */
  private guard<T>(work: Promise<T>): Promise<T> {
    const signal = this.aborted.signal;
    if (signal.aborted) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.failure);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

function trimSlashes(name: string): string {
  return posix.normalize(name).replace(/^\/+|\/+$/g, '');
}

/**
 * Streams an archive into an engine call (build, import) while it is being written. If writing
 * fails the upload is aborted; if the engine fails the writing stops; either way the first error
 * is thrown and nothing waits forever.
 */
export async function uploadTar<T>(
  call: (archive: Readable, signal: AbortSignal) => Promise<T>,
  fill: (tar: TarWriter) => Promise<void>,
): Promise<T> {
  const tar = new TarWriter();
  const upload = new AbortController();
  const response = call(tar.stream, upload.signal);
  response.catch((error: Error) => tar.abort(error));
  try {
    await fill(tar);
    await tar.finish();
  } catch (error) {
    // When the engine failed first, `error` is already its rejection (the writer was aborted with it).
    tar.abort(error as Error);
    upload.abort();
    response.catch(() => {});
    throw error;
  }
  return response;
}
