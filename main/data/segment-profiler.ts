import type { CsvDelimiter, DecimalMark } from '../contract/csv-dialect.js';
import { ColumnAccumulator, type ColumnPartial } from './column-accumulator.js';
import type { CsvSegment } from './csv-segmenter.js';
import { parseSegment, type SegmentShape } from './segment-parser.js';

export type ProfilerSetup = {
  /** The header: one accumulator per column, named in errors. */
  columnNames: string[];
  /** Column indexes to read as text from the start (after a pass found them mixed). */
  readAsText: number[];
  delimiter: CsvDelimiter;
  decimal: DecimalMark;
  /** A folder for numbers beyond what a column keeps in memory (see NumberSpill). */
  spillDir?: string;
};

export type SegmentProfileResult = {
  rows: number;
  columns: ColumnPartial[];
};

/** Profiles the segments it is given, in order; the same code runs inline and in workers. */
export class SegmentProfiler {
  private readonly accumulators: ColumnAccumulator[];
  private readonly shape: SegmentShape;
  private rows = 0;

  constructor(setup: ProfilerSetup) {
    const text = new Set(setup.readAsText);
    const { delimiter, decimal } = setup;
    // Where a comma may be a decimal mark, a number written with the other mark is an error.
    const strictMark = delimiter !== ',' || decimal !== '.';
    this.accumulators = setup.columnNames.map(
      (column, i) => new ColumnAccumulator(text.has(i), { column, decimal, strictMark }, setup.spillDir),
    );
    this.shape = { columnCount: setup.columnNames.length, delimiter };
  }

  async profile(segment: CsvSegment): Promise<void> {
    const accumulators = this.accumulators;
    const width = accumulators.length;
    this.rows += await parseSegment(segment, this.shape, (record) => {
      for (let c = 0; c < width; c++) accumulators[c].add(record[c]);
    });
  }

  finish(): SegmentProfileResult {
    return { rows: this.rows, columns: this.accumulators.map((accumulator) => accumulator.finish()) };
  }
}
