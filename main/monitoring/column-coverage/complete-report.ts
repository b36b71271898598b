import { type CsvReading, loadTable } from '../../data/index.js';
import type { DatasetProfile, Table } from '../../data/types.js';
import type { ModelSignature } from '../../training/types.js';
import { asTrainingKind, dataQualityChecks, type QualityColumn, tableCells } from '../data-quality/index.js';
import type { DriftOptions, DriftReport } from '../drift/index.js';
import { type CellsOf, everyColumnDrift } from './every-column-drift.js';
import { trainingColumns } from './training-columns.js';

/** The model version's training dataset snapshot, as the dataset store keeps it. */
export type TrainingSnapshot = { path: string; profile: DatasetProfile; reading: CsvReading };

export type CurrentColumns = {
  rows: number;
  cells: CellsOf;
  names: readonly string[];
  onlyModelInputs: boolean;
};

/**
 * The model inputs' drift report completed with every other column of the training data and the
 * data-quality checks of every column. The training snapshot is read whole here (in the drift
 * check's worker): the left-out columns and the chunked thresholds need its rows, which the
 * package's reference distribution does not keep.
 */
export async function completeDriftReport(
  report: DriftReport,
  input: {
    training: TrainingSnapshot;
    current: CurrentColumns;
    signature: ModelSignature;
    options: Partial<DriftOptions>;
  },
): Promise<DriftReport> {
  const { training, signature } = input;
  const current = asTrainingKindOnce(input.current);
  const table: Table = await loadTable(training.path, training.profile, training.reading);
  const trainingCells: CellsOf = (name) => tableCells(table, name);
  const completed = everyColumnDrift({
    report,
    options: input.options,
    signature,
    training: { profile: training.profile, cells: trainingCells },
    current,
  });
  const columns: QualityColumn[] = [];
  for (const column of trainingColumns(training.profile, signature)) {
    if (current.onlyModelInputs && !column.usedByModel) continue;
    const reference = trainingCells(column.name);
    if (reference === null) continue;
    const raw = current.cells(column.name);
    columns.push({
      reference,
      current: raw === null ? null : asTrainingKind(raw, column.kind),
      usedByModel: column.usedByModel,
    });
  }
  const quality = dataQualityChecks(columns, table.rowCount, current.rows);
  return { ...completed, dataQuality: quality.checks, dataQualityReference: quality.reference };
}

/**
 * The current columns, each made once: the every-column drift and the data-quality checks then
 * hand `asTrainingKind` the same cells, whose conversion it keeps.
 */
function asTrainingKindOnce(current: CurrentColumns): CurrentColumns {
  const cells = new Map<string, ReturnType<CellsOf>>();
  return {
    ...current,
    cells: (name) => {
      if (!cells.has(name)) cells.set(name, current.cells(name));
      return cells.get(name) ?? null;
    },
  };
}
