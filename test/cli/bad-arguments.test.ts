import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Argument, Command, Option } from 'commander';
import { buildProgram, main } from '../../main/cli/main.js';
import { modelReference, port, portOrZero } from '../../main/cli/parse-options.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * Every command of the real program (walked from commander, so a new command is covered the day
 * it is added) with input a user gets wrong: required arguments left out, a file that is not
 * there, a model that does not exist, a port that is none. Each must fail (exit ≠ 0) with a
 * sentence: never "Internal error", a PodiumError's name or a stack trace.
 */

const MISSING_FILE = '/nonexistent/podium-test/missing.csv';
const BOGUS_MODEL = 'nosuch-model';
/** A dataset id (or prefix) that names no snapshot. */
const BOGUS_DATASET = 'ffff0000';
/** Options that name a file Podium reads. */
const READ_OPTIONS = new Set(['--data', '--input', '--config']);

type Case = { args: string[]; why: string };

function leafCommands(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  if (command.commands.length === 0) return [{ path, command }];
  return command.commands.flatMap((sub) => leafCommands(sub, [...path, sub.name()]));
}

/** A value a user could mean for an argument or option, so a case fails for the one thing it spoils. */
function plausible(name: string, dir: string): string {
  const values: Record<string, string> = {
    data: join(dir, 'churn.csv'),
    input: join(dir, 'churn.csv'),
    output: join(dir, 'out.csv'),
    target: 'churned',
    samples: '10',
    baseline: '0.8',
    'min-effect': '0.02',
    task: 'binary',
    effect: '0',
    trials: '1',
    rate: '5',
    to: 'prod',
    version: '1',
    ref: '1',
    'decision-id': '1',
  };
  return values[name] ?? join(dir, `new-${name}.tgz`);
}

const isReadFile = (argument: Argument) =>
  argument.name() === 'file' && !/write|must not exist/.test(argument.description);
const isModelReference = (option: Option) => option.parseArg === modelReference;
const isPort = (option: Option) => option.parseArg === port || option.parseArg === portOrZero;

function casesFor(path: string[], command: Command, dir: string): Case[] {
  const required = command.options.filter((o) => o.mandatory);
  const positional = command.registeredArguments;
  /** The command with every required argument and option filled, but for `replace`'s changes. */
  const filled = (replace: { argument?: Argument; value?: string; option?: Option } = {}) => [
    ...path,
    ...positional
      .filter((a) => a.required || a === replace.argument)
      .map((a) => (a === replace.argument ? (replace.value ?? '') : plausible(a.name(), dir))),
    ...required
      .filter((o) => o !== replace.option)
      .flatMap((o) => [
        o.long ?? '',
        plausible(
          o.attributeName().replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
          dir,
        ),
      ]),
  ];
  const cases: Case[] = [];
  if (required.length > 0 || positional.some((a) => a.required))
    cases.push({ args: [...path], why: 'required arguments left out' });
  for (const option of command.options.filter((o) => o.long && READ_OPTIONS.has(o.long)))
    cases.push({
      args: [...filled({ option }), option.long ?? '', MISSING_FILE],
      why: `${option.long} names no file`,
    });
  for (const argument of positional.filter(isReadFile))
    cases.push({
      args: filled({ argument, value: MISSING_FILE }),
      why: `<${argument.name()}> names no file`,
    });
  if (command.options.some(isModelReference)) {
    cases.push({ args: [...filled(), '--model', BOGUS_MODEL], why: '--model names no model' });
    for (const argument of positional.filter((a) => ['version', 'ref'].includes(a.name())))
      cases.push({
        args: filled({ argument, value: `${BOGUS_MODEL}:1` }),
        why: `<${argument.name()}> names no model`,
      });
  }
  for (const argument of positional.filter((a) => a.name() === 'id'))
    cases.push({ args: filled({ argument, value: BOGUS_DATASET }), why: '<id> names no dataset' });
  for (const option of command.options.filter(isPort)) {
    cases.push({ args: [...filled(), option.long ?? '', '99999'], why: `${option.long} is past 65535` });
    cases.push({ args: [...filled(), option.long ?? '', 'http'], why: `${option.long} is not a number` });
  }
  return cases;
}

type Outcome = { exitCode: number; output: string; thrown: unknown };

/**
 * Runs `podium <args>` in this process, as bin/podium.js does, with stdout and stderr caught: a
 * fresh process per case costs a second of CPU here, and there are many cases. What escapes
 * `main` would reach Node's top level (a stack trace), so it counts as one.
 */
