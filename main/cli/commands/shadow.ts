import { type Command, Option } from 'commander';
import { joinModelRef, parseModelRef } from '../../common/version-ref.js';
import { toSnakeCaseDocument } from '../../contract/documented-json.js';
import { PodiumError } from '../../contract/errors.js';
import type { ShadowTestReport } from '../../contract/index.js';
import { describePairsNeeded } from '../../contract/shadow-pairs.js';
import { runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { modelOption, nonNegativeInteger, positiveInteger } from '../parse-options.js';

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!(number > 0)) throw new PodiumError('USAGE', `expected a positive number, got ${value}`);
  return number;
}

function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (!(number >= 0)) throw new PodiumError('USAGE', `expected a number ≥ 0, got ${value}`);
  return number;
}

export function printShadowReport(report: ShadowTestReport): void {
  const fmt = (v: number | null, digits = 4) => (v === null ? '-' : v.toFixed(digits));
  print(
    `Shadow test #${report.id}: v${report.challengerVersion} vs champion v${report.championVersion} (${report.status})`,
  );
  print(
    `  ${report.elapsedDays.toFixed(1)} of ${report.durationDays} days; ${report.mirroredRequests} mirrored requests, ${report.labelledPairs} labelled pairs (decides from ${report.minSamples})`,
  );
  print(
    formatTable(
      ['', 'champion', 'challenger'],
      [
        [report.metric, fmt(report.championValue), fmt(report.challengerValue)],
        ['latency p50 (ms)', fmt(report.latencyMsP50.champion, 2), fmt(report.latencyMsP50.challenger, 2)],
      ],
    ),
  );
  print(`  agreement rate ${fmt(report.agreementRate, 3)}`);
  print(
    `  mean improvement ${fmt(report.meanDifference)}; always-valid bounds [${fmt(report.interval?.lower ?? null)}, ${fmt(report.interval?.upper ?? null)}]; margin ${fmt(report.margin)}`,
  );
  print(
    `  verdict so far: ${report.verdictSoFar}${report.verdictSoFar === 'continue' ? ` (${describePairsNeeded(report)} at the observed effect)` : ''}`,
  );
}

