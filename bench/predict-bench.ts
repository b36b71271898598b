import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../main/config/index.js';
import { measureProcess, type ProcessUsage } from './process-usage.js';
import { peerPython } from './python.js';
import { median } from './stats.js';
import { writeWalmartRows } from './walmart-rows.js';

const ROWS = 1_000_000;
const RUNS = 3;
const FAMILIES = ['gbm', 'linear'] as const;
const WALMART = join(PACKAGE_ROOT, 'data', 'walmart.csv');
const PODIUM = join(PACKAGE_ROOT, 'bin', 'podium.js');
const PEER = join(PACKAGE_ROOT, 'bench', 'reference', 'sklearn_predict.py');

/**
 * Another build's `bin/podium.js` (say, the commit before a change) to run beside this one on the
 * same models and rows, so a before/after pair comes from one run.
 */
const BASELINE = process.env.BENCH_PREDICT_BASELINE;
/** How the table names that build (default: its path). */
const BASELINE_LABEL = process.env.BENCH_PREDICT_BASELINE_LABEL ?? BASELINE;

type Runs = { podium: ProcessUsage[]; peer: ProcessUsage[]; baseline: ProcessUsage[] };

/**
 * `podium predict` on 1,000,000 Walmart rows, end to end as a child process (start, read,
 * score, write the CSV, hash, lineage record), beside scikit-learn doing the same job in the same
 * run: pandas `read_csv`, the fitted pipeline's `predict`, `to_csv`. Models are trained on the
 * shipped 6,435 rows first (untimed): Podium's gbm and linear, scikit-learn's
 * HistGradientBoostingRegressor (200 iterations, as Podium's gbm at most) and LinearRegression,
 * both behind standardised numbers, one-hot Store and the date's parts. The commands take turns
 * run by run, so a busy neighbour slows both alike.
 */
export async function benchPredict(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-predict-'));
  const workspace = join(dir, 'workspace');
  try {
    const input = join(dir, 'walmart-1m.csv');
    await writeWalmartRows(WALMART, input, ROWS);
    const inputBytes = (await stat(input)).size;
    for (const family of FAMILIES) {
      const trained = spawnSync(
        process.execPath,
        [
          PODIUM,
          'train',
          '--data',
          WALMART,
          '--target',
          'Weekly_Sales',
          '--model-type',
          family,
          '--model',
          `walmart_${family}`,
          '--auto-evaluate',
          '--workspace',
          workspace,
        ],
        { encoding: 'utf8', timeout: 600_000 },
      );
      if (trained.status !== 0) throw new Error(`podium train (${family}) failed: ${trained.stderr}`);
      if (peerPython) {
        const fitted = spawnSync(peerPython, [PEER, 'fit', WALMART, join(dir, `${family}.pkl`), family], {
          encoding: 'utf8',
          timeout: 600_000,
        });
        if (fitted.status !== 0) throw new Error(`scikit-learn fit (${family}) failed: ${fitted.stderr}`);
      }
    }
    const runs = new Map<string, Runs>(
      FAMILIES.map((family) => [family, { podium: [], peer: [], baseline: [] }]),
    );
    let outputBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const family of FAMILIES) {
        const own = runs.get(family)!;
        const output = join(dir, `podium-${family}.csv`);
        // The same command for this build and for a baseline build (BENCH_PREDICT_BASELINE).
        const predictWith = (bin: string) =>
          measureProcess(process.execPath, [
            bin,
            'predict',
            '--model',
            `walmart_${family}`,
            '--input',
            input,
            '--output',
            output,
            '--workspace',
            workspace,
          ]);
        own.podium.push(await predictWith(PODIUM));
        outputBytes = (await stat(output)).size;
        await rm(output, { force: true });
        if (BASELINE) {
          own.baseline.push(await predictWith(BASELINE));
          await rm(output, { force: true });
        }
        if (peerPython) {
          const peerOutput = join(dir, `sklearn-${family}.csv`);
          own.peer.push(
            await measureProcess(peerPython, [
              PEER,
              'predict',
              join(dir, `${family}.pkl`),
              input,
              peerOutput,
              `walmart_${family}:v1`,
            ]),
          );
          await rm(peerOutput, { force: true });
        }
      }
    }
    const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
    const seconds = (values: number[]) =>
      `${median(values).toFixed(2)} s (${values.map((v) => v.toFixed(2)).join(', ')})`;
    const known = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
    const cpu = (usage: ProcessUsage[]) => {
      const values = known(usage.map((u) => u.cpuSeconds));
      return values.length === 0 ? '—' : `${median(values).toFixed(2)} s`;
    };
    const peak = (usage: ProcessUsage[]) => {
      const values = known(usage.map((u) => u.peakMb));
      return values.length === 0 ? '—' : `${Math.max(...values).toFixed(0)} MB`;
    };
    const ratio = (own: number[], peer: number[]) =>
      peer.length === 0 ? '—' : `${(median(own) / median(peer)).toFixed(2)}×`;
    const rows = FAMILIES.flatMap((family) => {
      const { podium, peer, baseline } = runs.get(family)!;
      const wall = (usage: ProcessUsage[]) => usage.map((u) => u.seconds);
      const cpuOf = (usage: ProcessUsage[]) => known(usage.map((u) => u.cpuSeconds));
      return [
        ...(baseline.length === 0
          ? []
          : [
              `| ${family} | \`podium predict\`, ${BASELINE_LABEL} | ${seconds(wall(baseline))} | ${cpu(baseline)} | ${peak(baseline)} | ${ratio(wall(baseline), wall(peer))} | ${ratio(cpuOf(baseline), cpuOf(peer))} |`,
            ]),
        `| ${family} | \`podium predict\` | ${seconds(wall(podium))} | ${cpu(podium)} | ${peak(podium)} | ${ratio(wall(podium), wall(peer))} | ${ratio(cpuOf(podium), cpuOf(peer))} |`,
        peer.length === 0
          ? `| ${family} | scikit-learn | not run: no python3 with pandas and scikit-learn here | | | | |`
          : `| ${family} | scikit-learn ${family === 'gbm' ? 'HistGradientBoostingRegressor' : 'LinearRegression'} pipeline | ${seconds(wall(peer))} | ${cpu(peer)} | ${peak(peer)} | 1 | 1 |`,
      ];
    });
    return [
      '## Batch prediction of 1,000,000 rows',
      '',
      `\`podium predict --model walmart_<family> --input walmart-1m.csv --output …\` as a child process, end to end (start, stream the CSV of ${mb(inputBytes)} MB in chunks, encode and score each chunk's columns, write the ${mb(outputBytes)} MB output under a temporary name, hash input and output, record lineage), beside \`bench/reference/sklearn_predict.py\` (pandas \`read_csv\`, the fitted pipeline's \`predict\`, \`to_csv\`) in the same run. The rows are the shipped Walmart weekly sales repeated with every number moved by up to ±1% (\`bench/walmart-rows.ts\`); both sides' models were trained on the 6,435 shipped rows beforehand. ${RUNS} runs each, taking turns; wall time median (runs), CPU time (user + system of all threads) median, peak resident memory the highest of the runs, both read from /proc every 50 ms. Ratios are Podium ÷ scikit-learn; on this shared machine the CPU ratio is the steadier one.`,
      '',
      '| model | command | wall, median (runs) | CPU, median | peak memory | ratio, wall | ratio, CPU |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