async function runInProcess(args: string[], workspace: string): Promise<Outcome> {
  const caught: string[] = [];
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const catcher = ((chunk: string | Uint8Array) => {
    caught.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = catcher;
  process.stderr.write = catcher;
  process.exitCode = 0;
  let thrown: unknown = null;
  try {
    await main(['node', 'podium', '--workspace', workspace, ...args]);
  } catch (error) {
    thrown = error;
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { exitCode, output: caught.join(''), thrown };
}

/** A small churn table: the model trained on it is named after the file. */
function writeChurn(file: string): void {
  const lines = ['age,plan,monthly,tenure,churned'];
  for (let i = 0; i < 240; i++) {
    const monthly = 10 + ((i * 37) % 90);
    const tenure = (i * 13) % 60;
    const churned = (monthly > 60 && tenure < 20) || i % 11 === 0 ? 1 : 0;
    lines.push(`${18 + (i % 60)},${['basic', 'pro', 'max'][i % 3]},${monthly},${tenure},${churned}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function problem(outcome: Outcome): string | null {
  if (outcome.thrown !== null) return `threw ${String(outcome.thrown)}`;
  if (outcome.exitCode === 0) return 'exited 0';
  if (/Internal error/.test(outcome.output)) return 'said "Internal error"';
  if (/PodiumError:/.test(outcome.output)) return 'printed "PodiumError:"';
  if (/^ {4}at /m.test(outcome.output)) return 'printed a stack trace';
  return null;
}

test('every command given bad arguments fails with a sentence: no internal error, no stack trace, exit ≠ 0', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir('podium-bad-args-');
  const workspace = join(dir, 'ws');
  for (const key of Object.keys(process.env)) if (key.startsWith('PODIUM_')) delete process.env[key];
  process.env.PODIUM_TRAINING_MODEL_TYPE = 'linear';
  process.env.PODIUM_MONITORING_METRICS_PORT = '0';
  writeChurn(join(dir, 'churn.csv'));
  const churn = ['--data', join(dir, 'churn.csv'), '--target', 'churned'];
  const trained = await runInProcess(['train', ...churn, '--auto-evaluate'], workspace);
  assert.equal(trained.exitCode, 0, trained.output);
  // Named after its data file, and the workspace's only model: the default of every command.
  assert.match(trained.output, /Registered churn v1 /);

  const cases = leafCommands(buildProgram()).flatMap(({ path, command }) =>
    casesFor(path, command, dir).map((c) => ({ ...c, command: path.join(' ') })),
  );
  const commands = new Set(cases.map((c) => c.command));
  for (const expected of [
    'train',
    'drift',
    'serve',
    'ui',
    'evaluate',
    'services logs',
    'lineage',
    'replay',
    'data add',
    'data show',
    'data rm',
  ])
    assert.ok(commands.has(expected), `no case for ${expected}`);
  const failures: string[] = [];
  for (const c of cases) {
    const outcome = await runInProcess(c.args, workspace);
    const found = problem(outcome);
    if (found !== null) failures.push(`podium ${c.args.join(' ')} (${c.why}) ${found}:\n${outcome.output}`);
  }
  assert.deepEqual(failures, [], failures.join('\n\n'));

  // A second model: an unknown one is named with the models there are, and none named is a usage
  // error that lists them and says how to pick one.
  writeChurn(join(dir, 'upsell.csv'));
  const second = await runInProcess(
    ['train', '--data', join(dir, 'upsell.csv'), '--target', 'churned'],
    workspace,
  );
  assert.equal(second.exitCode, 0, second.output);
  assert.match(
    second.output,
    /upsell is a new model, named after upsell\.csv; to train a version of churn instead, give --model NAME/,
  );
  const unknown = await runInProcess(['status', '--model', BOGUS_MODEL], workspace);
  assert.equal(unknown.exitCode, 1, unknown.output);
  assert.match(
    unknown.output,
    new RegExp(`No model named ${BOGUS_MODEL}; the registered models are churn, upsell`),
  );
  const which = await runInProcess(['drift', ...churn.slice(0, 2)], workspace);
  assert.equal(which.exitCode, 2, which.output);
  assert.match(which.output, /Several models are registered \(churn, upsell\); name one with --model NAME/);
  for (const model of ['churn', 'churn:1', 'churn:champion']) {
    const named = await runInProcess(['drift', ...churn.slice(0, 2), '--model', model, '--json'], workspace);
    assert.equal(named.exitCode, 0, named.output);
    assert.equal(JSON.parse(named.output.slice(named.output.indexOf('{'))).model, 'churn');
  }

  // The dataset training used: removing it is refused with a sentence naming who uses it.
  const listed = await runInProcess(['data', 'list', '--json'], workspace);
  const datasets = JSON.parse(listed.output.slice(listed.output.indexOf('['))) as {
    id: string;
    source_name: string;
  }[];
  const churnData = datasets.find((dataset) => dataset.source_name === 'churn.csv');
  assert.ok(churnData, listed.output);
  const inUse = await runInProcess(['data', 'rm', churnData.id.slice(0, 8)], workspace);
  assert.equal(inUse.exitCode, 1, inUse.output);
  assert.match(
    inUse.output,
    /\(churn\.csv\) is still used by registered versions churn v1, upsell v1; runs [0-9a-f-]+, [0-9a-f-]+; decision 1; drift reports 1, 2, 3; nothing was removed\n/,
  );
  assert.equal(problem(inUse), null);
});
