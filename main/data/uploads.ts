import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CsvDialectOptions } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';

/** Raw bytes per chunk: 3 MiB, 4 MiB as base64, well inside every bridge's message limit. */
export const UPLOAD_CHUNK_BYTES = 3 << 20;
/** An upload nobody has touched for this long was abandoned (a closed tab): its file goes. */
const ABANDONED_AFTER_MS = 30 * 60_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file arriving in pieces, kept in `<workspace>/uploads/<id>/` until it is ingested or cancelled. */
export type Upload = {
  id: string;
  /** The name the user's file had, for errors and the dataset's source name. */
  fileName: string;
  /** The temporary file the pieces are appended to. */
  file: string;
  folder: string;
  bytes: number;
  received: number;
  dialect: CsvDialectOptions | undefined;
  /** Set while a chunk is written or the ingest runs: a second call then is refused, not interleaved. */
  busy: boolean;
  /** Aborts the ingest when the upload is cancelled during `finish`. */
  ingest: AbortController | null;
  touchedAt: number;
};

/** A name for the upload's temporary file that keeps the user's name (errors cite it) but no path. */
export function safeFileName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'))
    .replace(/[^\w.\- ]+/g, '_')
    .slice(0, 120);
  return base === '' || base === '.' || base === '..' ? 'upload.csv' : base;
}

/**
 * The uploads in progress of one core: chunks must arrive in order (each names its offset), a
 * file never grows past the size announced, and whatever ends an upload — finish, cancel, an
 * error, abandonment — removes its folder.
 */
export class UploadSessions {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly uploadsDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  async start(input: { fileName: string; bytes: number; dialect?: CsvDialectOptions }): Promise<Upload> {
    await this.dropAbandoned();
    const id = randomUUID();
    const folder = join(this.uploadsDir, id);
    await mkdir(folder, { recursive: true });
    const file = join(folder, safeFileName(input.fileName));
    await writeFile(file, '');
    const upload: Upload = {
      id,
      fileName: safeFileName(input.fileName),
      file,
      folder,
      bytes: input.bytes,
      received: 0,
      dialect: input.dialect,
      busy: false,
      ingest: null,
      touchedAt: this.now(),
    };
    this.uploads.set(id, upload);
    return upload;
  }

  async append(uploadId: string, offset: number, base64: string): Promise<Upload> {
    const upload = this.claim(uploadId, 'data.uploadChunk');
    try {
      if (offset !== upload.received) {
        throw new PodiumError(
          'CONFLICT',
          `Upload of ${upload.fileName}: a chunk at byte ${offset} arrived, but ${upload.received} bytes were received so far; send the chunk at byte ${upload.received}`,
          { field: 'offset', offset, received: upload.received },
        );
      }
      if (base64.length % 4 !== 0 || !BASE64.test(base64)) {
        throw new PodiumError('USAGE', `Upload of ${upload.fileName}: the chunk is not base64`, {
          field: 'base64',
        });
      }
      const chunk = Buffer.from(base64, 'base64');
      if (chunk.length > UPLOAD_CHUNK_BYTES) {
        throw new PodiumError(
          'USAGE',
          `Upload of ${upload.fileName}: a chunk may hold at most ${UPLOAD_CHUNK_BYTES} bytes; this one holds ${chunk.length}`,
          { field: 'base64', bytes: chunk.length, max: UPLOAD_CHUNK_BYTES },
        );
      }
      if (upload.received + chunk.length > upload.bytes) {
        throw new PodiumError(
          'USAGE',
          `Upload of ${upload.fileName}: ${upload.received + chunk.length} bytes sent, more than the ${upload.bytes} announced`,
          { field: 'base64', bytes: upload.bytes },
        );
      }
      try {
        await appendFile(upload.file, chunk);
      } catch (error) {
        if (!this.uploads.has(upload.id))
          throw new PodiumError('CANCELLED', `The upload of ${upload.fileName} was cancelled`);
        throw error;
      }
      upload.received += chunk.length;
      return upload;
    } finally {
      this.release(upload);
    }
  }

  /**
   * Runs `ingest` on the complete file (cancellable through the signal), then forgets the
   * upload and removes its folder, whatever the outcome.
   */
  async finish<T>(uploadId: string, ingest: (upload: Upload, signal: AbortSignal) => Promise<T>): Promise<T> {
    const upload = this.claim(uploadId, 'data.uploadFinish');
    if (upload.received !== upload.bytes) {
      this.release(upload);
      throw new PodiumError(
        'USAGE',
        `Upload of ${upload.fileName}: ${upload.received} of ${upload.bytes} bytes received; send the rest before finishing`,
        { field: 'uploadId', received: upload.received, bytes: upload.bytes },
      );
    }
    upload.ingest = new AbortController();
    try {
      return await ingest(upload, upload.ingest.signal);
    } finally {
      await this.drop(upload);
    }
  }

  /** Ends the upload (aborting its ingest, if one runs); false when there was none. */
  async cancel(uploadId: string): Promise<boolean> {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined) return false;
    if (upload.ingest !== null) {
      // `finish` removes the folder once the ingest has stopped reading it.
      upload.ingest.abort();
      return true;
    }
    await this.drop(upload);
    return true;
  }

  /** Removes every upload's file (the core is closing). */
  async close(): Promise<void> {
    await Promise.all([...this.uploads.values()].map((upload) => this.drop(upload)));
  }

  private claim(uploadId: string, operation: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined) {
      throw new PodiumError(
        'NOT_FOUND',
        `${operation}: no upload ${uploadId} in progress (finished, cancelled or never started); start it again`,
        { field: 'uploadId', uploadId },
      );
    }
    if (upload.busy) {
      throw new PodiumError(
        'CONFLICT',
        `${operation}: the upload of ${upload.fileName} is still busy with the previous call; send one call at a time`,
        { field: 'uploadId', uploadId },
      );
    }
    upload.busy = true;
    upload.touchedAt = this.now();
    return upload;
  }

  private release(upload: Upload): void {
    upload.busy = false;
    upload.touchedAt = this.now();
  }

  private async drop(upload: Upload): Promise<void> {
    this.uploads.delete(upload.id);
    await rm(upload.folder, { recursive: true, force: true });
  }

  private async dropAbandoned(): Promise<void> {
    const cutoff = this.now() - ABANDONED_AFTER_MS;
    const abandoned = [...this.uploads.values()].filter(
      (upload) => !upload.busy && upload.touchedAt < cutoff,
    );
    await Promise.all(abandoned.map((upload) => this.drop(upload)));
    await this.dropLeftovers(cutoff);
  }

  /**
   * Folders no live upload of this core owns and nothing wrote to since `cutoff`: what a core
   * that stopped mid-upload (a crash, a closed app) left. Another core on the same workspace
   * keeps its own uploads fresh, so the age rule never takes one in progress.
   */
  private async dropLeftovers(cutoff: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.uploadsDir);
    } catch {
      return; // no uploads folder yet
    }
    const owned = new Set(this.uploads.keys());
    for (const name of names.filter((name) => !owned.has(name))) {
      const folder = join(this.uploadsDir, name);
      const newest = await newestWrite(folder);
      if (newest !== null && newest < cutoff) await rm(folder, { recursive: true, force: true });
    }
  }
}

/** The last time anything in a folder (or the file itself) was written; null when it is gone. */
async function newestWrite(path: string): Promise<number | null> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) return info.mtimeMs;
    let newest = info.mtimeMs;
    for (const name of await readdir(path))
      newest = Math.max(newest, (await newestWrite(join(path, name))) ?? 0);
    return newest;
  } catch {
    return null;
  }
}
