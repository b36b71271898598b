import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSampleData } from '../main/data/index.js';
import { measureProcess, type ProcessUsage } from './process-usage.js';
import { peerPython } from './python.js';
import { median } from './stats.js';

/**
 * The whole `podium data add FILE` command on the generated 1,000,000 × 15 CSV as a user runs it
 * (a child process: start-up, one read that types, profiles, hashes and copies the file, the
 * columns file and the database row), against what a pandas user runs to learn the same things:
 * `read_csv`, `describe`, a histogram per numeric column and value counts per text column, as a
 * whole process too. They take turns run by run; each Podium run adds into a fresh workspace, so
 * every run writes its snapshot.
 */
const ROWS = 1_000_000;
const RUNS = 3;
const GOAL_RATIO = 1;
const CLI = fileURLToPath(new URL('../../bin/podium.js', import.meta.url));

const PYTHON = `
import sys
import numpy as np, pandas as pd
frame = pd.read_csv(sys.argv[1])
frame.describe(include='all')
for name in frame.columns:
    column = frame[name]
    if pd.api.types.is_numeric_dtype(column):
        np.histogram(column.dropna().to_numpy(), bins=20)
    else:
        column.value_counts(dropna=False)
    column.isna().mean()
`;

export async function benchDataAdd(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-data-add-'));
  try {
    const file = await writeSampleData({ samples: ROWS, drift: false, seed: 42, outputDir: dir });
    const script = join(dir, 'peer.py');
    await writeFile(script, PYTHON);
    const podium: ProcessUsage[] = [];
    const python: ProcessUsage[] = [];
    for (let run = 0; run < RUNS; run++) {
      const workspace = join(dir, `workspace-${run}`);
      podium.push(
        await measureProcess(process.execPath, [
          CLI,
          '--workspace',
          workspace,
          'data',
          'add',
          file,
          '--json',
        ]),
      );
      await rm(workspace, { recursive: true, force: true });
      if (peerPython !== null) python.push(await measureProcess(peerPython, [script, file]));
    }
    const mb = (await stat(file)).size / 1e6;
    const wall = (runs: ProcessUsage[]) => median(runs.map((r) => r.seconds));
    const cpu = (runs: ProcessUsage[]) =>
      runs.every((r) => r.cpuSeconds !== null) ? median(runs.map((r) => r.cpuSeconds as number)) : null;
    const peak = (runs: ProcessUsage[]) =>
      runs.every((r) => r.peakMb !== null)
        ? `${Math.max(...runs.map((r) => r.peakMb as number)).toFixed(0)} MB`
        : '—';
    const row = (label: string, runs: ProcessUsage[]) =>
      `| ${label} | ${wall(runs).toFixed(2)} s | ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} | ${cpu(runs)?.toFixed(2) ?? '—'} s | ${peak(runs)} |`;
    const lines = [row('`podium data add`, whole process', podium)];
    let ratio = 'No Python with pandas here: no peer, no ratio.';
    if (python.length > 0) {
      lines.push(row('pandas `read_csv` + `describe` + histograms + value counts, whole process', python));
      const wallRatio = wall(podium) / wall(python);
      const podiumCpu = cpu(podium);
      const pythonCpu = cpu(python);
      const cpuRatio = podiumCpu !== null && pythonCpu !== null ? podiumCpu / pythonCpu : null;
      ratio = `Podium / pandas: **${wallRatio.toFixed(2)}× wall**${cpuRatio === null ? '' : `, ${cpuRatio.toFixed(2)}× CPU`} (goal ≤ ${GOAL_RATIO.toFixed(1)}×: ${wallRatio <= GOAL_RATIO ? 'met' : 'missed'}).`;
    }
    return [
      '### `podium data add` on 1,000,000 rows, end to end',
      '',
      `\`podium data add baseline_full.csv --json\` as a child process on the generated ${ROWS.toLocaleString('en-US')} × 15 file (${mb.toFixed(0)} MB), each run into a fresh workspace, beside the pandas a user would run to learn the same (types, missing shares, ranges, histograms, top values), as a whole process too, taking turns. ${RUNS} runs each; wall and CPU medians, peak memory the highest of the runs, read from /proc every 50 ms. ${ratio}`,
      '',
      '| command | median wall | runs (s) | median CPU (user + sys) | peak RSS |',
      '| --- | --- | --- | --- | --- |',
      ...lines,
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
