import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig } from '../main/config/index.js';
import { writeSampleData } from '../main/data/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { openWorkspace } from '../main/workspace/index.js';
import { NUMPY_DECILE_PSI, peerPython } from './python.js';
import { median } from './stats.js';

/**
 * The whole `podium drift --data FILE` command on the generated 1,000,000 × 15 CSV, as a user runs
 * it (a child process: start-up, reading, scoring the prediction sample, statistics, storing the
 * report), against the Python a user would otherwise write: pandas `read_csv` of the same file and
 * of the training file, SciPy `ks_2samp` and a NumPy decile PSI per numeric feature, also a whole
 * process. The two take turns, run by run, so a noisy neighbour hits both alike.
 */
const ROWS = 1_000_000;
const RUNS = 3;
const GOAL_RATIO = 1;
const CLI = fileURLToPath(new URL('../../bin/podium.js', import.meta.url));
const TIME = '/usr/bin/time';

const PYTHON = `
import sys, time
start = time.perf_counter()
import numpy as np, pandas as pd
from scipy import stats
imported = time.perf_counter()
train = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
${NUMPY_DECILE_PSI}
for name in train.columns:
    if name == 'target' or not pd.api.types.is_numeric_dtype(train[name]):
        continue
    r = train[name].dropna().to_numpy()
    c = current[name].dropna().to_numpy()
    stats.ks_2samp(r, c)
    psi(r, c)
print(f"{imported - start} {time.perf_counter() - imported}")
`;

type Run = { wall: number; cpu: number | null; peakMb: number | null };

const LARGE_ROWS = 10_000_000;
const LARGE_GOAL_RSS_MB = 2048;
const LARGE_GOAL_RATIO = 12;

/**
 * Opt-in (`BENCH_DRIFT_10M=1`): the same command once on a 10,000,000-row drift file (about
 * 800 MB), its peak RSS against 2 GiB and its time against 12× the 1,000,000-row median. The
 * file is written by `podium generate-data` in its own process, with room for its 10 million
 * row strings.
 */
function tenMillionRows(dir: string, env: NodeJS.ProcessEnv, small: Run[]): string[] {
  const outputDir = join(dir, 'current-10m');
  timed(process.execPath, [
    '--max-old-space-size=8192',
    CLI,
    'generate-data',
    '--samples',
    String(LARGE_ROWS),
    '--generate-drift',
    '--output-dir',
    outputDir,
  ]);
  const run = timed(
    process.execPath,
    [CLI, 'drift', '--data', join(outputDir, 'drift_full.csv'), '--json'],
    env,
  );
  const wallRatio = run.wall / median(small.map((r) => r.wall));
  const cpuRatio =
    run.cpu !== null && small.every((r) => r.cpu !== null)
      ? run.cpu / median(small.map((r) => r.cpu as number))
      : null;
  const rss = run.peakMb === null ? '—' : `${run.peakMb.toFixed(0)} MB`;
  const rssMet = run.peakMb === null ? 'not measured' : run.peakMb <= LARGE_GOAL_RSS_MB ? 'met' : 'missed';
  return [
    `On ${LARGE_ROWS.toLocaleString('en-US')} rows (\`BENCH_DRIFT_10M=1\`, one run): ${run.wall.toFixed(1)} s wall${run.cpu === null ? '' : `, ${run.cpu.toFixed(1)} CPU-s`}, peak RSS ${rss} (goal ≤ 2 GiB: ${rssMet}); ${wallRatio.toFixed(1)}× the 1,000,000-row median wall${cpuRatio === null ? '' : `, ${cpuRatio.toFixed(1)}× its CPU`} (goal ≤ ${LARGE_GOAL_RATIO}×: ${Math.max(wallRatio, cpuRatio ?? 0) <= LARGE_GOAL_RATIO ? 'met' : 'missed'}).`,
    '',
  ];
}

/** Runs a command to completion, with its wall time and, through GNU time where there is one, CPU and peak memory. */
function timed(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Run & { stdout: string } {
  const withTime = existsSync(TIME);
  const started = process.hrtime.bigint();
  const result = withTime
    ? spawnSync(TIME, ['-f', '@@ %U %S %M', command, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 26 })
    : spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  }
  const line = result.stderr.split('\n').find((l) => l.startsWith('@@ '));
  if (!line) return { wall, cpu: null, peakMb: null, stdout: result.stdout };
  const [user, system, kb] = line.slice(3).split(' ').map(Number);
  return { wall, cpu: user + system, peakMb: kb / 1024, stdout: result.stdout };
}

