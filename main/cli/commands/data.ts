import { extname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { warmOperationWorker } from '../../app/warm-operation-worker.js';
import type { ColumnProfile, Dataset, PodiumClient } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { formatTable, print, printDocument, printJson } from '../output.js';
import { createProgressReporter } from '../progress.js';

/** `podium data add|list|show|rm`: dataset snapshots through the same operations as the Data view. */
export function registerData(program: Command): void {
  const data = program
    .command('data')
    .description(
      'Dataset snapshots: add a CSV or Parquet file, list them, show a profile, export or remove one',
    );

  addDialectOptions(
    data
      .command('add')
      .description('Ingest a CSV or Parquet file into a dataset snapshot and print its profile')
      .argument('<file>', 'the CSV or .parquet file to ingest'),
  )
    .option('--json', 'print the dataset and its profile as JSON')
    .action(async (file: string, options: DialectFlags, command: Command) => {
      // The ingest's thread loads its modules while this one loads the workspace and the API.
      warmOperationWorker('data.ingestFile', file);
      await runWithClient(command, async ({ client, json }) => {
        const path = resolve(file);
        const dialect = dialectOf(options);
        await announceDialect(client, path, { dialect, json });
        await printDataset(await ingestWithProgress(client, path, dialect, json), json, 'Added');
      });
    });

  data
    .command('list')
    .description('Dataset snapshots, newest first')
    .option('--json', 'print the datasets as JSON')
    .action(async (_options: object, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const datasets = await client.send('data.list', {});
        const { DatasetSummarySchema } = await import('../../contract/schemas/index.js');
        if (json) {
          printDocument(DatasetSummarySchema.array(), datasets);
          return;
        }
        if (datasets.length === 0) {
          print('No datasets yet. Add one: podium data add FILE');
          return;
        }
        print(
          formatTable(
            ['id', 'source', 'rows', 'columns', 'size', 'added'],
            datasets.map((dataset) => [
              dataset.id.slice(0, 12),
              dataset.sourceName,
              dataset.rows,
              dataset.columns,
              formatBytes(dataset.bytes),
              formatTime(dataset.createdAt),
            ]),
          ),
        );
      });
    });

  data
    .command('show')
    .description("A dataset's profile: per column its type, missing share, range or top values")
    .argument('<id>', 'the dataset id or a unique prefix of it')
    .option('--json', 'print the dataset and its profile as JSON')
    .action(async (id: string, _options: object, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        await printDataset(await client.send('data.profile', { datasetId: id }), json, 'Dataset');
      });
    });

  data
    .command('export')
    .description('Write a snapshot to a file: CSV (its own bytes) or Parquet (typed by its profile)')
    .argument('<id>', 'the dataset id or a unique prefix of it')
    .argument('<file>', 'the file to write')
    .addOption(
      new Option('--format <format>', 'csv or parquet (default: from the file name, else csv)').choices([
        'csv',
        'parquet',
      ]),
    )
    .option('--json', 'print what was written as JSON')
    .action(async (id: string, file: string, options: { format?: 'csv' | 'parquet' }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const format = options.format ?? (extname(file).toLowerCase() === '.parquet' ? 'parquet' : 'csv');
        const exported = await client.send('data.export', { datasetId: id, format, file: resolve(file) });
        if (json) {
          const { datasetId, ...rest } = exported;
          printJson({ dataset_id: datasetId, ...rest });
        } else
          print(
            `Wrote dataset ${exported.datasetId.slice(0, 12)} (${exported.rows} rows) as ${exported.format === 'parquet' ? 'Parquet' : 'CSV'} to ${exported.file}, ${formatBytes(exported.bytes)}`,
          );
      });
    });

  data
    .command('rm')
    .description('Remove a dataset snapshot no version, run, lineage, decision or drift report uses')
    .argument('<id>', 'the dataset id or a unique prefix of it')
    .option('--json', 'print the removed dataset as JSON')
    .action(async (id: string, _options: object, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const removed = await client.send('data.remove', { datasetId: id });
        const { DatasetSummarySchema } = await import('../../contract/schemas/index.js');
        if (json) printDocument(DatasetSummarySchema, removed);
        else
          print(`Removed dataset ${removed.id.slice(0, 12)} (${removed.sourceName}, ${removed.rows} rows).`);
      });
    });
}

/** The ingest, with a bar on stderr while a large file is read. */
async function ingestWithProgress(
  client: PodiumClient,
  file: string,
  dialect: ReturnType<typeof dialectOf>,
  json: boolean,
): Promise<Dataset> {
  const progress = createProgressReporter({ json });
  const unsubscribe = client.listen('operation.progress', (event) => {
    if (event.operation === 'data.ingestFile' && event.message === file) progress.onProgress(event);
  });
  try {
    return await client.send('data.ingestFile', { file, dialect });
  } finally {
    unsubscribe();
    progress.stop();
  }
}

/** The dataset as its documented `--json`, or its profile in words. */
async function printDataset(dataset: Dataset, json: boolean, verb: 'Added' | 'Dataset'): Promise<void> {
  const { DatasetSchema } = await import('../../contract/schemas/index.js');
  if (json) printDocument(DatasetSchema, dataset);
  else printProfile(dataset, verb);
}

/** The profile in words: what the Data view shows, one line per column. */
export function printProfile(dataset: Dataset, verb: 'Added' | 'Dataset'): void {
  const { profile } = dataset;
  print(
    `${verb} ${dataset.id.slice(0, 12)} (${dataset.sourceName}): ${profile.rows} rows, ${profile.columns.length} columns, ${formatBytes(dataset.bytes)}, added ${formatTime(dataset.createdAt)}`,
  );
  print(`id ${dataset.id}`);
  print();
  print(
    formatTable(
      ['column', 'type', 'missing', 'distinct', 'values'],
      profile.columns.map((column) => [
        column.name,
        column.type,
        percent(missingShare(column)),
        column.distinct,
        describeValues(column, profile.rows),
      ]),
    ),
  );
  for (const column of profile.columns) {
    const near = column.almostNumeric;
    if (near === undefined) continue;
    const shown = near.values.map((value) => JSON.stringify(value)).join(', ');
    print(
      `column "${column.name}": ${near.notNumbers} of ${column.count} values ${near.notNumbers === 1 ? 'is' : 'are'} not a number (${shown}${near.notNumbers > near.values.length ? ', …' : ''}); read as text. Fix ${near.notNumbers === 1 ? 'it' : 'them'} (or leave blank) to read the column as numbers.`,
    );
  }
}

/** Range for numbers and dates, the most frequent values with their shares for categories. */
export function describeValues(column: ColumnProfile, rows: number): string {
  if (column.levels !== undefined) return column.levels.join(' / ');
  if (column.numeric !== undefined) {
    const { min, max, mean } = column.numeric;
    return `${number(min)} … ${number(max)}, mean ${number(mean)}`;
  }
  if (column.date !== undefined) {
    return `${column.date.min.slice(0, 10)} … ${column.date.max.slice(0, 10)} (${column.date.format})`;
  }
  if (column.categorical !== undefined) {
    const top = column.categorical.top
      .slice(0, 3)
      .map((entry) => `${entry.value} ${percent(entry.count / rows)}`);
    return `${top.join(', ')}${column.distinct > 3 ? ', …' : ''}`;
  }
  return '';
}

function missingShare(column: ColumnProfile): number {
  const total = column.count + column.missing;
  return total === 0 ? 0 : column.missing / total;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.001 ? 2 : 1)}%`;
}

function number(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4).replace(/\.?0+$/, '');
}

function formatTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
