import { isMissingToken } from '../cell-values.js';

/** FNV-1a over bytes: the parser hashes a category cell while it looks for the cell's end. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 16777619;

const INITIAL_SLOTS = 64;
const INITIAL_POOL = 4096;

/**
 * A category column's dictionary, looked up by a cell's bytes: a repeated value (the common case,
 * a few dozen labels over a million rows) costs a hash probe and a byte compare, never a string.
 * Each distinct byte run is decoded once; runs whose trimmed texts agree share one code, and a
 * missing-value token (`NA`, `null`, …, the same list ingest uses) gets code −1.
 */
export class ByteDictionary {
  /** Distinct non-missing texts; a code is an index into it. */
  readonly texts: string[] = [];
  private readonly codeOfText = new Map<string, number>();
  private slots = new Int32Array(INITIAL_SLOTS).fill(-1);
  private hashes: number[] = [];
  private starts: number[] = [];
  private lengths: number[] = [];
  private codes: number[] = [];
  /** The bytes of every distinct run, copied: the segment they came from is gone by the next one. */
  private pool = new Uint8Array(INITIAL_POOL);
  private poolSize = 0;

  /** The code of the cell `buf[start, end)`, whose FNV-1a hash is `hash`. */
  code(buf: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry < 0) return this.add(slot, buf, start, end, hash);
      if (this.hashes[entry] === hash && this.same(entry, buf, start, end)) return this.codes[entry];
      slot = (slot + 1) & mask;
    }
  }

  /** The code of a cell read the slow way (quoted, padded): its text, already trimmed. */
  codeOf(text: string): number {
    if (isMissingToken(text)) return -1;
    let code = this.codeOfText.get(text);
    if (code === undefined) {
      code = this.texts.length;
      this.texts.push(text);
      this.codeOfText.set(text, code);
    }
    return code;
  }

  private same(entry: number, buf: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (this.lengths[entry] !== length) return false;
    const pool = this.pool;
    const from = this.starts[entry];
    for (let i = 0; i < length; i++) if (pool[from + i] !== buf[start + i]) return false;
    return true;
  }

  private add(slot: number, buf: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    if (this.poolSize + length > this.pool.length) {
      const grown = new Uint8Array(Math.max(this.pool.length * 2, this.poolSize + length));
      grown.set(this.pool.subarray(0, this.poolSize));
      this.pool = grown;
    }
    this.pool.set(buf.subarray(start, end), this.poolSize);
    const entry = this.codes.length;
    this.slots[slot] = entry;
    this.hashes.push(hash);
    this.starts.push(this.poolSize);
    this.lengths.push(length);
    this.poolSize += length;
    const code = this.codeOf(
      Buffer.from(buf.buffer, buf.byteOffset + start, length)
        .toString('utf8')
        .trim(),
    );
    this.codes.push(code);
    if (this.codes.length * 2 > this.slots.length) this.grow();
    return code;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.codes.length; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}
