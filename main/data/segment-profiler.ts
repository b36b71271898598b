import { ColumnAccumulator, type ColumnPartial } from './column-accumulator.js';
import type { CsvSegment } from './csv-segmenter.js';
import { parseSegment } from './segment-parser.js';

export type ProfilerSetup = {
  columnCount: number;
  /** Column indexes to read as text from the start (after a pass found them mixed). */
  readAsText: number[];
};

export type SegmentProfileResult = {
  rows: number;
  columns: ColumnPartial[];
};

/** Profiles the segments it is given, in order; the same code runs inline and in workers. */
export class SegmentProfiler {
  private readonly accumulators: ColumnAccumulator[];
  private rows = 0;

  constructor(private readonly setup: ProfilerSetup) {
    const text = new Set(setup.readAsText);
    this.accumulators = Array.from(
      { length: setup.columnCount },
      (_, i) => new ColumnAccumulator(text.has(i)),
    );
  }

  async profile(segment: CsvSegment): Promise<void> {
    const accumulators = this.accumulators;
    const width = accumulators.length;
    this.rows += await parseSegment(segment, this.setup.columnCount, (record) => {
      for (let c = 0; c < width; c++) accumulators[c].add(record[c]);
    });
  }

  finish(): SegmentProfileResult {
    return { rows: this.rows, columns: this.accumulators.map((accumulator) => accumulator.finish()) };
  }
}
