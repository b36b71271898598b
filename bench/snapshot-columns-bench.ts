import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCsvInThread, loadTable, writeSampleData } from '../main/data/index.js';
import { parseSnapshotCsv } from '../main/data/load-table.js';
import { columnsPathFor, storedColumnsOf, writeColumnsFile } from '../main/data/snapshot-columns/index.js';
import { median } from './stats.js';

const ROWS = Number(process.env.PODIUM_BENCH_ROWS ?? 1_000_000);
const RUNS = 3;

/** CPU seconds (user + system, all threads of this process) of `work`, and its wall seconds. */
async function cpuOf<T>(work: () => Promise<T>): Promise<{ cpu: number; wall: number; result: T }> {
  const before = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(before);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - started) / 1e3, result };
}

/**
 * Loading a stored snapshot as a Table: parsing its CSV text (what every training, evaluation
 * and drift check did) against viewing its columns file, on the generated 1,000,000-row file.
 * CPU time is the figure to read: the bench machines are shared.
 */
export async function benchSnapshotColumns(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-columns-'));
  try {
    const file = await writeSampleData({ samples: ROWS, drift: false, seed: 42, outputDir: dir });
    const snapshot = await ingestCsvInThread(file, { datasetsDir: join(dir, 'datasets'), workers: 0 });
    const { profile, dialect } = snapshot;
    const parse: number[] = [];
    const parseWall: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await cpuOf(() => parseSnapshotCsv(snapshot.path, profile, dialect));
      parse.push(run.cpu);
      parseWall.push(run.wall);
    }
    const table = await parseSnapshotCsv(snapshot.path, profile, dialect);
    const write = await cpuOf(() =>
      writeColumnsFile(snapshot.path, storedColumnsOf(table), profile, dialect),
    );
    const columnsBytes = (await stat(columnsPathFor(snapshot.path) as string)).size;
    const view: number[] = [];
    const viewWall: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await cpuOf(() =>
        loadTable(snapshot.path, profile, dialect, {
          onNotice: (message) => {
            throw new Error(message);
          },
        }),
      );
      if (run.result.rowCount !== ROWS) throw new Error(`expected ${ROWS} rows, got ${run.result.rowCount}`);
      view.push(run.cpu);
      viewWall.push(run.wall);
    }
    const csvMb = snapshot.bytes / 1e6;
    return [
      `## Loading a ${ROWS.toLocaleString('en-US')}-row snapshot: CSV parse vs columns file`,
      '',
      `\`loadTable\` of the \`generate-data --samples ${ROWS}\` snapshot (15 columns, CSV ${csvMb.toFixed(1)} MB, columns file ${(columnsBytes / 1e6).toFixed(1)} MB), ${RUNS} runs each, median CPU (user + system) and wall.`,
      '',
      '| load | CPU | wall | runs (CPU) |',
      '| --- | --- | --- | --- |',
      `| parse the CSV | ${median(parse).toFixed(2)} s | ${median(parseWall).toFixed(2)} s | ${parse.map((s) => s.toFixed(2)).join(', ')} |`,
      `| read the columns file | ${median(view).toFixed(3)} s | ${median(viewWall).toFixed(3)} s | ${view.map((s) => s.toFixed(3)).join(', ')} |`,
      `| write the columns file (once) | ${write.cpu.toFixed(2)} s | ${write.wall.toFixed(2)} s | 1 run |`,
      '',
      `Speed-up of a load: ${(median(parse) / median(view)).toFixed(0)}× in CPU.`,
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
