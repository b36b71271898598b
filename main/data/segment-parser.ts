import { CsvError, Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { CsvDelimiter } from '../contract/csv-dialect.js';
import { type CsvSegment, csvParseOptions, lineBreaks } from './csv-segmenter.js';

/**
 * A problem found while parsing a segment, as plain data so it can cross a worker boundary.
 * The reader adds the file name; `line` is already the physical line in the file.
 */
export type CsvProblem = {
  seq: number;
  line: number;
  reason: string;
  details: Record<string, unknown>;
};

export class CsvProblemError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(`line ${problem.line}: ${problem.reason}`);
    this.name = 'CsvProblemError';
  }
}

/**
 * A cell `onRecord` refuses (a number with the wrong decimal mark): thrown from the callback,
 * it becomes the segment's problem, on the physical line of the record that holds the cell.
 */
export class CellProblem extends Error {
  constructor(
    readonly reason: string,
    readonly details: Record<string, unknown>,
  ) {
    super(reason);
    this.name = 'CellProblem';
  }
}

/** How the records of a segment are cut into fields, and how many there must be. */
export type SegmentShape = { columnCount: number; delimiter: CsvDelimiter };

/**
 * Parses one segment with csv-parse and hands each record (an array of strings) to
 * `onRecord`. Uses the streaming parser in flowing mode: it is markedly faster than
 * csv-parse/sync, which keeps every record of the segment alive until the end.
 */
export function parseSegment(
  segment: CsvSegment,
  shape: SegmentShape,
  onRecord: (record: string[]) => void,
): Promise<number> {
  const { columnCount, delimiter } = shape;
  return new Promise((resolve, reject) => {
    const parser = new Parser(csvParseOptions(delimiter));
    let records = 0;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      parser.destroy();
      reject(error);
    };
    parser.on('data', (record: string[]) => {
      if (failed) return;
      if (record.length !== columnCount) {
        fail(raggedRecord(segment, delimiter, records, columnCount, record.length));
        return;
      }
      try {
        onRecord(record);
      } catch (error) {
        fail(
          error instanceof CellProblem ? cellProblem(segment, delimiter, records, error) : (error as Error),
        );
        return;
      }
      records++;
    });
    parser.on('error', (error: Error) => fail(parserProblem(segment, error)));
    parser.on('end', () => {
      if (!failed) resolve(records);
    });
    parser.end(segment.bytes);
  });
}

function raggedRecord(
  segment: CsvSegment,
  delimiter: CsvDelimiter,
  index: number,
  expected: number,
  found: number,
): CsvProblemError {
  const line = recordStartLine(segment, delimiter, index);
  return new CsvProblemError({
    seq: segment.seq,
    line,
    reason: `the row has ${found} field${found === 1 ? '' : 's'} but the header has ${expected}`,
    details: { expected, found },
  });
}

function cellProblem(
  segment: CsvSegment,
  delimiter: CsvDelimiter,
  index: number,
  problem: CellProblem,
): CsvProblemError {
  const line = recordStartLine(segment, delimiter, index);
  return new CsvProblemError({ seq: segment.seq, line, reason: problem.reason, details: problem.details });
}

/**
 * Only on the error path: parse the segment again with record info to find where record
 * `index` starts. `info.bytes` is the offset just after the previous record's delimiter;
 * blank lines skipped before the record are stepped over. Also how batch prediction names
 * the lines of rows it refuses.
 */
export function recordStartLine(segment: CsvSegment, delimiter: CsvDelimiter, index: number): number {
  const bytes = segment.bytes;
  let offset = 0;
  if (index > 0) {
    const records = parseSync(bytes, { ...csvParseOptions(delimiter), info: true, to: index }) as unknown as {
      info: { bytes: number };
    }[];
    offset = records[index - 1].info.bytes;
  }
  let line = segment.startLine + lineBreaks(bytes, 0, offset);
  while (offset < bytes.length && (bytes[offset] === 10 || bytes[offset] === 13)) {
    if (bytes[offset] === 10 || bytes[offset + 1] !== 10) line++;
    offset++;
  }
  return line;
}

function parserProblem(segment: CsvSegment, error: Error): Error {
  if (!(error instanceof CsvError)) return error;
  const offset = typeof error.bytes === 'number' ? Math.min(error.bytes, segment.bytes.length) : 0;
  const line = segment.startLine + lineBreaks(segment.bytes, 0, offset);
  // csv-parse's own line numbers are relative to the segment; keep only its description.
  const reason = error.message.replace(/ (at|on) line \d+/g, '').replace(/^[^:]*: /, '');
  return new CsvProblemError({
    seq: segment.seq,
    line,
    reason: `${reason} (${error.code})`,
    details: { parserCode: error.code },
  });
}
