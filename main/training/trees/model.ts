import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PodiumError } from '../../contract/errors.js';
import { readSavedModelFile } from '../saved-model-file.js';
import type { EncodedMatrix, FittedModel, Task } from '../types.js';
import { type Binning, binMatrix, binRows } from './binning.js';
import { compileForest, type TreeScorer } from './compiled-forest.js';
import { type Forest, leafOf } from './forest.js';
import { transformScores } from './losses.js';

/**
 * A fitted tree ensemble. boosting: outputs = transform(baseline + Σ trees), tree t adding to
 * class t mod classes. bagging: outputs = mean of the trees' leaf values (probabilities or a
 * z-scored number). Saved as `trees.json` (settings, bin edges) beside `trees.bin` (the
 * packed node arrays), so a 100-tree forest stays a few megabytes and loads without parsing.
 */
export type TreeFamilyName = 'gbm' | 'random_forest';

export type TreeModelData = {
  family: TreeFamilyName;
  task: Task;
  classes?: string[];
  /** Values per row in `predictRaw`'s output. */
  outputs: number;
  /** boosting only: the starting raw score per output. */
  baseline: number[];
  binning: Binning;
  forest: Forest;
  numericNames: string[];
  categoricalNames: string[];
  /** Boosting iterations kept, or trees in the forest. */
  iterations: number;
  /** Gain importance per binned feature (numeric first); only when fitted in this process, never saved. */
  featureGains?: number[];
};

export type TreeModel = FittedModel & {
  readonly family: TreeFamilyName;
  readonly iterations: number;
  readonly trees: number;
  readonly nodes: number;
  /** Gain importance per feature, numeric features first then categorical; absent on a loaded model. */
  readonly featureGains?: readonly number[];
};

const HEADER_FILE = 'trees.json';
const ARRAYS_FILE = 'trees.bin';
const ARRAY_NAMES = ['roots', 'feature', 'threshold', 'left', 'right', 'values', 'catBits'] as const;

const headerSchema = z.object({
  format: z.literal('podium-trees'),
  version: z.literal(1),
  family: z.enum(['gbm', 'random_forest']),
  task: z.enum(['binary', 'category', 'number']),
  classes: z.array(z.string()).optional(),
  outputs: z.number().int().positive(),
  treeOutputs: z.number().int().positive(),
  baseline: z.array(z.number()),
  edges: z.array(z.array(z.number())),
  categoricalCardinalities: z.array(z.number().int().positive()),
  numericNames: z.array(z.string()),
  categoricalNames: z.array(z.string()),
  iterations: z.number().int().nonnegative(),
  /** Element counts of the arrays in trees.bin, in ARRAY_NAMES order (4 bytes each). */
  lengths: z.array(z.number().int().nonnegative()).length(ARRAY_NAMES.length),
});

