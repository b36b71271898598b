import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { parse } from 'yaml';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { sha256Directory } from '../../main/common/files.js';
import { DatasetStore, DEFAULT_CSV_DIALECT } from '../../main/data/index.js';
import { graphStringVocabularies } from '../../main/interop/mlflow/graph-vocabularies.js';
import { VersionStore } from '../../main/registry/index.js';
import { RunStore } from '../../main/tracking/index.js';
import { trainTable } from '../../main/training/index.js';
import type { Workspace } from '../../main/workspace/index.js';
import { commandOutcome } from '../helpers/in-process-cli.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';
import { config } from '../training/fixtures.js';
import { dataset, INPUTS } from './onnx-parity.js';

type TensorSpec = { type: string; 'tensor-spec': { dtype: string; shape: number[] }; name: string };

type Outcome = { error?: { code: string; message: string }; file?: string; format?: string };

/**
 * `podium export --format onnx|mlflow` through the CLI's own command and operation table (in
 * this process, sharing one workspace), read back as MLflow and ONNX Runtime would.
 */
describe('podium export --format onnx and --format mlflow', () => {
  let workspace: Workspace & { cleanup(): void };
  let cwd: string;
  let packageDir: string;
  const exportCommand = (args: string[], version = 'churn:1') =>
    commandOutcome<Outcome>([registerPortable], workspace.paths.root, ['export', version, ...args]);

  // One version registered straight from an in-process training: the export reads the registry
  // row and the package, nothing of the lifecycle that put it there.
  before(async () => {
    workspace = tempWorkspace();
    cwd = tempDir('podium-onnx-export-');
    packageDir = join(workspace.paths.root, 'artifacts', 'churn-1');
    await trainTable(dataset(300, 5, false), {
      config: config(INPUTS, { name: 'y_category', type: 'category' }, { model_type: 'linear' }),
      packageDir,
    });
    const { db } = workspace;
    const clock = { now: () => new Date() };
    const datasetId = 'd'.repeat(64);
    new DatasetStore(db, clock, workspace.paths.root).record({
      id: datasetId,
      path: join(cwd, 'none.csv'),
      sourceName: 'none.csv',
      bytes: 1,
      profile: { rows: 1, columns: [] },
      dialect: DEFAULT_CSV_DIALECT,
    });
    const versions = new VersionStore(db, clock, workspace.paths.root);
    versions.ensureModel('churn', 'category', 'y_category');
    versions.insert(
      {
        modelName: 'churn',
        version: 1,
        runId: new RunStore(db, clock, workspace.paths.root).start({ experiment: 'e', name: 'churn v1' }),
        datasetId,
        modelType: 'linear',
        packagePath: packageDir,
        packageSha256: await sha256Directory(packageDir),
        metrics: {},
      },
      { actor: 'test', reason: 'fixture' },
    );
  });
  after(() => {
    workspace.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('an MLflow model directory: MLmodel flavors, signature and example that ONNX Runtime runs', async () => {
    const dir = join(cwd, 'mlflow-model');
    const { exitCode, json: report } = await exportCommand([dir, '--format', 'mlflow']);
    assert.equal(exitCode, 0, JSON.stringify(report));
    assert.equal(report.format, 'mlflow');
    assert.equal(report.file, dir);

    const mlmodel = parse(readFileSync(join(dir, 'MLmodel'), 'utf8'));
    assert.equal(mlmodel.flavors.onnx.data, 'model.onnx');
    assert.match(mlmodel.flavors.onnx.onnx_version, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(mlmodel.flavors.onnx.providers, ['CPUExecutionProvider']);
    assert.equal(mlmodel.flavors.python_function.loader_module, 'mlflow.onnx');
    assert.equal(mlmodel.flavors.python_function.data, 'model.onnx');
    assert.deepEqual(mlmodel.flavors.python_function.env, {
      conda: 'conda.yaml',
      virtualenv: 'python_env.yaml',
    });
    assert.match(mlmodel.flavors.python_function.python_version, /^3\.\d+\.\d+$/);
    assert.deepEqual(mlmodel.saved_input_example_info, {
      artifact_path: 'input_example.json',
      type: 'ndarray',
      format: 'tf-serving',
    });
    assert.equal(typeof mlmodel.signature.inputs, 'string', 'MLflow keeps each schema as a JSON string');
    const inputs = JSON.parse(mlmodel.signature.inputs) as TensorSpec[];
    const outputs = JSON.parse(mlmodel.signature.outputs) as TensorSpec[];

    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    assert.deepEqual(
      inputs.map((spec) => spec.name),
      [...session.inputNames],
    );
    assert.deepEqual(
      outputs.map((spec) => spec.name),
      [...session.outputNames],
    );
    assert.deepEqual(
      outputs.map((spec) => spec['tensor-spec'].dtype),
      ['object', 'float32'],
    );
    for (const spec of inputs) {
      assert.equal(spec.type, 'tensor');
      assert.deepEqual(spec['tensor-spec'].shape, [-1, 1]);
      assert.ok(['float32', 'object'].includes(spec['tensor-spec'].dtype), spec['tensor-spec'].dtype);
    }

    // The example, fed as the scoring server feeds a tf-serving request, runs.
    const example = JSON.parse(readFileSync(join(dir, 'input_example.json'), 'utf8')) as {
      inputs: Record<string, (number | string)[][]>;
    };
    const feeds: Record<string, ort.Tensor> = {};
    for (const spec of inputs) {
      const rows = example.inputs[spec.name];
      assert.ok(rows, `the example has ${spec.name}`);
      feeds[spec.name] =
        spec['tensor-spec'].dtype === 'float32'
          ? new ort.Tensor('float32', Float32Array.from(rows.flat() as number[]), [rows.length, 1])
          : new ort.Tensor('string', rows.flat() as string[], [rows.length, 1]);
    }
    const scored = await session.run(feeds);
    const classes = JSON.parse(readFileSync(join(packageDir, 'signature.json'), 'utf8')).output
      .classes as string[];
    assert.ok(classes.includes((scored.label.data as string[])[0]));
    assert.deepEqual(scored.probabilities.dims, [1, classes.length]);
    await session.release();

    assert.match(readFileSync(join(dir, 'requirements.txt'), 'utf8'), /^mlflow==.*\nonnx==.*\nonnxruntime==/);
    const conda = parse(readFileSync(join(dir, 'conda.yaml'), 'utf8'));
    assert.ok(conda.dependencies.some((dependency: unknown) => String(dependency).startsWith('python=')));
    const pythonEnv = parse(readFileSync(join(dir, 'python_env.yaml'), 'utf8'));
    assert.deepEqual(pythonEnv.dependencies, ['-r requirements.txt']);
    assert.equal(pythonEnv.python, mlmodel.flavors.python_function.python_version);
  });

  test('the strings the exported graph knows are what an import reads back as each category input', async () => {
    const file = join(cwd, 'vocabulary.onnx');
    const written = await exportCommand([file, '--format', 'onnx']);
    assert.equal(written.exitCode, 0, JSON.stringify(written.json));
    const preprocessing = JSON.parse(readFileSync(join(packageDir, 'preprocessing.json'), 'utf8')) as {
      inputs: { name: string; kind: string; vocabulary?: string[]; levels?: string[] }[];
    };
    const known = await graphStringVocabularies(readFileSync(file), ['color', 'plan', 'member', 'x1']);
    for (const input of preprocessing.inputs.filter((i) => i.kind === 'category'))
      assert.deepEqual(known.get(input.name), input.vocabulary, input.name);
    assert.equal(known.get('x1'), undefined, 'a number input has no vocabulary');
    assert.ok((known.get('member') ?? []).length === 2, 'a binary input knows its two levels');
  });

  test('an ONNX file; bad targets and versions get clear errors and leave nothing behind', async () => {
    const file = join(cwd, 'churn.onnx');
    const written = await exportCommand([file, '--format', 'onnx']);
    assert.equal(written.exitCode, 0, JSON.stringify(written.json));
    assert.deepEqual([written.json.file, written.json.format], [file, 'onnx']);
    const session = await ort.InferenceSession.create(readFileSync(file));
    assert.deepEqual([...session.outputNames], ['label', 'probabilities']);
    await session.release();

    const failures: [string, string[], RegExp][] = [
      ['an existing file', [file, '--format', 'onnx'], /churn\.onnx already exists/],
      ['a folder with content', [join(cwd, 'busy'), '--format', 'mlflow'], /busy is not empty/],
      ['a path under a file', [join(file, 'model'), '--format', 'mlflow'], /churn\.onnx/],
      [
        'a folder that does not exist',
        [join(cwd, 'nowhere', 'm.onnx'), '--format', 'onnx'],
        /nowhere does not exist/,
      ],
    ];
    mkdirSync(join(cwd, 'busy'));
    writeFileSync(join(cwd, 'busy', 'notes.txt'), 'mine');
    for (const [what, args, message] of failures) {
      const outcome = await exportCommand(args);
      assert.notEqual(outcome.exitCode, 0, what);
      assert.ok(outcome.json.error, what);
      assert.notEqual(outcome.json.error.code, 'INTERNAL', what);
      assert.match(outcome.json.error.message, message, what);
    }
    assert.equal(readFileSync(join(cwd, 'busy', 'notes.txt'), 'utf8'), 'mine');

    const unknown = await exportCommand([join(cwd, 'v99.onnx'), '--format', 'onnx'], 'churn:99');
    assert.notEqual(unknown.exitCode, 0);
    assert.equal(unknown.json.error?.code, 'NOT_FOUND');
    assert.match(unknown.json.error?.message ?? '', /99/);

    await assert.rejects(exportCommand([join(cwd, 'x.pmml'), '--format', 'pmml']), /pmml/);
  });
});
