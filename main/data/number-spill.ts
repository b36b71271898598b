import { closeSync, fstatSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempPathFor } from '../common/files.js';
import { asStorageFull } from '../common/storage-full.js';

/**
 * A column's numbers written to a file as raw doubles while a large file is profiled, so a
 * pass keeps a few megabytes per column in memory instead of every value (ten million rows of
 * a dozen number columns would otherwise hold a gigabyte, and twice that while growing and
 * merging). Synchronous: it runs in a profiling worker, between segments.
 */
export class NumberSpill {
  readonly path: string;
  private fd: number | null;
  count = 0;

  constructor(
    dir: string,
    /** The column, for the error when the disk is full. */
    private readonly column: string,
  ) {
    this.path = tempPathFor(join(dir, 'numbers'));
    this.fd = openSync(this.path, 'wx');
  }

  append(values: Float64Array, length: number): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, length * 8);
    let offset = 0;
    try {
      while (offset < bytes.length) offset += writeSync(this.fd as number, bytes, offset);
    } catch (error) {
      // Thrown in a worker: only a PodiumError keeps its meaning across the thread boundary.
      throw asStorageFull(error, this.path, `numbers of column "${this.column}" set aside while profiling`);
    }
    this.count += length;
  }

  /** Closes the file; the numbers stay for `readSpilledNumbers`. */
  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and deletes the file: the column turned out not to be numeric. */
  discard(): void {
    this.close();
    unlinkSync(this.path);
  }
}

/** A spilled partial: where its numbers are and how many. */
export type SpilledNumbers = { path: string; count: number };

/** Reads a spill's numbers into `into` from `at`; returns where the next values go. */
export function readSpilledNumbers(spilled: SpilledNumbers, into: Float64Array, at: number): number {
  const fd = openSync(spilled.path, 'r');
  try {
    const expected = spilled.count * 8;
    if (fstatSync(fd).size !== expected) {
      throw new Error(`${spilled.path} holds ${fstatSync(fd).size} bytes, expected ${expected}`);
    }
    const bytes = new Uint8Array(into.buffer, into.byteOffset + at * 8, expected);
    let offset = 0;
    while (offset < expected) {
      const read = readSync(fd, bytes, offset, expected - offset, null);
      if (read === 0) throw new Error(`${spilled.path} ended early`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return at + spilled.count;
}
