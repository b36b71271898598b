import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig, PACKAGE_ROOT } from '../main/config/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { estimateFile } from '../main/monitoring/estimate-file.js';
import { openWorkspace } from '../main/workspace/index.js';

/**
 * Direct Loss Estimation on the Walmart weekly sales: a gbm champion trained on the weeks before
 * 2012 (its estimator fitted on the held-out rows of that training), its MAE and RMSE on the
 * 2012 weeks estimated without their sales, against the realised values.
 */
export async function benchDle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-dle-'));
  try {
    const [header, ...lines] = readFileSync(join(PACKAGE_ROOT, 'data', 'walmart.csv'), 'utf8').trim().split('\n');
    // Date is DD-MM-YYYY.
    const year = (line: string) => Number(line.split(',')[1].slice(6, 10));
    const before = join(dir, 'walmart-before-2012.csv');
    const during = join(dir, 'walmart-2012.csv');
    const early = lines.filter((line) => year(line) < 2012);
    const late = lines.filter((line) => year(line) === 2012);
    writeFileSync(before, `${[header, ...early].join('\n')}\n`);
    writeFileSync(during, `${[header, ...late].join('\n')}\n`);
    const workspace = openWorkspace(join(dir, 'ws'), { config: loadConfig({ env: {}, localFile: null }) });
    const stores = createRepositories(workspace);
    const manager = new ChampionChallengerManager(workspace, stores);
    const rows: string[] = [];
    let attribution = '';
    try {
      await manager.trainChallenger(before, {
        modelName: 'walmart',
        target: 'Weekly_Sales',
        modelType: 'gbm',
        autoEvaluate: true,
      });
      const started = performance.now();
      const estimate = await estimateFile(workspace, stores, { modelName: 'walmart', file: during, attribution: true });
      const seconds = (performance.now() - started) / 1000;
      for (const m of estimate.metrics) {
        const error = m.realised === null ? null : Math.abs(m.estimated - m.realised) / m.realised;
        rows.push(
          `| ${m.metric.toUpperCase()} | ${m.reference?.toFixed(0) ?? '-'} | ${m.estimated.toFixed(0)} | ${m.realised?.toFixed(0) ?? '-'} | ${error === null ? '-' : error.toFixed(3)} |`,
        );
      }
      attribution = (estimate.attribution ?? [])
        .slice(0, 3)
        .map((a) => `${a.column} ${a.estimatedChange >= 0 ? '+' : ''}${a.estimatedChange.toFixed(0)}`)
        .join(', ');
      rows.push('');
      rows.push(
        `${early.length.toLocaleString('en-US')} rows before 2012 (training; the estimator learns on the held-out rows of that training's split, ${estimate.referenceRows['1']} rows), ${estimate.rows.toLocaleString('en-US')} rows of 2012 estimated in ${seconds.toFixed(1)} s (reading, scoring, fitting the two loss models, estimating, and the attribution). Columns moving the estimated MAE most (reset to their pre-2012 distribution): ${attribution}.`,
      );
    } finally {
      workspace.close();
    }
    return [
      '## Label-free performance estimate (Direct Loss Estimation) on the Walmart data',
      '',
      '`podium estimate --model walmart --data walmart-2012.csv --attribution`: gbm champion trained on `data/walmart.csv` weeks before 2012, estimated on the 2012 weeks with their `Weekly_Sales` hidden from the estimate and used only for the realised column. Reference: realised on the held-out rows of the training split. Goal: |estimated − realised| / realised MAE ≤ 0.30.',
      '',
      '| metric | reference | estimated | realised | \\|est − real\\| / real |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