export function createTreeModel(data: TreeModelData): TreeModel {
  const { forest, task, outputs } = data;
  const trees = forest.roots.length;
  // Compiled on the first large batch: a service answering a few rows at a time never pays for it.
  let scorers: (TreeScorer | null)[] | undefined;
  return {
    family: data.family,
    backend: 'js',
    iterations: data.iterations,
    trees,
    nodes: forest.feature.length,
    ...(data.featureGains ? { featureGains: data.featureGains } : {}),
    async predictRaw(x: EncodedMatrix) {
      checkLayout(data, x);
      if (x.rows >= COMPILED_MIN_ROWS) {
        scorers ??= compileForest(forest, data.binning);
        return predictCompiled(data, scorers, x);
      }
      const bins = binMatrix(data.binning, x);
      const out = new Float32Array(x.rows * outputs);
      if (data.family === 'gbm') {
        const raw = new Float64Array(x.rows * outputs);
        for (let r = 0; r < x.rows; r++)
          for (let k = 0; k < outputs; k++) raw[r * outputs + k] = data.baseline[k];
        for (let t = 0; t < trees; t++) {
          const root = forest.roots[t];
          const k = t % outputs;
          for (let r = 0; r < x.rows; r++)
            raw[r * outputs + k] += forest.values[leafOf(forest, root, bins, r)];
        }
        transformScores(task, raw, outputs, out);
      } else {
        const sum = new Float64Array(x.rows * outputs);
        for (let t = 0; t < trees; t++) {
          const root = forest.roots[t];
          for (let r = 0; r < x.rows; r++) {
            const leaf = leafOf(forest, root, bins, r) * outputs;
            for (let k = 0; k < outputs; k++) sum[r * outputs + k] += forest.values[leaf + k];
          }
        }
        for (let i = 0; i < sum.length; i++) out[i] = trees > 0 ? sum[i] / trees : 0;
      }
      return out;
    },
    async save(dir: string) {
      const arrays = ARRAY_NAMES.map((name) => forest[name]);
      const header: z.infer<typeof headerSchema> = {
        format: 'podium-trees',
        version: 1,
        family: data.family,
        task,
        ...(data.classes ? { classes: data.classes } : {}),
        outputs,
        treeOutputs: forest.treeOutputs,
        baseline: data.baseline,
        edges: data.binning.edges.map((edges) => Array.from(edges)),
        categoricalCardinalities: data.binning.categoricalCardinalities,
        numericNames: data.numericNames,
        categoricalNames: data.categoricalNames,
        iterations: data.iterations,
        lengths: arrays.map((array) => array.length),
      };
      // Little-endian on every platform Node runs on; the header records the lengths.
      const buffer = Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
      await writeFile(join(dir, ARRAYS_FILE), buffer);
      await writeFile(join(dir, HEADER_FILE), `${JSON.stringify(header)}\n`);
    },
    dispose() {},
  };
}

export async function loadTreeModel(
  dir: string,
  family: TreeFamilyName,
  target: { task: Task; classes?: string[] },
): Promise<TreeModel> {
  return createTreeModel(await loadTreeModelData(dir, family, target));
}

/** The saved ensemble as plain data: what an exporter translates node by node. */
export async function loadTreeModelData(
  dir: string,
  family: TreeFamilyName,
  target: { task: Task; classes?: string[] },
): Promise<TreeModelData> {
  const file = join(dir, HEADER_FILE);
  const header = await readSavedModelFile(file, headerSchema, `the trees in ${dir}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, ARRAYS_FILE));
  } catch (error) {
    throw new PodiumError('PACKAGE_INVALID', `Cannot read the trees in ${dir}: ${(error as Error).message}`, {
      file,
    });
  }
  if (header.family !== family || header.task !== target.task) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${file} holds a ${header.family} ${header.task} model, not ${family} ${target.task}`,
      { file },
    );
  }
  const total = header.lengths.reduce((a, b) => a + b, 0);
  if (bytes.length !== total * 4) {
    throw new PodiumError('PACKAGE_INVALID', `${ARRAYS_FILE} does not match ${HEADER_FILE}`, { file });
  }
  // Copied out of the file buffer, whose offset need not be 4-byte aligned.
  const slices: ArrayBuffer[] = [];
  let offset = 0;
  for (const length of header.lengths) {
    const start = bytes.byteOffset + offset * 4;
    slices.push(bytes.buffer.slice(start, start + length * 4) as ArrayBuffer);
    offset += length;
  }
  const forest: Forest = {
    treeOutputs: header.treeOutputs,
    roots: new Int32Array(slices[0]),
    feature: new Int32Array(slices[1]),
    threshold: new Int32Array(slices[2]),
    left: new Int32Array(slices[3]),
    right: new Int32Array(slices[4]),
    values: new Float32Array(slices[5]),
    catBits: new Uint32Array(slices[6]),
  };
  return {
    family: header.family,
    task: header.task,
    ...(header.classes ? { classes: header.classes } : {}),
    outputs: header.outputs,
    baseline: header.baseline,
    binning: {
      edges: header.edges.map((edges) => Float32Array.from(edges)),
      categoricalCardinalities: header.categoricalCardinalities,
    },
    forest,
    numericNames: header.numericNames,
    categoricalNames: header.categoricalNames,
    iterations: header.iterations,
  };
}

