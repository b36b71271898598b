import type { Command } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import type { LineageChain } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description(
      'Training data → training code → model → prediction code → predictions, for a version or a prediction',
    )
    .argument('<ref>', 'a prediction id (pred-…) or a version (3, name:3, name:champion)')
    .addOption(modelOption())
    .option('--json', 'print as JSON')
    .action(async (ref: string, options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        // Prediction ids are made as pred-<hex>; anything else is a version reference.
        const chain = await client.send(
          'lineage.get',
          ref.startsWith('pred-') ? { predictionId: ref } : { model: joinModelRef(options.model, ref) },
        );
        const { LineageChainSchema } = await import('../../contract/schemas/index.js');
        if (json) printDocument(LineageChainSchema, chain);
        else printChain(chain);
      });
    });
}

export function printChain(chain: LineageChain): void {
  const { trainingData: data, trainingCode: code, model } = chain;
  print('Training data');
  print(`  dataset   ${data.datasetId}`);
  print(`  file      ${data.fileName ?? '-'} (${data.rows ?? '?'} rows)`);
  print('Training code');
  print(`  run       ${code.runId}`);
  print(`  git       ${gitLine(code.code)}`);
  print(`  podium    ${code.code?.podiumVersion ?? code.libraryVersions.podium ?? '-'}`);
  print(`  config    ${code.configSha256 ?? '- (not recorded)'}`);
  print(`  model cfg ${code.modelConfigSha256}`);
  print(`  seeds     ${code.seeds ? JSON.stringify(code.seeds) : '- (not recorded)'}`);
  print(`  libraries ${libraries(code.libraryVersions)}`);
  print(`  backend   ${code.backend}`);
  print('Model');
  print(`  ${model.name} v${model.version} (${model.modelType}, ${model.stage})`);
  print(`  package   ${model.packageSha256}`);
  print(`  metrics   ${formatMetrics(model.metrics)}`);
  if (chain.predictions.length === 0) {
    print('Predictions: none yet');
    return;
  }
  for (const prediction of chain.predictions) {
    print(`Prediction code (${prediction.id})`);
    print(`  git       ${gitLine(prediction.predictionCode.code)}`);
    print(`  podium    ${prediction.predictionCode.code.podiumVersion}`);
    print(`  backend   ${prediction.predictionCode.backend}`);
    print('Predictions');
    print(`  input     ${prediction.input.path} (${prediction.input.sha256})`);
    print(`  output    ${prediction.output.path} (${prediction.output.sha256})`);
    print(`  rows      ${prediction.rows}, at ${prediction.createdAt}`);
  }
}

function gitLine(code: LineageChain['trainingCode']['code']): string {
  if (!code || code.gitCommit === null) return '- (not a git repository)';
  return `${code.gitCommit.slice(0, 12)} on ${code.gitBranch ?? '(detached)'}${code.gitDirty ? ', uncommitted changes' : ''}`;
}

function libraries(versions: Record<string, string>): string {
  return Object.entries(versions)
    .map(([name, version]) => `${name}@${version}`)
    .join(' ');
}
