import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig, PACKAGE_ROOT } from '../main/config/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { estimateFile } from '../main/monitoring/estimate-file.js';
import { openWorkspace } from '../main/workspace/index.js';

type Setup = { label: string; train: (manager: ChampionChallengerManager, file: string) => Promise<unknown> };

const SETUPS: Setup[] = [
  {
    label: '`podium compare` (time-ordered 80/20 split; gbm chosen)',
    train: (manager, file) => manager.compareModels(file, { modelName: 'walmart', target: 'Weekly_Sales' }),
  },
  {
    label: '`podium train --model-type gbm` (random 70/15/15 split)',
    train: (manager, file) =>
      manager.trainChallenger(file, {
        modelName: 'walmart',
        target: 'Weekly_Sales',
        modelType: 'gbm',
        autoEvaluate: true,
      }),
  },
];

/**
 * Direct Loss Estimation on the Walmart weekly sales: a champion trained on the weeks before
 * 2012 (its estimator fitted on the held-out rows of that training's split), its MAE and RMSE on
 * the 2012 weeks estimated without their sales, against the realised values.
 */
export async function benchDle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-dle-'));
  try {
    const [header, ...lines] = readFileSync(join(PACKAGE_ROOT, 'data', 'walmart.csv'), 'utf8')
      .trim()
      .split('\n');
    // Date is DD-MM-YYYY.
    const year = (line: string) => Number(line.split(',')[1].slice(6, 10));
    const before = join(dir, 'walmart-before-2012.csv');
    const during = join(dir, 'walmart-2012.csv');
    const early = lines.filter((line) => year(line) < 2012);
    const late = lines.filter((line) => year(line) === 2012);
    writeFileSync(before, `${[header, ...early].join('\n')}\n`);
    writeFileSync(during, `${[header, ...late].join('\n')}\n`);
    const rows: string[] = [];
    const notes: string[] = [];
    for (const [index, setup] of SETUPS.entries()) {
      const workspace = openWorkspace(join(dir, `ws-${index}`), {
        config: loadConfig({ env: {}, localFile: null }),
      });
      const stores = createRepositories(workspace);
      try {
        await setup.train(new ChampionChallengerManager(workspace, stores), before);
        const started = performance.now();
        const estimate = await estimateFile(workspace, stores, {
          modelName: 'walmart',
          file: during,
          attribution: true,
        });
        const seconds = (performance.now() - started) / 1000;
        for (const m of estimate.metrics) {
          const error = m.realised === null ? null : Math.abs(m.estimated - m.realised) / m.realised;
          rows.push(
            `| ${setup.label} | ${Object.values(estimate.referenceRows)[0]} | ${m.metric.toUpperCase()} | ${m.reference?.toFixed(0) ?? '-'} | ${m.estimated.toFixed(0)} | ${m.realised?.toFixed(0) ?? '-'} | ${error === null ? '-' : `**${error.toFixed(3)}**`} |`,
          );
        }
        const attribution = (estimate.attribution ?? [])
          .slice(0, 3)
          .map((a) => `${a.column} ${a.estimatedChange >= 0 ? '+' : ''}${a.estimatedChange.toFixed(0)}`)
          .join(', ');
        notes.push(
          `- ${setup.label}: estimated in ${seconds.toFixed(1)} s (reading, scoring, fitting the two loss models, estimating, attribution). Columns moving the estimated MAE most when reset to their pre-2012 distribution: ${attribution}.`,
        );
      } finally {
        workspace.close();
      }
    }
    return [
      '## Label-free performance estimate (Direct Loss Estimation) on the Walmart data',
      '',
      `\`podium estimate --model walmart --data walmart-2012.csv --attribution\`: a champion trained on the ${early.length.toLocaleString('en-US')} rows of \`data/walmart.csv\` before 2012, its MAE and RMSE estimated on the ${late.length.toLocaleString('en-US')} rows of 2012 with their \`Weekly_Sales\` used only for the realised column. The estimator learns on the held-out rows of the champion's own training split (reference: the champion's realised error there). Goal: |estimated − realised| / realised MAE ≤ 0.30.`,
      '',
      '| champion | reference rows | metric | reference | estimated | realised | \\|est − real\\| / real |',
      '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      ...notes,
      '- The time-ordered split is the one to estimate from: its held-out rows are the newest weeks, so the loss models learn how the champion errs a few months ahead, which is what 2012 asks. A random split holds out weeks scattered among the training weeks, whose errors are interpolation errors; 2012 (further from the training weeks, a different holiday mix) is harder than they show, and no estimate learnt from them sees that. DLE follows covariate shift, not this kind of change.',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
