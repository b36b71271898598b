import type { Command } from 'commander';
import { PodiumError } from '../../contract/errors.js';
import { checkDrift, type StoredDriftReport } from '../../monitoring/drift-check.js';
import { runWithWorkspace } from '../context.js';
import { formatTable, print, printJson } from '../output.js';

const DURATION = /^(\d+)\s*(m|h|d)$/;

function parseWindow(text: string, now: Date): { from: Date; to: Date } {
  const match = DURATION.exec(text.trim());
  if (!match)
    throw new PodiumError('USAGE', `--window takes a duration such as 30m, 24h or 7d; got "${text}"`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return { from: new Date(now.getTime() - Number(match[1]) * unit), to: now };
}

const fixed = (value: number | undefined, digits = 3) =>
  value === undefined
    ? '-'
    : value !== 0 && Math.abs(value) < 10 ** -digits
      ? value.toExponential(1)
      : value.toFixed(digits);

export function printDriftReport(stored: StoredDriftReport): void {
  const { report } = stored;
  print(
    `Drift of ${stored.model} v${stored.version} on ${stored.rows} rows (${stored.source === 'file' ? `dataset ${stored.dataset_id?.slice(0, 12)}` : `live ${stored.window?.from} → ${stored.window?.to}`}): ${report.dataset_drift ? 'DATASET DRIFT' : 'no dataset drift'} (${(report.drift_share * 100).toFixed(0)}% of features drifted)`,
  );
  const rows = [
    ...report.features,
    ...(report.prediction ? [{ ...report.prediction, name: `${report.prediction.name} [prediction]` }] : []),
  ];
  print(
    formatTable(
      ['feature', 'status', 'decided by', 'PSI', 'KS / χ² p (adj.)', 'W1/σ', 'JS', 'unseen'],
      rows.map((feature) => [
        feature.name,
        feature.status,
        feature.decided_by,
        fixed(feature.statistics.psi),
        fixed(
          feature.statistics.ks_p_adjusted ??
            feature.statistics.chi2_p_adjusted ??
            feature.statistics.ks_p ??
            feature.statistics.chi2_p,
        ),
        fixed(feature.statistics.wasserstein),
        fixed(feature.statistics.js),
        feature.statistics.unseen_share === undefined
          ? '-'
          : `${(feature.statistics.unseen_share * 100).toFixed(1)}%`,
      ]),
    ),
  );
  print(report.summary);
}

export function registerDrift(program: Command): void {
  program
    .command('drift')
    .description("Compare current data (a file, or a window of live requests) with a model's training data")
    .option('--data <file>', 'CSV with the current data')
    .option('--window <duration>', 'live requests of the last 30m, 24h, 7d… instead of a file')
    .option('--model <version>', 'champion (default) or a version', 'champion')
    .option('--json', 'print the report as JSON')
    .action(async (options: { data?: string; window?: string; model: string }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, manager, json }) => {
        if (!options.data === !options.window)
          throw new PodiumError('USAGE', 'Give either --data FILE or --window DURATION');
        const modelName = workspace.config.training.model_name;
        const version =
          options.model === 'champion'
            ? manager.versionStore.champion(modelName)
            : manager.resolveVersion(options.model, modelName);
        if (!version)
          throw new PodiumError('NOT_FOUND', `${modelName} has no champion; name a version with --model`);
        const source = options.data
          ? { file: options.data }
          : { window: parseWindow(options.window!, workspace.clock.now()) };
        const stored = await checkDrift(workspace, manager, { version, source });
        if (json) printJson(stored);
        else printDriftReport(stored);
      });
    });
}
