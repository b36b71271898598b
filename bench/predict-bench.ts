import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig } from '../main/config/index.js';
import { writeSampleData } from '../main/data/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { predictFile } from '../main/lineage/index.js';
import { openWorkspace } from '../main/workspace/index.js';
import { median } from './stats.js';

const ROWS = 1_000_000;
const GOAL_SECONDS = 15;

/** Batch prediction of a 1,000,000-row CSV with a linear champion, end to end through `predictFile`. */
export async function benchPredict(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-predict-'));
  const workspace = openWorkspace(join(dir, 'workspace'), {
    config: loadConfig({ env: {}, localFile: null }),
  });
  try {
    const manager = new ChampionChallengerManager(workspace, createRepositories(workspace));
    const trainFile = await writeSampleData({
      samples: 10_000,
      drift: false,
      seed: 42,
      outputDir: join(dir, 'train'),
    });
    const { version } = await manager.trainChallenger(trainFile, { modelType: 'linear', autoEvaluate: true });
    const input = await writeSampleData({
      samples: ROWS,
      drift: false,
      seed: 7,
      outputDir: join(dir, 'input'),
    });
    const inputBytes = (await stat(input)).size;
    const runs: { seconds: number; rows: number; outputBytes: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const output = join(dir, `scored-${run}.csv`);
      const started = performance.now();
      const record = await predictFile(workspace, { version, input, output });
      const seconds = (performance.now() - started) / 1000;
      runs.push({ seconds, rows: record.rowCount, outputBytes: (await stat(output)).size });
      await rm(output, { force: true });
    }
    const seconds = median(runs.map((r) => r.seconds));
    const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
    return [
      '## Batch prediction of 1,000,000 rows',
      '',
      `\`predictFile\` (what \`podium predict\` runs) with a linear model trained on the 10,000-row baseline: stream the CSV (${mb(inputBytes)} MB), parse in chunks of 10,000 rows with the training profile, predict, write the output CSV (${mb(runs[0].outputBytes)} MB) with csv-stringify under a temporary name, hash input and output, record lineage. Three runs, median first.`,
      '',
      '| rows | median | runs | rows/s | goal |',
      '| --- | --- | --- | --- | --- |',
      `| ${runs[0].rows.toLocaleString('en-US')} | ${seconds.toFixed(2)} s | ${runs.map((r) => r.seconds.toFixed(2)).join(', ')} | ${Math.round(runs[0].rows / seconds).toLocaleString('en-US')} | ≤ ${GOAL_SECONDS} s (${seconds <= GOAL_SECONDS ? 'met' : 'missed'}) |`,
      '',
    ].join('\n');
  } finally {
    workspace.close();
    await rm(dir, { recursive: true, force: true });
  }
}
