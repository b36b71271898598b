import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PodiumError } from '../../contract/errors.js';
import { readInputExample } from './input-example.js';
import { parseSignatureColumns, type SignatureColumn } from './signature.js';

export const MLMODEL_FILE = 'MLmodel';

/** What Podium takes from an MLflow model directory holding an ONNX model. */
export type MlflowModel = {
  dir: string;
  mlmodelFile: string;
  /** The onnx flavor's `data` file, inside `dir`. */
  onnxFile: string;
  inputs: SignatureColumn[];
  outputs: SignatureColumn[];
  /** input_example.json as records, when the directory has one. */
  inputExample: Record<string, unknown>[] | null;
  /**
   * The target the model predicts, when its metadata names one (`metadata.target`, as Podium's
   * own MLflow export writes it): a version exported here comes back under the same target.
   */
  target: string | null;
  /** The classes in the order of the probabilities' columns, when its metadata lists them (`metadata.classes`). */
  classes: string[] | null;
  /**
   * `metadata.podium_date_fields` (Podium's own MLflow export): each date field and the parts
   * the graph takes as `<field>_<part>` inputs; null when absent.
   */
  dateFields: Record<string, string[]> | null;
  /** Where it came from, for the manifest: MLflow's run id, model uuid and version, when written. */
  origin: { runId: string | null; modelUuid: string | null; mlflowVersion: string | null };
};

/** Whether `dir` is an MLflow model directory (it holds an MLmodel file). */
export async function isMlflowModelDir(dir: string): Promise<boolean> {
  const info = await stat(join(dir, MLMODEL_FILE)).catch(() => null);
  return info?.isFile() ?? false;
}

/**
 * Reads MLmodel (YAML): the onnx flavor's data file and the signature. Every refusal names the
 * file and the key, and says nothing was imported.
 */
export async function readMlflowModel(directory: string): Promise<MlflowModel> {
  const dir = resolve(directory);
  const mlmodelFile = join(dir, MLMODEL_FILE);
  const refuse = (message: string, key?: string) =>
    new PodiumError(
      'DATA_INVALID',
      `${mlmodelFile}${key ? `: ${key}` : ''}: ${message}; nothing was imported`,
      {
        file: mlmodelFile,
        ...(key ? { key } : {}),
      },
    );
  let text: string;
  try {
    text = await readFile(mlmodelFile, 'utf8');
  } catch {
    throw new PodiumError(
      'DATA_INVALID',
      `${dir} has no ${MLMODEL_FILE} file: it is not an MLflow model directory (nor a Podium export archive); nothing was imported`,
      { file: mlmodelFile },
    );
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw refuse(`not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (document === null || typeof document !== 'object') throw refuse('expected a YAML mapping');
  const mlmodel = document as Record<string, unknown>;
  const flavors = mlmodel.flavors as Record<string, unknown> | undefined;
  if (!flavors || typeof flavors !== 'object') throw refuse('no flavors: not an MLflow model', 'flavors');
  const onnx = flavors.onnx as Record<string, unknown> | undefined;
  if (!onnx || typeof onnx !== 'object')
    throw refuse(
      `no onnx flavor (it has ${Object.keys(flavors).join(', ') || 'none'}): Podium imports MLflow models saved with mlflow.onnx`,
      'flavors.onnx',
    );
  if (typeof onnx.data !== 'string' || onnx.data === '')
    throw refuse('missing: the ONNX file', 'flavors.onnx.data');
  const relative = normalize(onnx.data);
  if (isAbsolute(relative) || relative.startsWith('..'))
    throw refuse(`"${onnx.data}" is outside the model directory`, 'flavors.onnx.data');
  const onnxFile = join(dir, relative);
  if (!(await stat(onnxFile).catch(() => null))?.isFile())
    throw refuse(`names ${onnx.data}, which is not in ${dir}`, 'flavors.onnx.data');
  const signature = mlmodel.signature as Record<string, unknown> | undefined;
  if (!signature || typeof signature !== 'object')
    throw refuse(
      'missing: Podium needs the model signature (log the model with a signature or an input_example)',
      'signature',
    );
  if (signature.inputs === undefined || signature.inputs === null)
    throw refuse('missing: the signature names no inputs', 'signature.inputs');
  if (signature.outputs === undefined || signature.outputs === null)
    throw refuse('missing: the signature names no outputs', 'signature.outputs');
  const inputs = parseSignatureColumns(signature.inputs, mlmodelFile, 'signature.inputs');
  const outputs = parseSignatureColumns(signature.outputs, mlmodelFile, 'signature.outputs');
  const text_ = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    dir,
    mlmodelFile,
    onnxFile,
    inputs,
    outputs,
    inputExample: await readInputExample(dir, mlmodel.saved_input_example_info),
    target: text_((mlmodel.metadata as Record<string, unknown> | undefined)?.target),
    classes: metadataClasses((mlmodel.metadata as Record<string, unknown> | undefined)?.classes),
    dateFields: dateFieldsOf(mlmodel.metadata, refuse),
    origin: {
      runId: text_(mlmodel.run_id),
      modelUuid: text_(mlmodel.model_uuid),
      mlflowVersion: text_(mlmodel.mlflow_version),
    },
  };
}

/** `metadata.podium_date_fields`: a mapping of field names to lists of part names. */
function dateFieldsOf(
  metadata: unknown,
  refuse: (message: string, key?: string) => PodiumError,
): Record<string, string[]> | null {
  const value = (metadata as Record<string, unknown> | null | undefined)?.podium_date_fields;
  if (value === undefined || value === null) return null;
  const key = 'metadata.podium_date_fields';
  if (typeof value !== 'object' || Array.isArray(value))
    throw refuse('expected a mapping of date fields to their parts', key);
  const fields: Record<string, string[]> = {};
  for (const [name, parts] of Object.entries(value)) {
    if (!Array.isArray(parts) || parts.some((part) => typeof part !== 'string'))
      throw refuse(`"${name}": expected a list of date parts`, key);
    fields[name] = parts;
  }
  return fields;
}

/** A list of two or more distinct labels, or nothing: anything else is not taken as the classes. */
function metadataClasses(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length < 2) return null;
  const labels = value.map((label) =>
    typeof label === 'string' || typeof label === 'number' ? String(label) : null,
  );
  if (labels.some((label) => label === null) || new Set(labels).size !== labels.length) return null;
  return labels as string[];
}
