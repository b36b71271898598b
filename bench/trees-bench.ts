import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestCsv } from '../main/data/index.js';
import { median } from './stats.js';
import { timeTraining } from './time-training.js';

const WALMART = fileURLToPath(new URL('../../data/walmart.csv', import.meta.url));

/** gbm and random_forest on the Walmart weekly sales: training time and validation R². */
export async function benchTrees(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-trees-'));
  try {
    const snapshot = await ingestCsv(WALMART, { datasetsDir: join(dir, 'datasets'), target: 'Weekly_Sales' });
    const rows: string[] = [];
    for (const family of ['linear', 'gbm', 'random_forest'] as const) {
      const { seconds, result } = await timeTraining({ snapshot, target: 'Weekly_Sales', family, dir });
      const r2 = (split: 'validation' | 'test') => result?.metrics[split].r2?.toFixed(4) ?? '-';
      rows.push(
        `| ${family} | ${median(seconds).toFixed(2)} s | ${seconds.map((s) => s.toFixed(2)).join(', ')} | ${result?.history.length ?? 0} | ${r2('validation')} | ${r2('test')} |`,
      );
    }
    return [
      '## Tree ensembles on the Walmart data',
      '',
      'Wall time of `trainModel` (worker start, CSV load, split, preprocessing, fit, metrics, package write) on `data/walmart.csv` (6,435 rows, target `Weekly_Sales`, Store a category), default generated config and random split, seed 42. Three runs each, median first; linear for reference. scikit-learn 1.2 HistGradientBoostingRegressor (Store one-hot) reaches R² 0.963 on a random split.',
      '',
      '| model type | median | runs | iterations / trees | validation R² | test R² |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
