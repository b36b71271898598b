/*
 * tar-stream ships no types and @types/tar-stream is not installed; this declares only the
 * packing surface the image builders use. It comes with dockerode (through tar-fs).
 */
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';

  export type Headers = {
    name: string;
    size?: number;
    mode?: number;
    mtime?: Date;
    type?: 'file' | 'directory' | 'symlink';
    linkname?: string;
    uid?: number;
    gid?: number;
  };

  export type Pack = Readable & {
    entry(headers: Headers, content: Buffer | string, callback?: (error?: Error | null) => void): Writable;
    entry(headers: Headers, callback?: (error?: Error | null) => void): Writable;
    finalize(): void;
  };

  export function pack(): Pack;
}
