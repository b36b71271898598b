import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PodiumError } from '../../contract/errors.js';
import { readSavedModelFile } from '../saved-model-file.js';
import type {
  EncodedMatrix,
  EncodedTarget,
  FitContext,
  FittedModel,
  ModelConfig,
  ModelFamily,
  Task,
} from '../types.js';
import { buildDesign } from './design.js';
import { createObjective, meanLoss, outputsFor } from './objective.js';
import { minimize } from './owlqn.js';
import { createPredictInto } from './predict-into.js';
import { solveRidge } from './ridge.js';

/**
 * The `linear` family: linear regression, logistic regression and softmax regression with an
 * elastic-net penalty, in plain TypeScript. It minimises
 *   (1/n) Σ loss_i + config.trainer.l1 · ‖w‖₁ + (config.trainer.l2 / 2) · ‖w‖²
 * over the encoded features (scaled numbers, one-hot categories), intercepts unpenalised. A
 * regression without L1 is solved in closed form; everything else by OWL-QN. Classification
 * adds a ridge of at least 1e-6, which keeps weights finite on separable data (scikit-learn's
 * default, C = 1, is a far stronger 1/n). No epochs: it reports one epoch when done.
 */
const WEIGHTS_FILE = 'linear.json';
/** Above this many coefficients per output the Cholesky solve costs more than iterating. */
const CLOSED_FORM_LIMIT = 1200;
const CLASSIFICATION_MIN_L2 = 1e-6;

export type LinearCoefficients = {
  /** Coefficient names: the numeric columns, then `feature=#index` per category slot (0 = unknown). */
  names: string[];
  /** Per output (one, or one per class): the intercept and the coefficients in `names` order. */
  intercepts: number[];
  weights: number[][];
};

export type LinearModel = FittedModel & {
  /** `predictRaw` written into `out` (at least rows × outputs long), synchronously and without allocating. */
  predictRawInto(x: EncodedMatrix, out: Float32Array): void;
  coefficients(): LinearCoefficients;
  readonly iterations: number;
};

const savedSchema = z.object({
  format: z.literal('podium-linear'),
  version: z.literal(1),
  task: z.enum(['binary', 'category', 'number']),
  classes: z.array(z.string()).optional(),
  outputs: z.number().int().positive(),
  numericNames: z.array(z.string()),
  categoricalNames: z.array(z.string()),
  categoricalCardinalities: z.array(z.number().int().positive()),
  weights: z.array(z.number()),
  iterations: z.number().int().nonnegative(),
});

type Saved = z.infer<typeof savedSchema>;

export const linearFamily: ModelFamily = {
  name: 'linear',
  fit: (train, validation, config, context) => fitLinear(train, validation, config, context),
  load: loadLinear,
};

