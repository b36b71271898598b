import { spawnSync } from 'node:child_process';
import {
  buildReferenceDistribution,
  type DriftColumn,
  detectDrift,
  detectDriftInWorker,
} from '../main/monitoring/drift/index.js';
import { benchDriftCommand } from './drift-command-bench.js';
import { NUMPY_DECILE_PSI, peerPython } from './python.js';

import { median, timeRuns } from './stats.js';

/**
 * Drift statistics at scale: 1,000,000 current rows × 10 numeric features against a reference
 * built from 1,000,000 rows. Every statistic of the report (KS + p-value, PSI, normalised
 * Wasserstein, Jensen–Shannon, histograms, corrected p-values, verdicts) counts. For comparison,
 * the same sizes through SciPy's `ks_2samp` plus a NumPy decile PSI, measured in the same run when
 * python3 with SciPy is on the PATH.
 */
const ROWS = 1_000_000;
const FEATURES = 10;
const RUNS = 3;
const GOAL_SECONDS = 2;

/** mulberry32: a small seeded generator, so every run draws the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ten feature shapes: normals with growing shifts, a lognormal, integers, a zero-inflated amount. */
function column(feature: number, current: boolean, seed: number): DriftColumn {
  const next = random(seed);
  const values = new Float64Array(ROWS);
  const shift = current ? feature * 0.05 : 0;
  for (let i = 0; i < ROWS; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    if (feature === 7) values[i] = Math.exp(z + shift);
    else if (feature === 8) values[i] = Math.floor(Math.abs(z) * 10 + shift * 10);
    else if (feature === 9) values[i] = next() < 0.6 ? 0 : Math.abs(z) * 1000 + shift * 100;
    else values[i] = z + shift;
    if (next() < 0.01) values[i] = Number.NaN;
  }
  return { name: `f${feature}`, kind: 'numeric', values };
}

const PYTHON = `
import json, sys, time
import numpy as np, scipy
from scipy import stats
rows, features, runs = ${ROWS}, ${FEATURES}, ${RUNS}
rng = np.random.default_rng(1)
ref = [rng.standard_normal(rows) for _ in range(features)]
cur = [rng.standard_normal(rows) + 0.05 * f for f in range(features)]
${NUMPY_DECILE_PSI}
seconds = []
for _ in range(runs):
    start = time.perf_counter()
    for r, c in zip(ref, cur):
        stats.ks_2samp(r, c)
        psi(r, c)
    seconds.append(time.perf_counter() - start)
print(json.dumps({"seconds": seconds, "scipy": scipy.__version__, "numpy": np.__version__}))
`;

type PythonResult = { seconds: number[]; scipy: string; numpy: string };

function runPython(): PythonResult | string {
  if (peerPython === null) return 'no python3 with pandas, SciPy and scikit-learn here';
  const result = spawnSync(peerPython, ['-c', PYTHON], { encoding: 'utf8', timeout: 120_000 });
  if (result.error) return `python3 not runnable (${result.error.message})`;
  if (result.status !== 0) return `python3 failed: ${result.stderr.trim().split('\n').pop() ?? ''}`;
  try {
    return JSON.parse(result.stdout) as PythonResult;
  } catch {
    return 'python3 printed no result';
  }
}

/** The whole command first (what a user waits for), then the statistics alone. */
export async function benchDrift(): Promise<string> {
  const command = await benchDriftCommand();
  return `${await benchDriftStatistics()}\n${command}`;
}

async function benchDriftStatistics(): Promise<string> {
  const referenceColumns = Array.from({ length: FEATURES }, (_, f) => column(f, false, 1000 + f));
  const currentColumns = Array.from({ length: FEATURES }, (_, f) => column(f, true, 2000 + f));

  let reference = buildReferenceDistribution(referenceColumns);
  const build = await timeRuns(RUNS, async () => {
    reference = buildReferenceDistribution(referenceColumns);
  });
  const referenceBytes = Buffer.byteLength(JSON.stringify(reference));
  let report = detectDrift(reference, { columns: currentColumns });
  const detect = await timeRuns(RUNS, async () => {
    report = detectDrift(reference, { columns: currentColumns });
  });
  // The worker path transfers (detaches) its input, so each run gets fresh copies, made untimed.
  const worker: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const copies = currentColumns.map((c) => ({ ...c, values: (c.values as Float64Array).slice() }));
    const [seconds] = await timeRuns(1, async () => {
      await detectDriftInWorker(reference, { columns: copies });
    });
    worker.push(seconds);
  }
  const python = runPython();

  const fmt = (seconds: number[]) => `${median(seconds).toFixed(2)} s`;
  const runs = (seconds: number[]) => seconds.map((s) => s.toFixed(2)).join(', ');
  const rows = [
    `| build reference (1,000,000 rows × ${FEATURES}) | ${fmt(build)} | ${runs(build)} | — |`,
    `| detectDrift, in thread | ${fmt(detect)} | ${runs(detect)} | ≤ ${GOAL_SECONDS} s |`,
    `| detectDriftInWorker (spawn + transfer + report) | ${fmt(worker)} | ${runs(worker)} | ≤ ${GOAL_SECONDS} s |`,
  ];
  let ratio = '';
  if (typeof python === 'string') {
    rows.push(`| SciPy ks_2samp + NumPy PSI | — | ${python} | — |`);
  } else {
    rows.push(
      `| SciPy ${python.scipy} ks_2samp + NumPy ${python.numpy} PSI (KS and PSI only) | ${fmt(python.seconds)} | ${runs(python.seconds)} | — |`,
    );
    ratio = `SciPy + NumPy / Podium in thread: ${(median(python.seconds) / median(detect)).toFixed(1)}×.`;
  }
  const drifted = report.features.filter((feature) => feature.status === 'drift').length;
  return [
    '## Drift detection',
    '',
    `${FEATURES} numeric features (normals shifted by 0–0.45σ, a lognormal, integers, a 60% zero-inflated amount; 1% missing), ${ROWS.toLocaleString('en-US')} current rows against a reference built from ${ROWS.toLocaleString('en-US')} rows (JSON ${(referenceBytes / 1024).toFixed(0)} KiB). Every statistic in the report: KS with p-value, PSI, normalised Wasserstein, Jensen–Shannon, plotting histograms, BH correction, verdicts. ${RUNS} runs, median first. The SciPy row is the same sizes with NumPy-drawn data, doing less (KS and PSI only). ${ratio} Verdict on this data: ${drifted} of ${FEATURES} features drifted.`,
    '',
    '| step | median | runs (s) | goal |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
