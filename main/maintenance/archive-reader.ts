import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type ExtractedHeaders, extract } from 'tar-stream';
import { pathExists } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';

export type ArchiveLimits = {
  /** Largest single file, checked against its header before any of its bytes are read. */
  maxEntryBytes: number;
  /** All files together, checked as each header arrives. */
  maxTotalBytes: number;
  maxEntries: number;
};

const GIB = 1024 ** 3;

/** An export holds one model package (and optionally its dataset): 2 GiB is far beyond any real one. */
export const IMPORT_LIMITS: ArchiveLimits = {
  maxEntryBytes: 2 * GIB,
  maxTotalBytes: 2 * GIB,
  maxEntries: 100_000,
};

/** A backup holds every package and dataset snapshot, so it may be much larger than one export. */
export const RESTORE_LIMITS: ArchiveLimits = {
  maxEntryBytes: 64 * GIB,
  maxTotalBytes: 256 * GIB,
  maxEntries: 1_000_000,
};

/** pax and GNU long-name headers are buffered whole by the parser, so they must stay small. */
const MAX_META_HEADER_BYTES = 1024 * 1024;

export type ExtractedFile = { sha256: string; bytes: number };

/**
 * Unpacks a .tgz into `dest` (which must not exist yet), refusing anything that could write
 * outside it or exhaust the disk: absolute or `..` paths, links, devices, duplicate names, and
 * sizes over the limits, all checked from each header before its bytes are read. Returns the
 * SHA-256 and size of every file, computed while writing. On any failure `dest` is removed,
 * so a refused archive leaves nothing behind.
 */