/** Batches from this size on are scored by the compiled trees (see compiled-forest.ts). */
const COMPILED_MIN_ROWS = 512;

/**
 * `predictRaw` over row-major bins, trees outer and rows inner, with each tree's compiled
 * scorer (or a walk of its nodes where it has none). The sums run in the same order as the
 * column-major walk, so the outputs are the same numbers.
 */
function predictCompiled(
  data: TreeModelData,
  scorers: (TreeScorer | null)[],
  x: EncodedMatrix,
): Float32Array {
  const { forest, outputs } = data;
  const width = data.binning.edges.length + data.binning.categoricalCardinalities.length;
  const numericCount = data.binning.edges.length;
  const bins = binRows(data.binning, x);
  const rows = x.rows;
  const trees = forest.roots.length;
  const { values, catBits } = forest;
  const out = new Float32Array(rows * outputs);
  const leafAt = (t: number, o: number): number => {
    const scorer = scorers[t];
    return scorer === null
      ? walkRow(forest, forest.roots[t], bins, o, numericCount)
      : scorer(bins, o, catBits);
  };
  if (data.family === 'gbm') {
    const raw = new Float64Array(rows * outputs);
    for (let r = 0; r < rows; r++) for (let k = 0; k < outputs; k++) raw[r * outputs + k] = data.baseline[k];
    for (let t = 0; t < trees; t++) {
      const k = t % outputs;
      const scorer = scorers[t];
      if (scorer !== null) {
        for (let r = 0; r < rows; r++) raw[r * outputs + k] += values[scorer(bins, r * width, catBits)];
      } else {
        for (let r = 0; r < rows; r++) raw[r * outputs + k] += values[leafAt(t, r * width)];
      }
    }
    transformScores(data.task, raw, outputs, out);
  } else {
    const sum = new Float64Array(rows * outputs);
    for (let t = 0; t < trees; t++) {
      const scorer = scorers[t];
      for (let r = 0; r < rows; r++) {
        const o = r * width;
        const leaf = (scorer !== null ? scorer(bins, o, catBits) : leafAt(t, o)) * outputs;
        for (let k = 0; k < outputs; k++) sum[r * outputs + k] += values[leaf + k];
      }
    }
    for (let i = 0; i < sum.length; i++) out[i] = trees > 0 ? sum[i] / trees : 0;
  }
  return out;
}

/** The leaf a row of row-major bins reaches in one tree, by walking its nodes (as `leafOf`). */
function walkRow(
  forest: Forest,
  root: number,
  bins: Uint8Array,
  offset: number,
  numericCount: number,
): number {
  const { feature, threshold, left, right, catBits } = forest;
  let node = root;
  for (;;) {
    const f = feature[node];
    if (f < 0) return node;
    const bin = bins[offset + f];
    const t = threshold[node];
    const goLeft = f >= numericCount ? (catBits[t + (bin >>> 5)] >>> (bin & 31)) & 1 : bin <= t ? 1 : 0;
    node = goLeft === 1 ? left[node] : right[node];
  }
}

function checkLayout(data: TreeModelData, x: EncodedMatrix): void {
  const cardinalities = data.binning.categoricalCardinalities;
  const same =
    x.numericWidth === data.binning.edges.length &&
    x.categorical.length === cardinalities.length &&
    x.categoricalCardinalities.every((cardinality, c) => cardinality === cardinalities[c]);
  if (!same) {
    throw new PodiumError(
      'DATA_INVALID',
      'The encoded features do not match the tree model’s feature layout',
      {
        expected: { numeric: data.numericNames, categorical: data.categoricalNames },
        actual: { numeric: x.numericNames, categorical: x.categoricalNames },
      },
    );
  }
}
