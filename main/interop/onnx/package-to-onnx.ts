import { join } from 'node:path';
import { PodiumError } from '../../contract/errors.js';
import { fromJSON, type Preprocessing } from '../../features/index.js';
import { GraphBuilder } from '../../onnx-graph/index.js';
import {
  addEcdNetwork,
  isLinearModel,
  linearFamily,
  loadTreeModelData,
  MODEL_DIR,
  type ModelFamilyName,
  PREPROCESSING_FILE,
  readEcdWeights,
  readModelFamily,
  readPackageJson,
} from '../../training/index.js';
import { addFeatureGraph } from './feature-graph.js';
import { addLinearGraph } from './linear-graph.js';
import { type OnnxInput, onnxInputs } from './onnx-inputs.js';
import { addPredictionOutputs, outputNames } from './prediction-outputs.js';
import { addTreeGraph } from './tree-graph.js';

export type OnnxOutput = { name: string; type: 'float' | 'string'; shape: number[] };

export type OnnxExport = {
  /** The serialised ModelProto. */
  bytes: Uint8Array;
  family: ModelFamilyName;
  preprocessing: Preprocessing;
  inputs: OnnxInput[];
  /** Shapes with -1 for the batch dimension. */
  outputs: OnnxOutput[];
};

/**
 * One ONNX graph for a model package: its fitted preprocessing, the model and the decoding of
 * its output, so the graph takes raw fields and answers labels, probabilities or numbers.
 */
export async function packageToOnnx(
  packageDir: string,
  meta: { name: string; version: number },
): Promise<OnnxExport> {
  const preprocessingFile = join(packageDir, PREPROCESSING_FILE);
  const pre = fromJSON(await readPackageJson(preprocessingFile), preprocessingFile);
  const modelDir = join(packageDir, MODEL_DIR);
  const info = await readModelFamily(packageDir);
  if (info.family === 'onnx') {
    throw new PodiumError(
      'USAGE',
      `${packageDir} holds an imported ONNX model: its own graph (model/model.onnx) is the ONNX export, and --format mlflow or the archive carry it`,
      { file: packageDir },
    );
  }
  const target = { task: info.task, ...(info.classes ? { classes: info.classes } : {}) };

  const graph = new GraphBuilder();
  const features = addFeatureGraph(graph, pre);
  let raw: string;
  if (info.family === 'linear') {
    const model = await linearFamily.load(modelDir, target);
    if (!isLinearModel(model)) throw new PodiumError('PACKAGE_INVALID', `${modelDir} holds no linear model`);
    raw = addLinearGraph(graph, features, info.task, model.coefficients());
  } else if (info.family === 'ecd') {
    raw = addEcdNetwork(graph, features, info.task, await readEcdWeights(modelDir));
  } else {
    raw = addTreeGraph(graph, features, await loadTreeModelData(modelDir, info.family, target));
  }
  const inputs = onnxInputs(pre);
  const names = outputNames(inputs.map((input) => input.name));
  addPredictionOutputs(graph, pre.target, raw, names);

  const bytes = graph.toBytes({
    graphName: `${meta.name}_v${meta.version}`,
    docString: `Podium model ${meta.name} v${meta.version} (${info.family}, ${info.task} target ${pre.target.name})`,
    metadata: {
      podium_model: meta.name,
      podium_version: String(meta.version),
      podium_family: info.family,
      target: pre.target.name,
      task: info.task,
    },
  });
  const outputs: OnnxOutput[] =
    pre.target.task === 'number'
      ? [{ name: names.value, type: 'float', shape: [-1, 1] }]
      : [
          { name: names.label, type: 'string', shape: [-1] },
          { name: names.probabilities, type: 'float', shape: [-1, pre.target.classes.length] },
        ];
  return { bytes, family: info.family, preprocessing: pre, inputs, outputs };
}
