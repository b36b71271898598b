import type { Binning } from './binning.js';
import type { Forest } from './forest.js';

/**
 * Scoring a large batch with a tree ensemble: rows are binned once into one row-major byte
 * matrix, and each tree is compiled into a JavaScript function of nested comparisons with its
 * split bins as constants, which V8 turns into straight branches. Walking the node arrays costs
 * a chain of dependent loads per level (node → feature → bin → threshold → child); the compiled
 * tree costs one load of the row's bin per level. On 1,000,000 Walmart rows × 200 trees this
 * halved the scoring time. The compiled function returns the leaf's node index, so leaf values
 * are read from the forest exactly as the node walk reads them, and predictions are identical.
 *
 * The source is built only from the forest's integer arrays (features, thresholds, node indices,
 * 256-bit category sets), never from text in the model file, so nothing but numbers reaches it.
 */
export type TreeScorer = (bins: Uint8Array, offset: number, catBits: Uint32Array) => number;

/** Trees bigger than this are walked: V8 does not optimise very large functions, and they compile slowly. */
const MAX_COMPILED_NODES = 2048;
/** Nested conditionals deeper than this are walked, far from the parser's recursion limit. */
const MAX_COMPILED_DEPTH = 64;

/** Per tree, its compiled scorer, or null where it is walked. */
export function compileForest(forest: Forest, binning: Binning): (TreeScorer | null)[] {
  const numericCount = binning.edges.length;
  const trees = forest.roots.length;
  const scorers: (TreeScorer | null)[] = [];
  for (let t = 0; t < trees; t++) {
    const root = forest.roots[t];
    const end = t + 1 < trees ? forest.roots[t + 1] : forest.feature.length;
    if (end - root > MAX_COMPILED_NODES) {
      scorers.push(null);
      continue;
    }
    const body = treeSource(forest, root, numericCount, 0);
    scorers.push(body === null ? null : (new Function('bins', 'o', 'cat', `return ${body};`) as TreeScorer));
  }
  return scorers;
}

function treeSource(forest: Forest, node: number, numericCount: number, depth: number): string | null {
  const feature = forest.feature[node];
  if (feature < 0) return String(node);
  if (depth > MAX_COMPILED_DEPTH) return null;
  const left = treeSource(forest, forest.left[node], numericCount, depth + 1);
  const right = treeSource(forest, forest.right[node], numericCount, depth + 1);
  if (left === null || right === null) return null;
  const threshold = forest.threshold[node];
  // Numeric features come first (see BinnedMatrix); a categorical split tests the bin's bit.
  const test =
    feature < numericCount
      ? `bins[o + ${feature}] <= ${threshold}`
      : `((cat[${threshold} + (bins[o + ${feature}] >>> 5)] >>> (bins[o + ${feature}] & 31)) & 1) === 1`;
  return `(${test} ? ${left} : ${right})`;
}
