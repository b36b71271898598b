import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCsv, writeSampleData } from '../main/data/index.js';
import { defaultWorkerCount } from '../main/data/profile-pass.js';
import { benchDataAdd } from './data-add-bench.js';
import { median, timeRuns } from './stats.js';

const ROWS = 1_000_000;
const GOAL_SECONDS = 5;

/**
 * Ingest (parse, type inference, profile, hash, snapshot copy) of the generated 1,000,000-row,
 * 15-column sample (10 numeric, 3 categorical, 1 date, 1 binary target). Generating the file
 * is not timed. Each run ingests into a fresh datasets folder, so every run writes its snapshot.
 * CPU time (all threads) is reported beside wall time because the bench machines are shared:
 * when other work holds the cores, wall time grows but CPU time does not.
 */
export async function benchIngest(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-ingest-'));
  try {
    const file = await writeSampleData({ samples: ROWS, drift: false, seed: 42, outputDir: dir });
    const bytes = (await stat(file)).size;
    const workers = defaultWorkerCount(bytes);
    let run = 0;
    const measure = async (count: number, options: { workers?: number }) => {
      const cpu: number[] = [];
      const wall = await timeRuns(count, async () => {
        const before = process.cpuUsage();
        const snapshot = await ingestCsv(file, {
          datasetsDir: join(dir, `datasets-${run++}`),
          target: 'target',
          ...options,
        });
        const used = process.cpuUsage(before);
        cpu.push((used.user + used.system) / 1e6);
        if (snapshot.profile.rows !== ROWS)
          throw new Error(`expected ${ROWS} rows, got ${snapshot.profile.rows}`);
      });
      return { wall, cpu };
    };
    const parallel = await measure(3, {});
    const single = await measure(1, { workers: 0 });
    const command = await benchDataAdd();
    const mb = bytes / 1e6;
    const row = (label: string, { wall, cpu }: { wall: number[]; cpu: number[] }) => {
      const middle = median(wall);
      return [
        label,
        `${middle.toFixed(2)} s`,
        wall.map((s) => s.toFixed(2)).join(', '),
        `< ${GOAL_SECONDS} s`,
        Math.round(ROWS / middle).toLocaleString('en-US'),
        (mb / middle).toFixed(1),
        `${median(cpu).toFixed(2)} s`,
      ].join(' | ');
    };
    return [
      '## CSV ingest of 1,000,000 rows',
      '',
      `\`ingestCsv\` on \`generate-data --samples ${ROWS}\` (15 columns: 10 numeric, 3 categorical, 1 date, 1 binary target; ${mb.toFixed(1)} MB): one read in a worker thread through the columnar reader: parse into typed columns, type inference, full profile, SHA-256, snapshot copy and the columns file. Three runs, median first; the \`workers: 0\` row is one run for comparison (the columnar reader is one thread either way; the option only mattered to the old profile workers, which remain the fallback for a column that turns to text after its first rows). CPU is user + system time of all threads.`,
      '',
      '| ingest | median | runs | goal | rows/s | MB/s | CPU |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      `| ${row(`default (${workers > 1 ? `${workers} worker threads` : 'calling thread'})`, parallel)} |`,
      `| ${row('calling thread only (`workers: 0`)', single)} |`,
      '',
      command,
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
