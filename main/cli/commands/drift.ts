import { resolve } from 'node:path';
import type { Command } from 'commander';
import { warmOperationWorker } from '../../app/warm-operation-worker.js';
import { PodiumError } from '../../contract/errors.js';
import type { StoredDriftReport } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { chunkingOf, printDriftChunks } from '../drift-chunks-output.js';
import { followFileProgress } from '../operation-progress.js';
import { formatTable, print, printDocument } from '../output.js';
import { checkOutputFile, writeOutputFile } from '../output-file.js';
import { modelOption } from '../parse-options.js';
import { multivariateLines } from './drift-multivariate.js';
import { printEveryColumnParts } from './drift-quality-text.js';

const DURATION = /^(\d+)\s*(m|h|d)$/;

/** `--window 30m` as milliseconds; the operation counts back from the workspace's clock. */
function parseWindow(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match)
    throw new PodiumError('USAGE', `--window takes a duration such as 30m, 24h or 7d; got "${text}"`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
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
    `Drift of ${stored.model} v${stored.version} on ${stored.rows} rows (${stored.source === 'file' ? `dataset ${stored.datasetId?.slice(0, 12)}` : `live ${stored.window?.from} → ${stored.window?.to}`}): ${report.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'} (${(report.driftShare * 100).toFixed(0)}% of features drifted)`,
  );
  const rows = [
    ...report.features,
    ...(report.prediction ? [{ ...report.prediction, name: `${report.prediction.name} [prediction]` }] : []),
  ];
  print(
    formatTable(
      [
        'feature',
        'status',
        'decided by',
        'PSI',
        'KS / χ² p (adj.)',
        'W1/σ',
        'JS',
        'unseen',
        'missing (train)',
      ],
      rows.map((feature) => [
        feature.usedByModel === false ? `${feature.name} (not used)` : feature.name,
        feature.status,
        feature.decidedBy,
        fixed(feature.statistics.psi),
        fixed(
          feature.statistics.ks_p_adjusted ??
            feature.statistics.chi2_p_adjusted ??
            feature.statistics.ks_p ??
            feature.statistics.chi2_p,
        ),
        fixed(feature.statistics.wasserstein),
        fixed(feature.statistics.js),
        share(feature.statistics.unseen_share),
        feature.statistics.missing_share === undefined
          ? '-'
          : `${share(feature.statistics.missing_share)} (${share(feature.statistics.missing_share_reference)})`,
      ]),
    ),
  );
  const sample = report.predictionSample;
  if (sample !== undefined) print(predictionSampleLine(sample));
  for (const line of multivariateLines(report.multivariate)) print(line);
  print(report.summary);
  printEveryColumnParts(report);
}

/** How the prediction's drift was measured on a sample, and what error that allows. */
function predictionSampleLine(sample: NonNullable<StoredDriftReport['report']['predictionSample']>): string {
  const count = (n: number) => n.toLocaleString('en-US');
  const confidence = `${Math.round(sample.confidence * 100)}%`;
  if (sample.rows >= sample.of) return `Prediction drift: every one of the ${count(sample.of)} rows scored.`;
  const critical =
    sample.ksCritical === null
      ? ''
      : `; against the reference, a KS statistic above ${sample.ksCritical.toFixed(4)} is significant at this size`;
  return `Prediction drift: scored a uniform random sample of ${count(sample.rows)} of ${count(sample.of)} rows (seed ${sample.seed}); its output distribution is within ±${sample.dkwBound.toFixed(4)} of the whole file's (DKW bound, ${confidence})${critical}.`;
}

export function registerDrift(program: Command): void {
  const command = program
    .command('drift')
    .description("Compare current data (a file, or a window of live requests) with a model's training data")
    .option('--data <file>', 'CSV or Parquet file with the current data')
    .option('--window <duration>', 'live requests of the last 30m, 24h, 7d… instead of a file')
    .option('--by <column>', "also check each period of the file's rows, grouped by this date column")
    .option('--every <period>', 'the period for --by: day, week (ISO, from Monday) or month; UTC')
    .addOption(
      modelOption(
        'the model or version to check: NAME (its champion), NAME:VERSION or NAME:challenger; default: the champion of the only model',
      ),
    );
  addDialectOptions(command)
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'also write the report as one self-contained HTML page to share')
    .action(
      async (
        options: DialectFlags & {
          data?: string;
          window?: string;
          model?: string;
          html?: string;
          by?: string;
          every?: string;
        },
        command: Command,
      ) => {
        // The check's thread loads its modules while this one loads the workspace and the API.
        if (options.data || options.window) warmOperationWorker('drift.check');
        await runWithClient(command, async ({ client, json }) => {
          if (!options.data === !options.window)
            throw new PodiumError('USAGE', 'Give either --data FILE or --window DURATION');
          const chunking = chunkingOf(options);
          const htmlFile = options.html ? await checkOutputFile('--html', options.html) : undefined;
          const dialect = dialectOf(options);
          if (options.data) {
            await announceDialect(client, resolve(options.data), { dialect, model: options.model, json });
          }
          const stopProgress = followFileProgress(client, 'drift.check', options.data, json);
          const stored = await client
            .send('drift.check', {
              model: options.model,
              ...(options.data
                ? { file: options.data, dialect, ...chunking }
                : { windowMs: parseWindow(options.window ?? '') }),
            })
            .finally(stopProgress);
          const { StoredDriftReportSchema } = await import('../../contract/schemas/index.js');
          if (json) printDocument(StoredDriftReportSchema, stored);
          else {
            printDriftReport(stored);
            printDriftChunks(stored.report);
          }
          if (htmlFile) {
            const { driftReportHtml } = await import('../../app/without-workspace.js');
            await writeOutputFile(htmlFile, driftReportHtml(stored));
            // Beside --json, stdout carries the JSON alone.
            (json ? process.stderr : process.stdout).write(`Wrote the HTML report to ${htmlFile}\n`);
          }
        });
      },
    );
}

function share(value: number | undefined): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
}
