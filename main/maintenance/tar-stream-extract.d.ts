/*
 * The reading half of tar-stream, which the image builders' declaration (serving/docker) leaves
 * out. Ambient declarations of one module merge, so this adds `extract` beside `pack`.
 */
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';

  export type EntryType =
    | 'file'
    | 'link'
    | 'symlink'
    | 'character-device'
    | 'block-device'
    | 'directory'
    | 'fifo'
    | 'contiguous-file'
    | null;

  export type ExtractedHeaders = {
    name: string;
    size: number;
    mode: number;
    mtime: Date;
    type: EntryType;
    linkname: string | null;
  };

  export type Extract = Writable & {
    on(
      event: 'entry',
      listener: (headers: ExtractedHeaders, stream: Readable, next: () => void) => void,
    ): Extract;
    on(event: string, listener: (...args: unknown[]) => void): Extract;
    destroy(error?: Error): Extract;
  };

  export function extract(): Extract;
}