export async function benchDriftCommand(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-drift-command-'));
  const workspaceDir = join(dir, 'workspace');
  try {
    const trainFile = await writeSampleData({
      samples: 10_000,
      drift: false,
      seed: 42,
      outputDir: join(dir, 'train'),
    });
    const dataFile = await writeSampleData({
      samples: ROWS,
      drift: true,
      seed: 42,
      outputDir: join(dir, 'current'),
    });
    const workspace = openWorkspace(workspaceDir, { config: loadConfig({ env: {}, localFile: null }) });
    try {
      const manager = new ChampionChallengerManager(workspace, createRepositories(workspace));
      await manager.trainChallenger(trainFile, { modelType: 'ecd', autoEvaluate: true });
    } finally {
      workspace.close();
    }
    const script = join(dir, 'peer.py');
    await writeFile(script, PYTHON);
    const env = { ...process.env, PODIUM_WORKSPACE: workspaceDir };
    const podium: Run[] = [];
    const python: (Run & { imports: number; work: number })[] = [];
    let rows = 0;
    let sample = '';
    for (let run = 0; run < RUNS; run++) {
      const result = timed(process.execPath, [CLI, 'drift', '--data', dataFile, '--json'], env);
      const report = JSON.parse(result.stdout) as {
        rows: number;
        report: { prediction_sample?: { rows: number; dkw_bound: number } };
      };
      rows = report.rows;
      const drawn = report.report.prediction_sample;
      sample = drawn
        ? `${drawn.rows.toLocaleString('en-US')} rows, DKW ±${drawn.dkw_bound.toFixed(4)} at 95%`
        : 'every row';
      podium.push(result);
      if (peerPython !== null) {
        const peer = timed(peerPython, [script, trainFile, dataFile]);
        const [imports, work] = peer.stdout.trim().split(' ').map(Number);
        python.push({ ...peer, imports, work });
      }
    }
    const mb = (await stat(dataFile)).size / 1e6;
    const s = (values: number[]) => `${median(values).toFixed(2)} s`;
    const list = (values: number[]) => values.map((v) => v.toFixed(2)).join(', ');
    const cpu = (runs: Run[]) =>
      runs.every((r) => r.cpu !== null) ? s(runs.map((r) => r.cpu as number)) : '—';
    const peak = (runs: Run[]) =>
      runs.every((r) => r.peakMb !== null)
        ? `${median(runs.map((r) => r.peakMb as number)).toFixed(0)} MB`
        : '—';
    const lines = [
      `| \`podium drift --data\` (ecd champion), whole process | ${s(podium.map((r) => r.wall))} | ${list(podium.map((r) => r.wall))} | ${cpu(podium)} | ${peak(podium)} |`,
    ];
    let ratio = 'No Python with pandas and SciPy here: no peer, no ratio.';
    if (python.length > 0) {
      lines.push(
        `| pandas \`read_csv\` + SciPy \`ks_2samp\` + NumPy PSI, whole process | ${s(python.map((r) => r.wall))} | ${list(python.map((r) => r.wall))} | ${cpu(python)} | ${peak(python)} |`,
        `| … of which imports / work, as the script timed them | ${s(python.map((r) => r.imports))} / ${s(python.map((r) => r.work))} | | | |`,
      );
      const wallRatio = median(podium.map((r) => r.wall)) / median(python.map((r) => r.wall));
      const cpuRatio =
        podium.every((r) => r.cpu !== null) && python.every((r) => r.cpu !== null)
          ? median(podium.map((r) => r.cpu as number)) / median(python.map((r) => r.cpu as number))
          : null;
      ratio = `Podium / pandas + SciPy: **${wallRatio.toFixed(2)}× wall**${cpuRatio === null ? '' : `, ${cpuRatio.toFixed(2)}× CPU`} (goal ≤ ${GOAL_RATIO.toFixed(1)}×: ${wallRatio <= GOAL_RATIO ? 'met' : 'missed'}).`;
    }
    const large = process.env.BENCH_DRIFT_10M === '1' ? tenMillionRows(dir, env, podium) : [];
    return [
      '### `podium drift --data` on 1,000,000 rows, end to end',
      '',
      `\`podium drift --data drift_full.csv --json\` as a child process (the generated ${ROWS.toLocaleString('en-US')} × 15 drift file, ${mb.toFixed(0)} MB; an ecd champion trained on the 10,000-row baseline): start-up, one read of the file into typed columns (kept as a dataset snapshot in the same read), every feature's statistics on all ${rows.toLocaleString('en-US')} rows, prediction drift on a seeded uniform sample (${sample}), the report stored. Beside it, in the same run and taking turns with it, the Python a user would write instead, as a whole process too: pandas \`read_csv\` of both files, SciPy \`ks_2samp\` and a NumPy decile PSI per numeric feature (no categories, no prediction). ${RUNS} runs each, median first. ${ratio}`,
      '',
      '| command | median wall | runs (s) | median CPU (user + sys) | peak RSS |',
      '| --- | --- | --- | --- | --- |',
      ...lines,
      '',
      ...large,
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
