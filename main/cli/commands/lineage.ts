import type { Command } from 'commander';
import { parseVersionRef } from '../../common/version-ref.js';
import type { LineageChain } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, print, printJson } from '../output.js';

export function registerLineage(program: Command): void {
  program
    .command('lineage')
    .description(
      'Training data → training code → model → prediction code → predictions, for a version or a prediction',
    )
    .argument('<ref>', 'a version (3, v3, name:3) or a prediction id (pred-…)')
    .option('--json', 'print as JSON')
    .action(async (ref: string, _options: unknown, command: Command) => {
      await runWithClient(command, async ({ client, config, json }) => {
        // A prediction id first; anything else must be a version (or the reference is refused).
        const prediction = await client.sendCatch('lineage.get', { predictionId: ref });
        if (prediction.error && prediction.error.code !== 'NOT_FOUND') throw prediction.error;
        let chain = prediction.data;
        if (!chain) {
          const { modelName, version } = parseVersionRef(ref, config.training.model_name);
          chain = await client.send('lineage.get', { model: modelName, version });
        }
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
