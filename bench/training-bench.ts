import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCsv, writeSampleData } from '../main/data/index.js';
import { median } from './stats.js';
import { timeTraining } from './time-training.js';

/** Training time of each model family on the 10,000-row baseline, in the worker as the app runs it. */
export async function benchTraining(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-train-'));
  try {
    const file = await writeSampleData({ samples: 10_000, drift: false, seed: 42, outputDir: dir });
    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets'), target: 'target' });
    const rows: string[] = [];
    for (const [family, goal] of [
      ['linear', 1],
      ['ecd', 10],
    ] as const) {
      const { seconds, result } = await timeTraining({ snapshot, target: 'target', family, dir });
      const epochs = result?.history.length ?? 0;
      rows.push(
        `| ${family} | ${median(seconds).toFixed(2)} s | ${seconds.map((s) => s.toFixed(2)).join(', ')} | < ${goal} s | ${epochs} | ${result?.backend ?? '-'} | ${result?.metrics.test.roc_auc?.toFixed(4) ?? '-'} |`,
      );
    }
    return [
      '## Training time on the 10,000-row baseline',
      '',
      'Wall time of `trainModel` (worker thread start, CSV load, split, preprocessing, fit, metrics on all splits, package write) on `generate-data --samples 10000`, default generated config, seed 42. Three runs each, median first.',
      '',
      '| model type | median | runs | goal | epochs | backend | test roc_auc |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