export async function extractArchive(
  file: string,
  dest: string,
  limits: ArchiveLimits,
): Promise<Map<string, ExtractedFile>> {
  if (!(await pathExists(file))) throw new PodiumError('NOT_FOUND', `${file} does not exist`, { file });
  if (await pathExists(dest)) {
    throw new PodiumError('CONFLICT', `${dest} already exists; refusing to extract over it`, { path: dest });
  }
  await mkdir(dest, { recursive: true });
  const root = resolve(dest);
  const files = new Map<string, ExtractedFile>();
  const seen = new Set<string>();
  let total = 0;
  let current: string | null = null;
  /** The entry being written: a failed archive is removed only once it has settled. */
  let writing: Promise<unknown> = Promise.resolve();
  const refuse = (entry: string, reason: string) =>
    new PodiumError('ARCHIVE_INVALID', `${file}: entry "${entry}" refused: ${reason}`, {
      file,
      entry,
      reason,
    });

  const tar = extract();
  tar.on('entry', (headers: ExtractedHeaders, stream: Readable, next: () => void) => {
    current = headers.name;
    const fail = (error: unknown) => {
      stream.resume();
      tar.destroy(error as Error);
    };
    try {
      const relative = safeRelativePath(headers.name, refuse);
      if (seen.has(relative)) throw refuse(headers.name, 'the archive holds this path twice');
      seen.add(relative);
      if (seen.size > limits.maxEntries)
        throw refuse(headers.name, `more than ${limits.maxEntries} entries in the archive`);
      const target = join(root, ...relative.split('/'));
      if (!target.startsWith(root + sep)) throw refuse(headers.name, 'resolves outside the destination');
      if (headers.type === 'directory') {
        stream.resume();
        writing = mkdir(target, { recursive: true }).then(() => next(), fail);
        return;
      }
      if (headers.type !== 'file') {
        const link = headers.linkname ? ` to "${headers.linkname}"` : '';
        throw refuse(headers.name, `${headers.type ?? 'unknown'} entries${link} are not allowed`);
      }
      if (headers.size > limits.maxEntryBytes)
        throw refuse(
          headers.name,
          `declares ${headers.size} bytes; the limit per file is ${limits.maxEntryBytes}`,
        );
      total += headers.size;
      if (total > limits.maxTotalBytes)
        throw refuse(headers.name, `the files add up to more than ${limits.maxTotalBytes} bytes`);
      writing = writeEntry(stream, target, headers.size).then(
        (written) => {
          files.set(relative, written);
          current = null;
          next();
        },
        (error: Error) => fail(refuse(headers.name, `cannot be written (${error.message})`)),
      );
    } catch (error) {
      fail(error);
    }
  });

  try {
    await pipeline(createReadStream(file), createGunzip(), new TarHeaderGuard(file, limits), tar);
  } catch (error) {
    // A truncated or refused archive stops the stream while an entry may still be written:
    // removing the folder under it would race it (ENOTEMPTY). Wait for it, boundedly.
    await Promise.race([writing.catch(() => undefined), new Promise((settle) => setTimeout(settle, 5_000))]);
    await rm(dest, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    if (error instanceof PodiumError) throw error;
    throw describeStreamError(file, error as NodeJS.ErrnoException, current);
  }
  return files;
}

/** A POSIX relative path inside the archive, or a refusal naming the entry. */
function safeRelativePath(name: string, refuse: (entry: string, reason: string) => PodiumError): string {
  if (name.includes('\0')) throw refuse(name, 'the name contains a NUL byte');
  if (name.includes('\\')) throw refuse(name, 'backslashes are not allowed in names');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw refuse(name, 'absolute paths are not allowed');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw refuse(name, 'the path climbs out of the archive (..)');
  if (parts.length === 0) throw refuse(name, 'the name is empty');
  return parts.join('/');
}

async function writeEntry(stream: Readable, target: string, size: number): Promise<ExtractedFile> {
  await mkdir(resolve(target, '..'), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  // 'wx': never follow or replace something already at the target.
  await pipeline(stream, tap, createWriteStream(target, { flags: 'wx', mode: 0o644 }));
  if (bytes !== size) throw new Error(`expected ${size} bytes, read ${bytes}`);
  return { sha256: hash.digest('hex'), bytes };
}

function describeStreamError(file: string, error: NodeJS.ErrnoException, entry: string | null): PodiumError {
  const where = entry ? ` (while reading entry "${entry}")` : '';
  const zlib = typeof error.code === 'string' && error.code.startsWith('Z_');
  const truncated = /unexpected end/i.test(error.message);
  const reason = truncated
    ? 'the archive ends too early: it is truncated'
    : zlib
      ? `it is not a valid gzip file (${error.message})`
      : `it is not a readable tar archive (${error.message})`;
  return new PodiumError('ARCHIVE_INVALID', `${file}: ${reason}${where}`, {
    file,
    ...(entry ? { entry } : {}),
    reason: error.message,
  });
}

/**
 * Watches the uncompressed stream in 512-byte tar blocks ahead of the parser: caps the total
 * bytes (a gzip bomb of zero blocks never reaches an entry), and refuses oversized pax/GNU
 * metadata headers, which the parser would otherwise buffer in memory whole.
 */
class TarHeaderGuard extends Transform {
  private seen = 0;
  private skip = 0;
  private header = Buffer.alloc(0);
  /** A pax header's records, collected to learn a `size` that overrides the next header's. */
  private pax: { wanted: number; parts: Buffer[]; got: number } | null = null;
  private paxRecords: Record<string, string> | null = null;
  private readonly maxStreamBytes: number;

  constructor(
    private readonly file: string,
    private readonly limits: ArchiveLimits,
  ) {
    super();
    // Headers and padding add at most 1 KiB per entry beyond the files' own bytes.
    this.maxStreamBytes = limits.maxTotalBytes + limits.maxEntries * 1024 + 1024 * 1024;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.maxStreamBytes) {
      callback(this.refuse(null, `the archive unpacks to more than ${this.maxStreamBytes} bytes`));
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - offset);
        if (this.pax) this.collectPax(chunk.subarray(offset, offset + n));
        this.skip -= n;
        offset += n;
        continue;
      }
      const take = Math.min(512 - this.header.length, chunk.length - offset);
      this.header = Buffer.concat([this.header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.header.length === 512) {
        const problem = this.inspect(this.header);
        this.header = Buffer.alloc(0);
        if (problem) {
          callback(problem);
          return;
        }
      }
    }
    callback(null, chunk);
  }

  private inspect(block: Buffer): PodiumError | null {
    if (block.every((byte) => byte === 0)) return null;
    const field = (start: number, end: number) =>
      block.subarray(start, end).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(257, 262) === 'ustar' ? field(345, 500) : '';
    const flag = String.fromCharCode(block[156]);
    const meta = 'xgLK'.includes(flag);
    // The parser takes the path and size from a preceding pax header; so must we.
    const pax = meta ? null : this.paxRecords;
    if (!meta) this.paxRecords = null;
    const rawName = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const name = pax?.path ?? rawName;
    const size = pax?.size ? Number.parseInt(pax.size, 10) : tarSize(block.subarray(124, 136));
    if (size === null || !Number.isSafeInteger(size) || size < 0)
      return this.refuse(name, 'the header has an unreadable size');
    if (meta && size > MAX_META_HEADER_BYTES)
      return this.refuse(name, `a metadata header declares ${size} bytes`);
    if (!meta && size > this.limits.maxEntryBytes)
      return this.refuse(name, `declares ${size} bytes; the limit per file is ${this.limits.maxEntryBytes}`);
    if (flag === 'x' && size > 0) this.pax = { wanted: size, parts: [], got: 0 };
    // The parser reads no data after a directory header, whatever size it declares.
    const directory = flag === '5' || ((flag === '0' || flag === '\0') && rawName.endsWith('/'));
    this.skip = directory ? 0 : Math.ceil(size / 512) * 512;
    return null;
  }

  private collectPax(data: Buffer): void {
    const pax = this.pax!;
    const part = data.subarray(0, pax.wanted - pax.got);
    pax.parts.push(part);
    pax.got += part.length;
    if (pax.got < pax.wanted) return;
    this.pax = null;
    this.paxRecords = paxRecords(Buffer.concat(pax.parts));
  }

  private refuse(entry: string | null, reason: string): PodiumError {
    const label = entry ? `entry "${entry}" refused: ` : '';
    return new PodiumError('ARCHIVE_INVALID', `${this.file}: ${label}${reason}`, {
      file: this.file,
      ...(entry ? { entry } : {}),
      reason,
    });
  }
}

/** pax extended header records: `<length> <key>=<value>\n`, the length counting the whole record. */
function paxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number.parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (space < 0 || !Number.isInteger(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

/** The 12-byte size field: octal text, or big-endian binary when its first bit is set. */
function tarSize(field: Buffer): number | null {
  if (field[0] & 0x80) {
    let value = 0;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const text = field
    .toString('ascii')
    .replace(/[\0 ]+$/g, '')
    .trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return null;
  return Number.parseInt(text, 8);
}
