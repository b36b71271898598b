import type { Command } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import type { LineageChain } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, print, printJson } from '../output.js';
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
        if (json) printJson(chain);
        else printChain(chain);
      });
    });
}

export function printChain(chain: LineageChain): void {
  const { training_data: data, training_code: code, model } = chain;
  print('Training data');
  print(`  dataset   ${data.dataset_id}`);
  print(`  file      ${data.file_name ?? '-'} (${data.rows ?? '?'} rows)`);
  print('Training code');
  print(`  run       ${code.run_id}`);
  print(`  git       ${gitLine(code.code)}`);
  print(`  podium    ${code.code?.podium_version ?? code.library_versions.podium ?? '-'}`);
  print(`  config    ${code.config_sha256 ?? '- (not recorded)'}`);
  print(`  model cfg ${code.model_config_sha256}`);
  print(`  seeds     ${code.seeds ? JSON.stringify(code.seeds) : '- (not recorded)'}`);
  print(`  libraries ${libraries(code.library_versions)}`);
  print(`  backend   ${code.backend}`);
  print('Model');
  print(`  ${model.name} v${model.version} (${model.model_type}, ${model.stage})`);
  print(`  package   ${model.package_sha256}`);
  print(`  metrics   ${formatMetrics(model.metrics)}`);
  if (chain.predictions.length === 0) {
    print('Predictions: none yet');
    return;
  }
  for (const prediction of chain.predictions) {
    print(`Prediction code (${prediction.id})`);
    print(`  git       ${gitLine(prediction.prediction_code.code)}`);
    print(`  podium    ${prediction.prediction_code.code.podium_version}`);
    print(`  backend   ${prediction.prediction_code.backend}`);
    print('Predictions');
    print(`  input     ${prediction.input.path} (${prediction.input.sha256})`);
    print(`  output    ${prediction.output.path} (${prediction.output.sha256})`);
    print(`  rows      ${prediction.rows}, at ${prediction.created_at}`);
  }
}

function gitLine(code: LineageChain['training_code']['code']): string {
  if (!code || code.git_commit === null) return '- (not a git repository)';
  return `${code.git_commit.slice(0, 12)} on ${code.git_branch ?? '(detached)'}${code.git_dirty ? ', uncommitted changes' : ''}`;
}

function libraries(versions: Record<string, string>): string {
  return Object.entries(versions)
    .map(([name, version]) => `${name}@${version}`)
    .join(' ');
}
