import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { registerLineage } from '../../main/cli/commands/lineage.js';
import { registerPredict } from '../../main/cli/commands/predict.js';
import { registerReproduce } from '../../main/cli/commands/reproduce.js';
import type { LineageChain, ReproduceReport } from '../../main/lineage/index.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/** Runs one command of a program holding only these modules' commands; returns its JSON output. */
async function podiumJson<T>(workspaceDir: string, args: string[]): Promise<T> {
  const program = new Command('podium').option('--workspace <dir>').exitOverride();
  registerPredict(program);
  registerLineage(program);
  registerReproduce(program);
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  // The test runner reports on stdout too: keep only the command's JSON document.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('{')) {
      printed.push(chunk);
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'podium', '--workspace', workspaceDir, ...args, '--json']);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(process.exitCode ?? 0, 0, `podium ${args.join(' ')} failed: ${printed.join('')}`);
  return JSON.parse(printed.join('')) as T;
}

describe('podium predict, lineage and reproduce commands', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
  });
  after(() => trained.workspace.cleanup());

  test('lineage of a prediction id and of a version, as JSON', async () => {
    const root = trained.workspace.paths.root;
    const output = join(root, 'scored.csv');
    const predicted = await podiumJson<{ id: string }>(root, [
      'predict',
      '--model',
      'credit-risk:1',
      '--input',
      trained.baselineFile,
      '--output',
      output,
    ]);
    const byPrediction = await podiumJson<LineageChain>(root, ['lineage', predicted.id]);
    assert.deepEqual(byPrediction.subject, { kind: 'prediction', id: predicted.id });
    assert.equal(byPrediction.predictions[0].output.path, output);
    const byVersion = await podiumJson<LineageChain>(root, ['lineage', 'v1']);
    assert.equal(byVersion.model.version, 1);
    assert.deepEqual(
      byVersion.predictions.map((p) => p.id),
      [predicted.id],
    );
  });

  test('reproduce --json reports an exact match; --script writes an executable script', async () => {
    const root = trained.workspace.paths.root;
    const report = await podiumJson<ReproduceReport>(root, ['reproduce', '1']);
    assert.equal(report.matches, true);
    const script = join(root, 'reproduce-v2.sh');
    const written = await podiumJson<{ script: string }>(root, ['reproduce', '2', '--script', script]);
    assert.equal(written.script, script);
    assert.ok(statSync(script).mode & 0o100);
  });
});
