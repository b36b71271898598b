import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { PodiumError } from '../contract/errors.js';
// The data room's CSV reader (segmenter, segment parser, column builders): reusing it gives
// batch prediction the same cell parsing and the same true physical line numbers as ingest.
import { CsvProblemError, CsvSegmenter, createColumnBuilder, parseSegment } from '../data/index.js';
import type { Table } from '../data/types.js';
import type { Predictor } from '../training/index.js';

export const PREDICTION_COLUMN = 'prediction';
export const MODEL_VERSION_COLUMN = 'model_version';
export const PROBABILITY_PREFIX = 'probability_';

export type WriteInput = {
  input: string;
  temp: string;
  label: string;
  chunkRows: number;
  totalBytes: number;
  onProgress?: (progress: { step: 'predict'; current: number; total: number }) => void;
  /** Checked between chunks: a cancelled batch stops with CANCELLED. */
  signal?: AbortSignal;
};

/**
 * Streams the input CSV through the predictor in chunks into `temp`: the input's columns plus
 * the prediction, per-class probabilities and the model version; hashed as it is written.
 */
export async function writePredictions(
  predictor: Predictor,
  options: WriteInput,
): Promise<{ rows: number; sha256: string }> {
  const columns = predictor.preprocessing.columns;
  const classes = predictor.task === 'number' ? [] : (predictor.signature.output.classes ?? []);
  const stringifier = stringify();
  const hash = createHash('sha256');
  // The output is hashed as it is written, so it is never read back.
  stringifier.on('data', (chunk: Buffer) => hash.update(chunk));
  const written = pipeline(stringifier, createWriteStream(options.temp));
  const segmenter = new CsvSegmenter(options.input);
  const source = createReadStream(options.input, { highWaterMark: 1 << 20 });
  let header: string[] | null = null;
  let inputIndex: number[] = [];
  let pending: string[][] = [];
  let rows = 0;
  let bytesRead = 0;

  const drained = () => new Promise((done) => stringifier.once('drain', done));
  const write = async (record: string[]): Promise<void> => {
    if (!stringifier.write(record)) await drained();
  };
  const startOutput = async (found: string[]): Promise<void> => {
    const missing = columns.filter((column) => !found.includes(column.name)).map((column) => column.name);
    if (missing.length > 0) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: missing column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that ${options.label} needs`,
        { file: options.input, line: segmenter.headerLine, missing },
      );
    }
    const added = [
      PREDICTION_COLUMN,
      ...classes.map((c) => `${PROBABILITY_PREFIX}${c}`),
      MODEL_VERSION_COLUMN,
    ];
    const clash = added.find((name) => found.includes(name));
    if (clash) {
      throw new PodiumError(
        'DATA_INVALID',
        `${options.input}, line ${segmenter.headerLine}: the input already has a "${clash}" column, which the output adds`,
        { file: options.input, line: segmenter.headerLine, column: clash },
      );
    }
    inputIndex = columns.map((column) => found.indexOf(column.name));
    await write([...found, ...added]);
  };
  const predictChunk = async (chunk: string[][]): Promise<void> => {
    if (options.signal?.aborted) {
      throw new PodiumError('CANCELLED', `Batch prediction of ${options.input} was cancelled`);
    }
    // Cells are read as text with the training profile, exactly as loadTable reads a snapshot.
    const builders = columns.map((column) => createColumnBuilder(column, chunk.length));
    for (const record of chunk) {
      for (let c = 0; c < builders.length; c++) builders[c].addText(record[inputIndex[c]]);
    }
    const table: Table = { rowCount: chunk.length, columns: builders.map((b) => b.build(chunk.length)) };
    const predictions = await predictor.predictTable(table);
    for (let i = 0; i < chunk.length; i++) {
      const prediction = predictions[i];
      const out = chunk[i];
      // Strings already: csv-stringify's number casting is a measurable share of a million rows.
      out.push(String(prediction.value));
      for (const name of classes) out.push(String(prediction.probabilities?.[name] ?? ''));
      out.push(options.label);
      // Awaiting only on backpressure: a promise per row costs more than the write itself.
      if (!stringifier.write(out)) await drained();
    }
    rows += chunk.length;
    options.onProgress?.({ step: 'predict', current: bytesRead, total: options.totalBytes });
  };
  const feed = async (segments: ReturnType<CsvSegmenter['push']>, last: boolean): Promise<void> => {
    if (header === null && segmenter.header !== null) {
      header = segmenter.header;
      await startOutput(header);
    }
    for (const segment of segments) {
      await parseSegment(segment, header?.length ?? 0, (record) => {
        pending.push(record);
      });
      while (pending.length >= options.chunkRows) {
        const chunk = pending.slice(0, options.chunkRows);
        pending = pending.slice(options.chunkRows);
        await predictChunk(chunk);
      }
    }
    if (last && pending.length > 0) {
      const chunk = pending;
      pending = [];
      await predictChunk(chunk);
    }
  };

  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      await feed(segmenter.push(chunk), false);
    }
    await feed(segmenter.end(), true);
    stringifier.end();
    await written;
  } catch (error) {
    source.destroy();
    stringifier.destroy();
    await written.catch(() => {});
    throw asPodiumError(error, options.input);
  }
  return { rows, sha256: hash.digest('hex') };
}

function asPodiumError(error: unknown, file: string): unknown {
  if (error instanceof CsvProblemError) {
    const { line, reason, details } = error.problem;
    return new PodiumError('CSV_INVALID', `${file}, line ${line}: ${reason}`, { file, line, ...details });
  }
  return error;
}
