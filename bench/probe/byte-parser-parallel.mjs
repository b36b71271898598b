// The byte-level reader split across worker threads: the file is read once into a
// SharedArrayBuffer, cut into line-aligned byte ranges, each range parsed by one worker into its
// own typed columns and dictionaries, then the columns are concatenated and the workers'
// dictionary codes remapped to one dictionary per column.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { sniff } from './byte-parser.mjs';

const LF = 10;

export async function readCsvColumnsParallel(file, { workers = 2, ...options } = {}) {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const shared = new SharedArrayBuffer(size);
  const bytes = new Uint8Array(shared);
  let done = 0;
  while (done < size) done += readSync(fd, bytes, done, size - done, done);
  closeSync(fd);
  const buf = Buffer.from(shared);
  const { header, kinds, dataStart } = sniff(buf, options);
  const cuts = [dataStart];
  for (let w = 1; w < workers; w++) {
    const guess = dataStart + Math.floor(((size - dataStart) * w) / workers);
    const nl = buf.indexOf(LF, guess);
    cuts.push(nl < 0 ? size : nl + 1);
  }
  cuts.push(size);
  const parts = await Promise.all(
    cuts.slice(0, -1).map(
      (start, w) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL('./byte-parser-worker.mjs', import.meta.url), {
            workerData: { shared, start, end: cuts[w + 1], kinds },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const columns = kinds.map((kind, c) => {
    const values = kind === 'numeric' ? new Float64Array(rows) : new Int32Array(rows);
    const dictionary = kind === 'category' ? [] : undefined;
    const codes = new Map();
    let offset = 0;
    for (const part of parts) {
      const column = part.columns[c];
      if (kind !== 'category') values.set(column.values, offset);
      else {
        const remap = Int32Array.from(column.dictionary, (value) => {
          let code = codes.get(value);
          if (code === undefined) {
            code = dictionary.length;
            codes.set(value, code);
            dictionary.push(value);
          }
          return code;
        });
        const local = column.values;
        for (let i = 0; i < local.length; i++) values[offset + i] = local[i] < 0 ? -1 : remap[local[i]];
      }
      offset += part.rows;
    }
    return { kind, values, dictionary };
  });
  const bad = parts.reduce((sum, part) => sum + part.bad, 0);
  return { header, kinds, rows, bad, columns, buffer: options.keepBuffer ? buf : undefined };
}
