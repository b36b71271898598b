import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registerDrift } from '../../main/cli/commands/drift.js';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { registerPredict } from '../../main/cli/commands/predict.js';
import type { MlflowImportReport } from '../../main/contract/index.js';
import { readManifest } from '../../main/registry/index.js';
import { loadPredictor } from '../../main/training/index.js';
import { type CommandOutcome, commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { storesOf } from '../helpers/stores.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';
import {
  attr,
  linearClassifierOnnx,
  linearRegressionOnnx,
  onnxModel,
  tensorSpec,
  valueInfo,
  writeMlflowDir,
} from './mlflow-dirs.js';

/** What `podium import --json` prints: the report in snake_case. */
type CliReport = Omit<MlflowImportReport, 'packagePath' | 'evaluatedRows'> & {
  package_path: string;
  evaluated_rows: number;
};
type ErrorJson = { error: { code: string; message: string; details?: Record<string, unknown> } };

const REGRESSION_INPUTS = [
  { type: 'float', name: 'a', required: true },
  { type: 'float', name: 'b', required: true },
  { type: 'float', name: 'c', required: true },
];
const REGRESSION_OUTPUTS = [tensorSpec('variable', 'float32', [-1, 1])];
const regression = (a: number, b: number, c: number) => 2 * a - 3 * b + 0.5 * c + 1;

describe('podium import DIR: an MLflow ONNX model from another tool', () => {
  const workspace = tempWorkspace();
  const stores = storesOf(workspace);
  const root = workspace.paths.root;
  const dirs = tempDir('podium-mlflow-');

  const run = <T>(args: string[]): Promise<CommandOutcome<T>> =>
    commandOutcome<T>([registerPortable], root, args);
  const refused = async (dir: string, pattern: RegExp, extra: string[] = []) => {
    const before = {
      versions: stores.versions.list('outside').length,
      datasets: readdirSync(workspace.paths.datasets, { withFileTypes: true }).length,
    };
    const outcome = await run<ErrorJson>(['import', dir, '--model', 'outside', ...extra]);
    assert.notEqual(outcome.exitCode, 0);
    assert.match(outcome.json.error.message, pattern);
    assert.doesNotMatch(outcome.json.error.message, /Internal error|\n\s+at /);
    assert.equal(stores.versions.list('outside').length, before.versions, 'no version was stored');
    assert.equal(readdirSync(workspace.paths.datasets).length, before.datasets, 'no dataset was left behind');
    return outcome.json.error;
  };

  before(() => {
    // The datasets folder exists from the start, so "nothing left behind" is countable.
    mkdirSync(workspace.paths.datasets, { recursive: true });
  });
  after(async () => {
    workspace.cleanup();
    rmSync(dirs, { recursive: true, force: true });
  });

  test('a linear regression over three [N,1] inputs: registered as a challenger, scored exactly', async () => {
    const dir = writeMlflowDir(join(dirs, 'regression'), {
      onnx: linearRegressionOnnx(),
      inputs: REGRESSION_INPUTS,
      outputs: REGRESSION_OUTPUTS,
      example: {
        columns: ['a', 'b', 'c'],
        data: [
          [1, 2, 3],
          [0.5, -1, 4],
        ],
      },
    });
    const report = await commandJson<CliReport>([registerPortable], root, [
      'import',
      dir,
      '--model',
      'price',
    ]);
    assert.equal(report.model, 'price');
    assert.equal(report.version, 1);
    assert.equal(report.stage, 'challenger');
    assert.equal(report.task, 'number');
    assert.equal(report.target, 'variable');
    assert.deepEqual(report.inputs, [
      { name: 'a', type: 'number' },
      { name: 'b', type: 'number' },
      { name: 'c', type: 'number' },
    ]);
    assert.deepEqual(report.metrics, {});
    assert.match(report.warnings.join(' '), /no --data given: the version has no metrics/);

    const version = stores.versions.get('price', 1);
    assert.equal(version.modelType, 'onnx');
    assert.equal(version.stage, 'challenger');
    const manifest = (await readManifest(version.packagePath)) as unknown as Record<string, unknown>;
    assert.equal(manifest.model_type, 'onnx');
    assert.equal(manifest.backend, 'onnxruntime');
    assert.deepEqual((manifest.imported_from as Record<string, unknown>).source, 'mlflow');
    assert.equal(
      (manifest.imported_from as Record<string, unknown>).mlflow_run_id,
      '5d3e9a7b1c2f4e6d8a0b1c2d3e4f5a6b',
    );

    const predictor = await loadPredictor(version.packagePath);
    try {
      assert.equal(predictor.family, 'onnx');
      const rows = [
        { a: 1, b: 2, c: 3 },
        { a: -4.5, b: 0.25, c: 10 },
        { a: 0, b: 0, c: 0 },
      ];
      const { predictions } = await predictor.predictRecords(rows);
      for (const [i, row] of rows.entries())
        assert.ok(Math.abs((predictions[i].value as number) - regression(row.a, row.b, row.c)) < 1e-4);
    } finally {
      predictor.dispose();
    }
  });

  test('a classifier over one [N,3] matrix input, evaluated on --data: labels, probabilities, metrics', async () => {
    const dir = writeMlflowDir(join(dirs, 'classifier'), {
      onnx: linearClassifierOnnx({
        input: 'X',
        weights: [1.5, -2, 0.5],
        intercept: -0.25,
        labels: { strings: ['stay', 'churn'] },
      }),
      inputs: [
        { type: 'double', name: 'usage', required: true },
        { type: 'double', name: 'tickets', required: true },
        { type: 'double', name: 'tenure', required: true },
      ],
      outputs: [tensorSpec('label', 'str', [-1]), tensorSpec('probabilities', 'float32', [-1, 2])],
    });
    const data = join(dirs, 'churn.csv');
    const lines = ['usage,tickets,tenure,churned'];
    for (let i = 0; i < 200; i++) {
      const usage = ((i * 37) % 100) / 25 - 2;
      const tickets = ((i * 53) % 100) / 25 - 2;
      const tenure = ((i * 71) % 100) / 50;
      const score = 1.5 * usage - 2 * tickets + 0.5 * tenure - 0.25;
      // Mostly what the model says, with every tenth row flipped: metrics that are good, not perfect.
      const label = score > 0 !== (i % 10 === 0) ? 'churn' : 'stay';
      lines.push(`${usage},${tickets},${tenure},${label}`);
    }
    writeFileSync(data, `${lines.join('\n')}\n`);
    const report = await commandJson<CliReport>([registerPortable], root, [
      'import',
      dir,
      '--model',
      'churn',
      '--data',
      data,
      '--target',
      'churned',
    ]);
    assert.equal(report.task, 'binary');
    assert.deepEqual(report.classes, ['stay', 'churn']);
    assert.equal(report.target, 'churned');
    assert.ok(report.evaluated_rows >= 20, JSON.stringify(report));
    assert.ok(report.metrics.accuracy > 0.75 && report.metrics.accuracy < 1, JSON.stringify(report.metrics));
    assert.ok(report.metrics.roc_auc > 0.8, JSON.stringify(report.metrics));
    assert.deepEqual(stores.versions.get('churn', 1).metrics, report.metrics);
    const files = readdirSync(report.package_path);
    assert.ok(files.includes('reference-distribution.json'), 'the data is kept as the drift reference');

    // Batch prediction (a worker thread, as `podium predict` runs it): one row per input row.
    const scored = join(dirs, 'churn-scored.csv');
    const batch = await commandJson<{ rows: number; version: number }>([registerPredict], root, [
      'predict',
      '--model',
      'churn:1',
      '--input',
      data,
      '--output',
      scored,
    ]);
    assert.equal(batch.rows, 200);
    const [header, first] = readFileSync(scored, 'utf8').split('\n');
    assert.match(header, /usage,tickets,tenure,churned,.*prediction/);
    const cells = first.split(',');
    const expected =
      1.5 * Number(cells[0]) - 2 * Number(cells[1]) + 0.5 * Number(cells[2]) - 0.25 > 0 ? 'churn' : 'stay';
    assert.ok(cells.includes(expected), `${header} / ${first}`);

    // Drift of a file against the version's reference (its --data rows), prediction included.
    const drift = await commandJson<{
      version: number;
      report: { features: { name: string }[]; prediction?: unknown };
    }>([registerDrift], root, ['drift', '--model', 'churn:1', '--data', data]);
    assert.equal(drift.version, 1);
    assert.deepEqual(drift.report.features.map((f) => f.name).sort(), ['tenure', 'tickets', 'usage']);
    assert.ok(drift.report.prediction, 'the prediction column is compared too');

    const predictor = await loadPredictor(report.package_path);
    try {
      const { predictions } = await predictor.predictRecords([
        { usage: 2, tickets: -1, tenure: 1 },
        { usage: -2, tickets: 1, tenure: 0 },
      ]);
      assert.equal(predictions[0].value, 'churn');
      assert.equal(predictions[1].value, 'stay');
      const p = 1 / (1 + Math.exp(-(1.5 * 2 + 2 + 0.5 - 0.25)));
      assert.ok(Math.abs(predictions[0].probabilities!.churn - p) < 1e-5);
      assert.ok(Math.abs(predictions[0].probabilities!.stay - (1 - p)) < 1e-5);
    } finally {
      predictor.dispose();
    }
  });

  test('a string field (tensor-based signature): category codes reach the graph as the strings sent', async () => {
    // y = x + fee(city): LabelEncoder maps the city, unknown ones (and "") to 100.
    const onnx = onnxModel({
      name: 'fee',
      node: [
        {
          opType: 'LabelEncoder',
          domain: 'ai.onnx.ml',
          input: ['city'],
          output: ['fee'],
          attribute: [
            attr.strings('keys_strings', ['paris', 'lyon']),
            attr.floats('values_floats', [10, 20]),
            attr.float('default_float', 100),
          ],
        },
        { opType: 'Cast', input: ['x'], output: ['x_f'], attribute: [attr.int('to', 1)] },
        { opType: 'Add', input: ['x_f', 'fee'], output: ['y'] },
      ],
      input: [valueInfo('city', 'string', ['N', 1]), valueInfo('x', 'float64', ['N', 1])],
      output: [valueInfo('y', 'float32', ['N', 1])],
    });
    const dir = writeMlflowDir(join(dirs, 'fee'), {
      onnx,
      inputs: [tensorSpec('city', 'str', [-1, 1]), tensorSpec('x', 'float64', [-1, 1])],
      outputs: [tensorSpec('y', 'float32', [-1, 1])],
    });
    const data = join(dirs, 'fees.csv');
    const rows = ['city,x,cost'];
    for (let i = 0; i < 60; i++)
      rows.push(`${['paris', 'lyon', 'nice'][i % 3]},${i},${i + [10, 20, 100][i % 3]}`);
    writeFileSync(data, `${rows.join('\n')}\n`);
    const report = await commandJson<CliReport>([registerPortable], root, [
      'import',
      dir,
      '--model',
      'fee',
      '--data',
      data,
      '--target',
      'cost',
    ]);
    assert.deepEqual(report.inputs, [
      { name: 'city', type: 'category' },
      { name: 'x', type: 'number' },
    ]);
    assert.ok(report.metrics.rmse < 1e-4, JSON.stringify(report.metrics));
    const predictor = await loadPredictor(report.package_path);
    try {
      const { predictions, unseenCategories } = await predictor.predictRecords([
        { city: 'lyon', x: 1.5 },
        { city: 'paris', x: 0 },
        { city: 'berlin', x: 2 },
      ]);
      assert.deepEqual(
        predictions.map((p) => p.value),
        [21.5, 10, 102],
      );
      assert.equal(unseenCategories, 1, 'a city the data never held is counted, as for a model trained here');
    } finally {
      predictor.dispose();
    }
  });

  test('a directory without MLmodel is refused, naming the file', async () => {
    const dir = join(dirs, 'empty');
    writeMlflowDir(dir, {
      onnx: linearRegressionOnnx(),
      inputs: REGRESSION_INPUTS,
      outputs: REGRESSION_OUTPUTS,
    });
    rmSync(join(dir, 'MLmodel'));
    const error = await refused(dir, /has no MLmodel file: it is not an MLflow model directory/);
    assert.equal(error.code, 'DATA_INVALID');
  });

  test('an MLflow model without an onnx flavor is refused, naming flavors.onnx', async () => {
    const dir = writeMlflowDir(join(dirs, 'sklearn'), {
      onnx: linearRegressionOnnx(),
      inputs: REGRESSION_INPUTS,
      outputs: REGRESSION_OUTPUTS,
      flavors: 'sklearn-only',
    });
    const error = await refused(
      dir,
      /MLmodel: flavors\.onnx: no onnx flavor \(it has sklearn, python_function\)/,
    );
    assert.equal(error.details?.key, 'flavors.onnx');
  });

  test('a model without a signature is refused, naming the key', async () => {
    const dir = writeMlflowDir(join(dirs, 'unsigned'), {
      onnx: linearRegressionOnnx(),
      inputs: null,
      outputs: null,
    });
    await refused(dir, /MLmodel: signature: missing: Podium needs the model signature/);
  });

  test('an image model (a [-1, 28, 28, 1] tensor) is refused as not tabular', async () => {
    const dir = writeMlflowDir(join(dirs, 'image'), {
      onnx: linearRegressionOnnx(),
      inputs: [tensorSpec('image', 'uint8', [-1, 28, 28, 1])],
      outputs: REGRESSION_OUTPUTS,
    });
    await refused(
      dir,
      /signature\.inputs: "image" is a tensor of shape \[-1, 28, 28, 1\]: Podium imports tabular models only/,
    );
  });

  test('an ONNX file that ONNX Runtime cannot load is refused, naming the file', async () => {
    const dir = writeMlflowDir(join(dirs, 'broken'), {
      onnx: new TextEncoder().encode('this is not a protobuf'),
      inputs: REGRESSION_INPUTS,
      outputs: REGRESSION_OUTPUTS,
    });
    await refused(dir, /model\.onnx: ONNX Runtime cannot load it/);
  });

  test('a signature whose columns are not the graph inputs is refused', async () => {
    const dir = writeMlflowDir(join(dirs, 'mismatch'), {
      onnx: linearRegressionOnnx(),
      inputs: [
        { type: 'double', name: 'x' },
        { type: 'double', name: 'y' },
      ],
      outputs: REGRESSION_OUTPUTS,
    });
    await refused(dir, /signature\.inputs: the columns \(x, y\) do not match the graph inputs \(a, b, c\)/);
  });

  test("--data without the signature's columns is refused and leaves no dataset", async () => {
    const dir = join(dirs, 'regression');
    const data = join(dirs, 'other.csv');
    writeFileSync(data, 'a,b,price\n1,2,3\n4,5,6\n7,8,9\n');
    await refused(dir, /other\.csv: no column "c"/, ['--data', data, '--target', 'price']);
  });
});
