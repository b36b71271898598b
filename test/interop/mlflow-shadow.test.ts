import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeSampleData } from '../../main/data/index.js';
import { importMlflowModel } from '../../main/interop/mlflow/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { replay } from '../../main/serving/replay.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { startServingController } from '../helpers/serving-controller.js';
import { storesOf } from '../helpers/stores.js';
import type { TrainedWorkspace } from '../helpers/trained-workspace.js';
import { fakeClock, tempDir, tempWorkspace } from '../helpers/workspace.js';
import { attr, onnxModel, tensorSpec, valueInfo, writeMlflowDir } from './mlflow-dirs.js';

/**
 * A credit-risk scorecard from another tool, over three of the champion's fields, each its own
 * [N,1] graph input (int64, float64, int64) cast and concatenated into ONNX-ML's
 * LinearClassifier with int64 labels 0 and 1: the champion's own classes.
 */
const INTERCEPT = 0.02 * 690 - 8 * 0.28 - 0.8 * 0.6 - 1.4;

function scorecardOnnx(): Uint8Array {
  const cast = (input: string) => ({
    opType: 'Cast',
    input: [input],
    output: [`${input}_f`],
    attribute: [attr.int('to', 1)],
  });
  const weights = [-0.02, 8, 0.8];
  const intercept = INTERCEPT;
  return onnxModel({
    name: 'scorecard',
    node: [
      cast('credit_score'),
      cast('debt_to_income'),
      cast('num_late_payments'),
      {
        opType: 'Concat',
        input: ['credit_score_f', 'debt_to_income_f', 'num_late_payments_f'],
        output: ['x'],
        attribute: [attr.int('axis', 1)],
      },
      {
        opType: 'LinearClassifier',
        domain: 'ai.onnx.ml',
        input: ['x'],
        output: ['label', 'probabilities'],
        attribute: [
          attr.floats('coefficients', [...weights.map((w) => -w), ...weights]),
          attr.floats('intercepts', [-intercept, intercept]),
          attr.ints('classlabels_ints', [0, 1]),
          attr.string('post_transform', 'LOGISTIC'),
        ],
      },
    ],
    input: [
      valueInfo('credit_score', 'int64', ['N', 1]),
      valueInfo('debt_to_income', 'float64', ['N', 1]),
      valueInfo('num_late_payments', 'int64', ['N', 1]),
    ],
    output: [valueInfo('label', 'int64', ['N']), valueInfo('probabilities', 'float32', ['N', 2])],
  });
}

const clock = fakeClock();
const workspace = tempWorkspace({
  clock,
  configure: (config) => {
    config.serving.service_port_start = 20_000 + Math.floor(Math.random() * 30_000);
  },
});
const stores = storesOf(workspace);
const manager = new ChampionChallengerManager(workspace, stores);
const dirs = tempDir('podium-mlflow-shadow-');
let controller: ServingController | undefined;
let baselineFile: string;
let driftFile: string;

before(async () => {
  const dataDir = join(workspace.paths.root, 'raw');
  baselineFile = await writeSampleData({ samples: 400, drift: false, seed: 42, outputDir: dataDir });
  driftFile = await writeSampleData({ samples: 400, drift: true, seed: 42, outputDir: dataDir });
  await manager.trainChallenger(baselineFile, { modelType: 'linear', autoEvaluate: true });
  assert.equal(stores.versions.champion('credit-risk')?.version, 1);
});

after(async () => {
  await controller?.stop();
  workspace.cleanup();
  rmSync(dirs, { recursive: true, force: true });
});

test('an outside MLflow ONNX challenger is evaluated, shadow-tested beside a Podium champion and reported', async () => {
  const dir = writeMlflowDir(join(dirs, 'scorecard'), {
    onnx: scorecardOnnx(),
    inputs: [
      tensorSpec('credit_score', 'int64', [-1, 1]),
      tensorSpec('debt_to_income', 'float64', [-1, 1]),
      tensorSpec('num_late_payments', 'int64', [-1, 1]),
    ],
    outputs: [tensorSpec('label', 'int64', [-1]), tensorSpec('probabilities', 'float32', [-1, 2])],
  });
  const report = await importMlflowModel(workspace, stores, dir, {
    modelName: 'credit-risk',
    data: baselineFile,
    target: 'target',
  });
  assert.equal(report.version, 2);
  assert.deepEqual(report.classes, ['0', '1']);
  assert.ok(report.metrics.roc_auc > 0.6, `the scorecard ranks risk: ${JSON.stringify(report.metrics)}`);

  // Compared with the champion on one holdout, through the same predictor interface.
  const decision = await manager.evaluateChallenger('credit-risk:2');
  assert.ok(decision.metrics.challenger?.roc_auc !== undefined, JSON.stringify(decision.metrics));

  const version = stores.versions.get('credit-risk', 2);
  const shadowTest = manager.shadow.start(version, 'test');
  const trained = { workspace, stores, manager, clock } as unknown as TrainedWorkspace;
  let url: string;
  ({ controller, url } = await startServingController(trained));
  assert.deepEqual(
    controller
      .services()
      .map((s) => [s.version, s.role, s.handle.runtime])
      .sort(),
    [
      [1, 'champion', 'process'],
      [2, 'shadow', 'process'],
    ],
  );
  // The imported model's own service answers /predict through ONNX Runtime, as any service does.
  const service = controller.services().find((s) => s.version === 2)!;
  const direct = await fetch(`${service.handle.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ credit_score: 520, debt_to_income: 0.6, num_late_payments: 4, region: 'north' }),
  });
  const answer = (await direct.json()) as { prediction: string; probabilities?: Record<string, number> };
  assert.equal(direct.status, 200, JSON.stringify(answer));
  const p = 1 / (1 + Math.exp(-(-0.02 * 520 + 8 * 0.6 + 0.8 * 4 + INTERCEPT)));
  assert.equal(answer.prediction, p >= 0.5 ? '1' : '0', JSON.stringify(answer));
  const refused = await fetch(`${service.handle.url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ credit_score: 'high', debt_to_income: 0.6, num_late_payments: 4 }),
  });
  assert.equal(refused.status, 400);
  assert.match(JSON.stringify(await refused.json()), /credit_score/);

  const result = await replay({ gatewayUrl: url, file: driftFile, rate: 2000, limit: 120, concurrency: 8 });
  assert.equal(result.failed, 0, JSON.stringify(result.statuses));
  assert.equal(result.labelled, 120);
  await controller.gateway.mirrorsIdle();
  const shadow = manager.shadow.report(stores.shadowTests.get(shadowTest.id)!);
  assert.equal(shadow.mirroredRequests, 120);
  assert.equal(shadow.labelledPairs, 120);
  assert.ok(shadow.challengerValue !== null && shadow.championValue !== null, JSON.stringify(shadow));
  assert.ok(shadow.agreementRate! > 0, 'the two models answered the same requests');
});
