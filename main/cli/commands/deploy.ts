import { type Command, InvalidArgumentError } from 'commander';
import type { DeployReport, DeployTarget } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';
import { modelReference } from '../parse-options.js';

function canaryPercent(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed < 1 || parsed > 99)
    throw new InvalidArgumentError('expected a share of traffic from 1 to 99 (percent)');
  return parsed;
}

type DeployFlags = {
  out: string;
  namespace?: string;
  image?: string;
  storageUri?: string;
  challenger?: string;
  challengerImage?: string;
  challengerStorageUri?: string;
  canary?: number;
  shadow?: boolean;
};

/** `podium deploy kserve|kubernetes MODEL:ALIAS --out DIR`: manifests for a team's cluster. */
export function registerDeploy(program: Command): void {
  const deploy = program
    .command('deploy')
    .description(
      'Write Kubernetes manifests that run a version on a cluster (KServe, or a plain Deployment)',
    );

  const kserve = target(deploy, 'kserve')
    .description(
      'KServe InferenceService (Open Inference Protocol v2); a challenger as a canary or a mirrored shadow',
    )
    .option(
      '--storage-uri <uri>',
      "serve the version's ONNX export (model.onnx) from this folder with KServe's ONNX runtime",
    )
    .option('--image <image>', 'the Podium service image the cluster pulls (default: the one podium builds)')
    .option(
      '--challenger <ref>',
      'the version a canary or shadow runs (default: MODEL:challenger)',
      modelReference,
    )
    .option('--challenger-storage-uri <uri>', "the challenger's ONNX folder (with --storage-uri)")
    .option('--challenger-image <image>', "the challenger's service image")
    .option(
      '--canary <percent>',
      'send this share of traffic to the challenger (KServe canaryTrafficPercent)',
      canaryPercent,
    )
    .option(
      '--shadow',
      'mirror all traffic to the challenger (an Istio VirtualService; answers come from the champion)',
    );
  addCommon(kserve).action((ref: string | undefined, options: DeployFlags, command: Command) =>
    run('kserve', ref, options, command),
  );

  const kubernetes = target(deploy, 'kubernetes')
    .description('A plain Deployment and Service of the Podium service image, for clusters without KServe')
    .option('--image <image>', 'the Podium service image the cluster pulls (default: the one podium builds)');
  addCommon(kubernetes).action((ref: string | undefined, options: DeployFlags, command: Command) =>
    run('kubernetes', ref, options, command),
  );
}

/** A deploy target's command, with what every target takes first: the version and the folder. */
function target(deploy: Command, name: DeployTarget): Command {
  return deploy
    .command(name)
    .argument(
      '[ref]',
      'the version to serve (churn:champion, churn:3; default: the champion)',
      modelReference,
    )
    .requiredOption(
      '--out <dir>',
      'folder to write the manifests to (made when missing; existing files are kept)',
    );
}

function addCommon(command: Command): Command {
  return command
    .option('--namespace <ns>', 'the namespace the objects go to', 'default')
    .option('--json', 'print the report as JSON');
}

async function run(target: DeployTarget, ref: string | undefined, options: DeployFlags, command: Command) {
  await runWithClient(command, async ({ client, json }) => {
    const report = await client.send('deploy.manifests', {
      target,
      model: ref,
      outDir: options.out,
      namespace: options.namespace,
      image: options.image,
      storageUri: options.storageUri,
      challenger: options.challenger,
      challengerImage: options.challengerImage,
      challengerStorageUri: options.challengerStorageUri,
      canaryPercent: options.canary,
      shadow: options.shadow,
    });
    const { DeployReportSchema } = await import('../../contract/schemas/index.js');
    if (json) printDocument(DeployReportSchema, report);
    else printDeployReport(report);
  });
}

function printDeployReport(report: DeployReport): void {
  const served = (version: DeployReport['champion']) =>
    `${version.model} v${version.version} as ${version.name} (${version.storageUri ? `ONNX from ${version.storageUri}` : version.image})`;
  print(`Wrote ${report.target} manifests for ${served(report.champion)} to ${report.outDir}`);
  if (report.challenger) {
    const how =
      report.rollout === 'canary' ? `canary at ${report.canaryPercent}%` : 'shadow (mirrored traffic)';
    print(`Challenger: ${served(report.challenger)}, ${how}`);
  }
  for (const file of report.files) print(`  ${file.file}  (${file.kinds.join(', ')})`);
  print('Then:');
  for (const [index, step] of report.steps.entries()) print(`  ${index + 1}. ${step}`);
}
