import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { tempPathFor } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import type { OnnxInput } from './onnx-inputs.js';
import type { OnnxExport } from './package-to-onnx.js';

/**
 * An MLflow model directory around an exported ONNX graph, laid out as `mlflow.onnx.save_model`
 * writes it, so MLflow's registry, `mlflow.pyfunc.load_model` and `mlflow models serve` take it
 * as their own: `MLmodel` with the `onnx` and `python_function` flavors, a tensor signature (one
 * named `[-1, 1]` tensor per input, as the graph declares them), an input example in MLflow's
 * tf-serving form, the environment files and `model.onnx`.
 *
 * The signature is tensor-based on purpose: MLflow's ONNX wrapper feeds a DataFrame column as a
 * 1-D array, which the graph's `[N, 1]` inputs refuse, while a dict of tensors (what a tensor
 * signature makes the scoring server build from `{"inputs": {...}}`) reaches ONNX Runtime as is.
 */
export const MLMODEL_FILE = 'MLmodel';
export const ONNX_MODEL_FILE = 'model.onnx';
export const INPUT_EXAMPLE_FILE = 'input_example.json';

/**
 * The Python side the directory names: versions that run opset 17 / ai.onnx.ml 3 graphs and
 * that MLflow 2 lists among its tested ONNX versions. Pinned, as MLflow pins what it found.
 */
const MLFLOW_VERSION = '2.17.2';
const ONNX_VERSION = '1.17.0';
const ONNXRUNTIME_VERSION = '1.20.1';
const PYTHON_VERSION = '3.11.9';
const PIP_VERSION = '24.2';

export type MlflowExportReport = { dir: string; files: string[] };

export async function writeMlflowModelDir(
  dir: string,
  exported: OnnxExport,
  meta: { name: string; version: number; createdAt?: Date },
): Promise<MlflowExportReport> {
  await refuseNonEmpty(dir);
  const requirements = [
    `mlflow==${MLFLOW_VERSION}`,
    `onnx==${ONNX_VERSION}`,
    `onnxruntime==${ONNXRUNTIME_VERSION}`,
  ];
  const files: Record<string, string | Uint8Array> = {
    [ONNX_MODEL_FILE]: exported.bytes,
    [INPUT_EXAMPLE_FILE]: `${JSON.stringify(inputExample(exported))}\n`,
    'requirements.txt': `${requirements.join('\n')}\n`,
    'conda.yaml': stringify({
      channels: ['conda-forge'],
      dependencies: [`python=${PYTHON_VERSION}`, `pip<=${PIP_VERSION}`, { pip: requirements }],
      name: 'mlflow-env',
    }),
    'python_env.yaml': stringify({
      python: PYTHON_VERSION,
      build_dependencies: [`pip==${PIP_VERSION}`, 'setuptools', 'wheel'],
      dependencies: ['-r requirements.txt'],
    }),
  };
  const size = Object.values(files).reduce((sum, data) => sum + Buffer.byteLength(data), 0);
  files[MLMODEL_FILE] = stringify(mlmodel(exported, meta, size));

  const temp = tempPathFor(dir);
  try {
    await mkdir(temp, { recursive: true });
    for (const [name, data] of Object.entries(files)) await writeFile(join(temp, name), data);
    // An empty folder the user made for the export is replaced; anything else was refused above.
    await rmdir(dir).catch(() => undefined);
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw new PodiumError('USAGE', `Cannot write the MLflow model to ${dir}: ${(error as Error).message}`, {
      file: dir,
    });
  }
  return { dir, files: Object.keys(files).sort() };
}

