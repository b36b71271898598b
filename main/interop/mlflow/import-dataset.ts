import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathExists, writeFileAtomic } from '../../common/files.js';
import { sha256 } from '../../common/index.js';
import { DEFAULT_CSV_DIALECT } from '../../contract/csv-dialect.js';
import { PodiumError } from '../../contract/errors.js';
import { type DatasetStore, ingestCsv } from '../../data/index.js';
import type { DatasetSnapshot } from '../../data/types.js';
import type { Workspace } from '../../workspace/index.js';
import { dateFieldsFromData, withDateFields, withPartsFromData } from './date-fields.js';
import type { MlflowModel } from './mlmodel.js';
import type { OnnxPlan } from './onnx-plan.js';

/**
 * The dataset the version is recorded against: the --data file, or else the input example (or
 * just the signature's header), so the version names the fields it was imported with. With
 * --data, the plan comes back with the file's date columns in place of their parts.
 */
export async function datasetFor(
  workspace: Workspace,
  datasets: DatasetStore,
  model: MlflowModel,
  plan: OnnxPlan,
  options: { data?: string; target?: string },
  staging: string,
  created: string[],
): Promise<{ snapshot: DatasetSnapshot; plan: OnnxPlan }> {
  let snapshot: DatasetSnapshot;
  if (options.data !== undefined) {
    snapshot = await ingestCsv(options.data, {
      datasetsDir: workspace.paths.datasets,
      target: options.target,
    });
    // A date column where the signature takes its parts: the version takes the date; part
    // columns where the metadata named a date: the parts.
    plan = withDateFields(
      withPartsFromData(plan, snapshot.profile),
      dateFieldsFromData(plan, snapshot.profile),
    );
    const names = new Set(snapshot.profile.columns.map((column) => column.name));
    const missing = plan.fields.filter((field) => !names.has(field.name)).map((field) => field.name);
    if (missing.length > 0) {
      if (!datasets.get(snapshot.id))
        created.push(
          snapshot.path,
          snapshot.path.replace(/\.csv$/, '.profile.json'),
          snapshot.path.replace(/\.csv$/, '.columns'),
        );
      throw new PodiumError(
        'DATA_INVALID',
        `${options.data}: no column ${missing.map((name) => `"${name}"`).join(', ')}, which the model's signature takes; nothing was imported`,
        { file: options.data, columns: missing },
      );
    }
  } else if (model.inputExample !== null && model.inputExample.length > 0) {
    await mkdir(staging, { recursive: true });
    const file = join(staging, `${basename(model.dir)}-input-example.csv`);
    const header = plan.fields.map((field) => csvCell(field.name));
    const rows = model.inputExample.map((record) =>
      plan.fields.map((field) => csvCell(record[field.name] ?? '')).join(','),
    );
    await writeFile(file, `${[header.join(','), ...rows].join('\n')}\n`);
    snapshot = await ingestCsv(file, { datasetsDir: workspace.paths.datasets });
  } else {
    snapshot = await headerOnlySnapshot(workspace.paths.datasets, model, plan);
  }
  if (!datasets.get(snapshot.id))
    created.push(
      snapshot.path,
      snapshot.path.replace(/\.csv$/, '.profile.json'),
      snapshot.path.replace(/\.csv$/, '.columns'),
    );
  return { snapshot, plan };
}

/**
 * Neither data nor an example: the version is recorded against a snapshot of the signature's
 * header alone (no rows), which ingest refuses as a data file but which names the fields.
 */
async function headerOnlySnapshot(
  datasetsDir: string,
  model: MlflowModel,
  plan: OnnxPlan,
): Promise<DatasetSnapshot> {
  const text = `${plan.fields.map((field) => csvCell(field.name)).join(',')}\n`;
  const id = sha256(text);
  const path = join(datasetsDir, `${id}.csv`);
  await mkdir(datasetsDir, { recursive: true });
  if (!(await pathExists(path))) await writeFileAtomic(path, text);
  return {
    id,
    path,
    sourceName: `${basename(model.dir)} (MLflow signature, no rows)`,
    bytes: Buffer.byteLength(text),
    profile: {
      rows: 0,
      columns: plan.fields.map((field) => ({
        name: field.name,
        count: 0,
        missing: 0,
        distinct: 0,
        ...(field.kind === 'number'
          ? { type: 'numeric' as const }
          : field.kind === 'date'
            ? { type: 'date' as const, date: { min: '', max: '', format: 'ISO-8601' as const } }
            : { type: 'category' as const }),
      })),
    },
    dialect: { ...DEFAULT_CSV_DIALECT },
  };
}

function csvCell(value: unknown): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