export function registerShadow(program: Command): void {
  const shadow = program
    .command('shadow')
    .description('Shadow tests: a challenger beside the champion on live traffic');

  shadow
    .command('start [version]')
    .description(
      'Start a shadow test of a challenger (default: the newest) against the champion (served by `podium serve`)',
    )
    .addOption(modelOption())
    .option('--json', 'print as JSON')
    .action(async (ref: string | undefined, options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const test = await client.send('shadow.start', { model: joinModelRef(options.model, ref) });
        if (json) printJson(test);
        else
          print(
            `Shadow test #${test.id} of v${test.challengerVersion} against champion v${test.championVersion} is running.`,
          );
      });
    });

  shadow
    .command('status')
    .description('Open shadow tests: pairs in, interval so far, pairs still needed, time left')
    .addOption(modelOption())
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const tests = (await client.send('shadow.list', { model: options.model })).slice(0, 5);
        const reports: ShadowTestReport[] = [];
        for (const test of tests)
          reports.push((await client.send('shadow.status', { testId: test.id })).report);
        if (json) {
          const { ShadowTestReportSchema } = await import('../../contract/schemas/index.js');
          printJson(reports.map((report) => toSnakeCaseDocument(ShadowTestReportSchema, report)));
          return;
        }
        if (reports.length === 0)
          print(
            `No shadow tests${options.model ? ` for ${options.model}` : ''}. Start one: podium shadow start <version>`,
          );
        for (const report of reports) printShadowReport(report);
      });
    });

  shadow
    .command('stop [version]')
    .description('Stop the open shadow test (of a version, or all of the model)')
    .option('--reason <text>', 'why', 'stopped by hand')
    .addOption(modelOption())
    .action(
      async (ref: string | undefined, options: { reason: string; model?: string }, command: Command) => {
        await runWithClient(command, async ({ client }) => {
          // Without a version, the shadow tests of the model named, or of the default model.
          const model = joinModelRef(options.model, ref ?? 'shadow');
          const version = (ref && parseModelRef(ref).version) ?? null;
          const open = (await client.send('shadow.list', { model })).filter(
            (t) =>
              (t.status === 'pending' || t.status === 'running') &&
              (version === null || t.challengerVersion === version),
          );
          if (open.length === 0)
            throw new PodiumError(
              'NOT_FOUND',
              `No open shadow test${version ? ` of v${version}` : ''}${options.model ? ` for ${options.model}` : ''}`,
            );
          for (const test of open) {
            await client.send('shadow.stop', { testId: test.id, reason: options.reason });
            print(`Stopped shadow test #${test.id} (v${test.challengerVersion}).`);
          }
        });
      },
    );

  shadow
    .command('plan')
    .description('Pairs and days a shadow test needs (power 0.8 at the configured significance)')
    .requiredOption(
      '--baseline <value>',
      "the champion's accuracy (binary) or mean absolute error (number)",
      positiveNumber,
    )
    .requiredOption(
      '--min-effect <value>',
      'smallest improvement worth detecting: accuracy points (binary) or relative MAE reduction (number)',
      positiveNumber,
    )
    .addOption(
      new Option('--task <task>', 'binary or number').choices(['binary', 'number']).default('binary'),
    )
    .option('--pairs-per-day <n>', 'labelled pairs per day', positiveNumber)
    .option('--margin <value>', 'promotion margin in the units of --min-effect', nonNegativeNumber, 0)
    .option('--json', 'print as JSON')
    .action(
      async (
        options: {
          baseline: number;
          minEffect: number;
          task: 'binary' | 'number';
          pairsPerDay?: number;
          margin: number;
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const plan = await client.send('shadow.plan', {
            task: options.task,
            baseline: options.baseline,
            minEffect: options.minEffect,
            margin: options.margin,
            pairsPerDay: options.pairsPerDay,
          });
          if (json) {
            printJson(plan);
            return;
          }
          print(
            `Fixed-horizon test: ${plan.fixedHorizonPairs} labelled pairs${plan.fixedHorizonDays !== null ? ` (${plan.fixedHorizonDays.toFixed(1)} days)` : ''}.`,
          );
          print(
            `Sequential test (look any time): about ${plan.sequentialPairs} pairs${plan.sequentialDays !== null ? ` (${plan.sequentialDays.toFixed(1)} days)` : ''} at that effect.`,
          );
          for (const assumption of plan.assumptions) print(`  - ${assumption}`);
        });
      },
    );

  shadow
    .command('simulate')
    .description('Simulate shadow tests with continuous monitoring through the decision code the app uses')
    .addOption(
      new Option('--task <task>', 'binary or number').choices(['binary', 'number']).makeOptionMandatory(),
    )
    .requiredOption(
      '--effect <multiple>',
      'true improvement in multiples of the margin (0 = no better)',
      nonNegativeNumber,
    )
    .requiredOption('--trials <n>', 'simulated tests', positiveInteger)
    .option('--seed <n>', 'random seed', nonNegativeInteger, 42)
    .option('--baseline <value>', 'champion accuracy (binary) or MAE (number)', positiveNumber)
    .option('--max-pairs <n>', 'pairs after which a test stops undecided', positiveInteger, 20_000)
    .option('--json', 'print as JSON')
    .action(
      async (
        options: {
          task: 'binary' | 'number';
          effect: number;
          trials: number;
          seed: number;
          baseline?: number;
          maxPairs: number;
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const { ShadowSimulationSchema } = await import('../../contract/schemas/index.js');
          const result = toSnakeCaseDocument(
            ShadowSimulationSchema,
            await client.send('shadow.simulate', {
              task: options.task,
              effect: options.effect,
              trials: options.trials,
              seed: options.seed,
              baseline: options.baseline,
              maxPairs: options.maxPairs,
            }),
          );
          if (json) printJson(result);
          else print(JSON.stringify(result, null, 2));
        });
      },
    );
}
