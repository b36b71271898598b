import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { listFilesRecursive, TEMP_MARKER, tempPathFor } from '../common/files.js';
import type { ExtractedFile } from './archive-reader.js';

/** A fixed time keeps two archives of the same files byte-identical. */
const EPOCH = new Date('2020-01-01T00:00:00Z');

/** Each file's SHA-256 and size by archive path: what an integrity manifest lists. */
export type FileHashes = Record<string, ExtractedFile>;

/**
 * Writes a .tgz one file at a time (never whole in memory), hashing each file as it streams in.
 * The archive is written under a temporary name and renamed into place by `finish`, so a
 * crash or a failure never leaves a half-written archive at the destination.
 */
export class ArchiveWriter {
  private readonly tar = pack();
  private readonly temp: string;
  private readonly output: Promise<void>;
  private readonly hashes: FileHashes = {};
  private failure: Error | null = null;

  private constructor(private readonly file: string) {
    this.temp = tempPathFor(file);
    this.output = pipeline(this.tar, createGzip(), createWriteStream(this.temp, { flags: 'wx' }));
    this.output.catch((error: Error) => {
      this.failure ??= error;
    });
  }

  static async create(file: string): Promise<ArchiveWriter> {
    await mkdir(dirname(file), { recursive: true });
    return new ArchiveWriter(file);
  }

  get files(): FileHashes {
    return { ...this.hashes };
  }

  async addFile(name: string, source: string): Promise<void> {
    const { size } = await stat(source);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const entry = this.tar.entry({ name, size, mode: 0o644, mtime: EPOCH, type: 'file' });
    await this.guard(pipeline(createReadStream(source), tap, entry));
    this.hashes[name] = { sha256: hash.digest('hex'), bytes };
  }

  async addContent(name: string, data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    await this.guard(
      new Promise<void>((resolve, reject) => {
        this.tar.entry(
          { name, size: bytes.length, mode: 0o644, mtime: EPOCH, type: 'file' },
          bytes,
          (error) => (error ? reject(error) : resolve()),
        );
      }),
    );
    this.hashes[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  }

  /**
   * Every file under `dir` as `prefix/<relative path>`, in sorted order; temporary files are
   * skipped, and those `skip` names (by relative path).
   */
  async addTree(
    prefix: string,
    dir: string,
    skip: (relative: string) => boolean = () => false,
  ): Promise<void> {
    const files = (await listFilesRecursive(dir)).filter(
      (relative) => !relative.split('/').some((part) => part.startsWith(TEMP_MARKER)) && !skip(relative),
    );
    for (const relative of files.sort()) await this.addFile(`${prefix}/${relative}`, join(dir, relative));
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.tar.finalize();
    await this.output;
    await rename(this.temp, this.file);
  }

  async abort(): Promise<void> {
    this.tar.destroy();
    await this.output.catch(() => {});
    await rm(this.temp, { force: true });
  }

  /** An entry write waits on the archive's reader; if the output fails, stop waiting at once. */
  private guard(work: Promise<void>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.race([work, this.output.then(() => work)]);
  }
}

/** Writes an archive with `fill`, or removes every trace of it if `fill` throws. */
export async function writeArchive(
  file: string,
  fill: (archive: ArchiveWriter) => Promise<void>,
): Promise<void> {
  const archive = await ArchiveWriter.create(file);
  try {
    await fill(archive);
    await archive.finish();
  } catch (error) {
    await archive.abort();
    throw error;
  }
}
