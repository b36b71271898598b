import { createRandom } from '../../main/common/random.js';
import {
  buildReferenceDistribution,
  type DriftColumn,
  type ReferenceDistribution,
} from '../../main/monitoring/drift/index.js';
import {
  buildReferenceSample,
  referenceSampleColumns,
  referenceSampleRows,
} from '../../main/monitoring/multivariate/index.js';

export const RHO = 0.8;

/**
 * Rows of a training-like distribution: x and y standard normal with correlation `rho`, z an
 * independent normal shifted by `zShift`, region a category independent of the rest. With
 * rho = −0.8 every column alone is distributed exactly as with +0.8; only x and y's joint law differs.
 */
export function rows(
  n: number,
  seed: number,
  options: { rho?: number; zShift?: number } = {},
): DriftColumn[] {
  const rho = options.rho ?? RHO;
  const random = createRandom(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  const region: (string | null)[] = [];
  const regions = ['north', 'south', 'east', 'west'];
  for (let i = 0; i < n; i++) {
    x[i] = random.normal();
    y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * random.normal();
    z[i] = random.normal() + (options.zShift ?? 0);
    region.push(random.next() < 0.02 ? null : regions[random.int(4)]);
  }
  return [
    { name: 'x', kind: 'numeric', values: x },
    { name: 'y', kind: 'numeric', values: y },
    { name: 'z', kind: 'numeric', values: z },
    { name: 'region', kind: 'categorical', values: region },
  ];
}

/** A model's reference as registration stores it: the distribution of all rows and a row sample, read back from JSON. */
export function reference(training: DriftColumn[]): {
  distribution: ReferenceDistribution;
  sample: DriftColumn[];
} {
  const n = (training[0].values as Float64Array).length;
  const picked = referenceSampleRows(n);
  const sampled = training.map((column): DriftColumn => {
    const values = column.values;
    return values instanceof Float64Array
      ? { ...column, values: Float64Array.from(picked, (row) => values[row]) }
      : { ...column, values: Array.from(picked, (row) => (values as (string | null)[])[row]) };
  });
  const stored = JSON.parse(JSON.stringify(buildReferenceSample(sampled, n)));
  return {
    distribution: buildReferenceDistribution(training),
    sample: referenceSampleColumns(stored, 'reference-sample.json'),
  };
}