function mlmodel(
  exported: OnnxExport,
  meta: { name: string; version: number; createdAt?: Date },
  size: number,
) {
  const created = (meta.createdAt ?? new Date()).toISOString().replace('T', ' ').replace('Z', '000');
  return {
    flavors: {
      onnx: {
        code: null,
        data: ONNX_MODEL_FILE,
        onnx_version: ONNX_VERSION,
        providers: ['CPUExecutionProvider'],
      },
      python_function: {
        data: ONNX_MODEL_FILE,
        env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
        loader_module: 'mlflow.onnx',
        python_version: PYTHON_VERSION,
      },
    },
    metadata: {
      podium_model: meta.name,
      podium_version: meta.version,
      podium_family: exported.family,
      target: exported.preprocessing.target.name,
      task: exported.preprocessing.target.task,
      // The probabilities' columns, in order: an importer learns the labels from them.
      ...('classes' in exported.preprocessing.target
        ? { classes: exported.preprocessing.target.classes }
        : {}),
      ...dateFieldsMetadata(exported),
    },
    mlflow_version: MLFLOW_VERSION,
    model_size_bytes: size,
    model_uuid: randomUUID().replaceAll('-', ''),
    saved_input_example_info: { artifact_path: INPUT_EXAMPLE_FILE, type: 'ndarray', format: 'tf-serving' },
    // MLflow stores each schema as a JSON string inside the YAML.
    signature: {
      inputs: JSON.stringify(
        exported.inputs.map((input) =>
          tensorSpec(input.name, input.type === 'float' ? 'float32' : 'object', [-1, 1]),
        ),
      ),
      outputs: JSON.stringify(
        exported.outputs.map((output) =>
          tensorSpec(output.name, output.type === 'float' ? 'float32' : 'object', output.shape),
        ),
      ),
      params: null,
    },
    utc_time_created: created,
  };
}

/**
 * `podium_date_fields`: each date field and the parts the graph takes as `<field>_<part>`, so
 * podium import gives the version back its date rather than the parts as numbers.
 */
function dateFieldsMetadata(exported: OnnxExport): { podium_date_fields?: Record<string, string[]> } {
  const dates: Record<string, string[]> = {};
  for (const input of exported.inputs)
    if (input.kind === 'date' && input.part !== undefined)
      dates[input.field] = [...(dates[input.field] ?? []), input.part];
  return Object.keys(dates).length > 0 ? { podium_date_fields: dates } : {};
}

function tensorSpec(name: string, dtype: string, shape: number[]) {
  return { type: 'tensor', 'tensor-spec': { dtype, shape }, name };
}

/** One row of typical values: numbers at their fill, dates at their mean parts, the first label. */
function inputExample(exported: OnnxExport): { inputs: Record<string, [number | string][]> } {
  const inputs: Record<string, [number | string][]> = {};
  for (const input of exported.inputs) inputs[input.name] = [[exampleValue(exported, input)]];
  return { inputs };
}

function exampleValue(exported: OnnxExport, input: OnnxInput): number | string {
  const state = exported.preprocessing.inputs.find((candidate) => candidate.name === input.field);
  if (state === undefined) return input.type === 'float' ? 0 : '';
  switch (state.kind) {
    case 'number':
      return state.fill;
    case 'date':
      return Math.round(state.parts.find((part) => part.part === input.part)?.mean ?? 0);
    case 'binary':
      return state.levels[0];
    case 'category':
      return state.vocabulary[0] ?? '';
  }
}

async function refuseNonEmpty(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(dirname(dir), { recursive: true }).catch((cause: Error) => {
        throw new PodiumError(
          'USAGE',
          `Cannot create ${dirname(dir)} for the MLflow model: ${cause.message}`,
          {
            file: dir,
          },
        );
      });
      return;
    }
    if (code === 'ENOTDIR') {
      throw new PodiumError('CONFLICT', `${dir} is a file; the MLflow model needs a new or empty folder`, {
        file: dir,
      });
    }
    throw new PodiumError('USAGE', `Cannot read ${dir}: ${(error as Error).message}`, { file: dir });
  }
  if (entries.length > 0) {
    throw new PodiumError(
      'CONFLICT',
      `${dir} is not empty; choose a new or empty folder for the MLflow model`,
      {
        file: dir,
      },
    );
  }
}