/** Same as `linearFamily.fit`, typed with the linear model's extras (coefficients). */
export async function fitLinear(
  train: { x: EncodedMatrix; y: EncodedTarget },
  validation: { x: EncodedMatrix; y: EncodedTarget },
  config: ModelConfig,
  context: FitContext,
): Promise<LinearModel> {
  if (context.signal?.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
  const { x, y } = train;
  const task = y.task;
  const classCount = task === 'category' ? (y.classes?.length ?? 0) : 2;
  if (task === 'category' && classCount < 2) {
    throw new PodiumError('TRAINING_FAILED', 'A category target needs its classes', { task });
  }
  const design = buildDesign(x);
  const outputs = outputsFor(task, classCount);
  const { l1, l2 } = config.trainer;

  let weights: Float64Array | undefined;
  let iterations = 0;
  if (task === 'number' && l1 === 0 && design.blockSize <= CLOSED_FORM_LIMIT) {
    weights = solveRidge(design, y.values, l2);
  }
  if (!weights) {
    const effectiveL2 = task === 'number' ? l2 : Math.max(l2, CLASSIFICATION_MIN_L2);
    const objective = createObjective(design, task, y.values, classCount, effectiveL2);
    const penalized = new Uint8Array(outputs * design.blockSize);
    for (let i = 0; i < penalized.length; i++) penalized[i] = i % design.blockSize === 0 ? 0 : 1;
    const result = await minimize(
      (w, g) => objective.evaluate(w, g),
      new Float64Array(outputs * design.blockSize),
      { l1, penalized, signal: context.signal },
    );
    weights = result.x;
    iterations = result.iterations;
  }

  const model = createLinearModel({
    format: 'podium-linear',
    version: 1,
    task,
    ...(y.classes ? { classes: [...y.classes] } : {}),
    outputs,
    numericNames: [...x.numericNames],
    categoricalNames: [...x.categoricalNames],
    categoricalCardinalities: [...x.categoricalCardinalities],
    weights: Array.from(weights),
    iterations,
  });
  const trainLoss = meanLoss(task, await model.predictRaw(x), y.values, outputs);
  const validationLoss =
    validation.x.rows > 0
      ? meanLoss(task, await model.predictRaw(validation.x), validation.y.values, outputs)
      : trainLoss;
  context.onEpoch?.({ epoch: 1, totalEpochs: 1, loss: trainLoss, validationLoss });
  return model;
}

async function loadLinear(dir: string, target: { task: Task; classes?: string[] }): Promise<LinearModel> {
  const file = join(dir, WEIGHTS_FILE);
  const saved = await readSavedModelFile(file, savedSchema);
  if (saved.task !== target.task) {
    throw new PodiumError('PACKAGE_INVALID', `${file} holds a ${saved.task} model, not ${target.task}`, {
      file,
    });
  }
  const blockSize = 1 + saved.numericNames.length + saved.categoricalCardinalities.reduce((a, b) => a + b, 0);
  if (saved.weights.length !== saved.outputs * blockSize) {
    throw new PodiumError('PACKAGE_INVALID', `${file}: weights do not match the feature layout`, { file });
  }
  return createLinearModel(saved);
}

function createLinearModel(saved: Saved): LinearModel {
  const weights = Float64Array.from(saved.weights);
  const task: Task = saved.task;
  const blockSize = weights.length / saved.outputs;
  const predictInto = createPredictInto(
    task,
    weights,
    saved.outputs,
    saved.numericNames.length,
    saved.categoricalCardinalities,
  );
  return {
    family: 'linear',
    backend: 'js',
    iterations: saved.iterations,
    async predictRaw(x: EncodedMatrix) {
      checkLayout(saved, x);
      const out = new Float32Array(x.rows * saved.outputs);
      predictInto(x, out);
      return out;
    },
    predictRawInto(x: EncodedMatrix, out: Float32Array) {
      checkLayout(saved, x);
      predictInto(x, out);
    },
    async save(dir: string) {
      await writeFile(join(dir, WEIGHTS_FILE), `${JSON.stringify(saved)}\n`);
    },
    dispose() {},
    coefficients() {
      const names = [...saved.numericNames];
      saved.categoricalNames.forEach((name, c) => {
        for (let index = 0; index < saved.categoricalCardinalities[c]; index++)
          names.push(`${name}=#${index}`);
      });
      const intercepts: number[] = [];
      const perOutput: number[][] = [];
      for (let k = 0; k < saved.outputs; k++) {
        intercepts.push(weights[k * blockSize]);
        perOutput.push(Array.from(weights.subarray(k * blockSize + 1, (k + 1) * blockSize)));
      }
      return { names, intercepts, weights: perOutput };
    },
  };
}

/** Whether `model` is a linear model, whose predictions can be had without a promise or allocation. */
export function isLinearModel(model: FittedModel): model is LinearModel {
  return model.family === 'linear' && 'predictRawInto' in model;
}

function checkLayout(saved: Saved, x: EncodedMatrix): void {
  const same =
    x.numericWidth === saved.numericNames.length &&
    x.categorical.length === saved.categoricalCardinalities.length &&
    x.categoricalCardinalities.every((cardinality, c) => cardinality === saved.categoricalCardinalities[c]);
  if (!same) {
    throw new PodiumError(
      'DATA_INVALID',
      'The encoded features do not match the linear model’s feature layout',
      {
        expected: { numeric: saved.numericNames, categorical: saved.categoricalNames },
        actual: { numeric: x.numericNames, categorical: x.categoricalNames },
      },
    );
  }
}
