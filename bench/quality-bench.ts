import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig, PACKAGE_ROOT } from '../main/config/index.js';
import { writeSampleData } from '../main/data/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { openWorkspace } from '../main/workspace/index.js';
import { peerPython } from './python.js';

const REFERENCE = fileURLToPath(new URL('../../bench/reference/sklearn_reference.py', import.meta.url));

/**
 * The default model (`model_type: auto`) against scikit-learn's usual models on the same tables,
 * in one run: a generated credit-risk table and the real Walmart weekly sales. scikit-learn runs
 * only where python3 has it (it is not a Podium dependency); otherwise its rows say so.
 */
export async function benchQuality(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-quality-'));
  try {
    const workspace = openWorkspace(join(dir, 'ws'), { config: loadConfig({ env: {}, localFile: null }) });
    const manager = new ChampionChallengerManager(workspace, createRepositories(workspace));
    const credit = await writeSampleData({ samples: 10_000, drift: false, seed: 42, outputDir: dir });
    const walmart = join(PACKAGE_ROOT, 'data', 'walmart.csv');
    const rows: string[] = [];
    const creditResult = await manager.trainChallenger(credit, { modelName: 'credit', autoEvaluate: true });
    const walmartResult = await manager.trainChallenger(walmart, {
      modelName: 'walmart',
      target: 'Weekly_Sales',
      autoEvaluate: true,
    });
    workspace.close();
    for (const [table, result, metric] of [
      ['credit-risk (generated, 10,000 rows)', creditResult, 'roc_auc'],
      ['Walmart weekly sales (6,435 rows)', walmartResult, 'r2'],
    ] as const) {
      for (const candidate of result.candidates) {
        rows.push(
          `| ${table} | Podium ${candidate.modelType}${candidate.chosen ? ' (chosen by auto)' : ''} | ${metric} ${candidate.test[metric]?.toFixed(4) ?? '-'} |`,
        );
      }
    }
    const run =
      peerPython === null
        ? null
        : spawnSync(peerPython, [REFERENCE, credit, walmart], { encoding: 'utf8', timeout: 300_000 });
    const python = run?.status === 0 ? run : null;
    if (python) {
      for (const line of python.stdout.trim().split('\n')) {
        const [table, model, value] = line.split(' | ');
        rows.push(
          `| ${table.startsWith('walmart') ? 'Walmart weekly sales (6,435 rows)' : 'credit-risk (generated, 10,000 rows)'} | scikit-learn ${model} | ${value} |`,
        );
      }
    } else {
      rows.push(
        '| both | scikit-learn | not run: python3 with scikit-learn and pandas is not available here |',
      );
    }
    return [
      '## Default model quality against scikit-learn',
      '',
      'Test-split metric of each model on the same table: Podium with its generated config (random 70/15/15 split, seed 42; `auto` trains linear, gbm and ecd and keeps the best on validation) and scikit-learn 1.2 with one-hot categories, standardised numbers and date parts (`bench/reference/sklearn_reference.py`, same proportions, its own random split).',
      '',
      '| table | model | test metric |',
      '| --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
