import type { Random } from '../common/random.js';
import { PodiumError } from '../contract/errors.js';
import type { HyperoptConfig, HyperoptParameter, ModelConfig } from './types.js';

export type TrialParams = Record<string, number | string>;

/**
 * The parameter sets a search tries. Random search samples every parameter independently per
 * trial (a grid_search parameter is sampled from its values). Grid search walks the Cartesian
 * product of the grid_search and choice parameters, first parameter slowest, and samples the
 * continuous ones per trial; it runs exactly num_samples trials, so a grid larger than
 * num_samples is cut short and a smaller one is walked again with fresh continuous samples.
 */
export function trialParams(hyperopt: HyperoptConfig, random: Random): TrialParams[] {
  const entries = Object.entries(hyperopt.parameters);
  const trials: TrialParams[] = [];
  if (hyperopt.search_alg.type === 'random') {
    for (let t = 0; t < hyperopt.num_samples; t++) {
      const params: TrialParams = {};
      for (const [key, parameter] of entries) params[key] = sample(parameter, random);
      trials.push(params);
    }
    return trials;
  }
  const axes = entries
    .map(([key, parameter]) => ({ key, values: discreteValues(parameter) }))
    .filter((axis): axis is { key: string; values: (number | string)[] } => axis.values !== undefined);
  const gridSize = axes.reduce((size, axis) => size * axis.values.length, 1);
  for (let t = 0; t < hyperopt.num_samples; t++) {
    const params: TrialParams = {};
    let rest = t % gridSize;
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a];
      params[axis.key] = axis.values[rest % axis.values.length];
      rest = Math.floor(rest / axis.values.length);
    }
    for (const [key, parameter] of entries) if (!(key in params)) params[key] = sample(parameter, random);
    // Keep the config's parameter order, whatever order the axes were filled in.
    trials.push(Object.fromEntries(entries.map(([key]) => [key, params[key]])));
  }
  return trials;
}

function discreteValues(parameter: HyperoptParameter): (number | string)[] | undefined {
  if (parameter.space === 'grid_search') return parameter.values;
  if (parameter.space === 'choice') return parameter.categories;
  return undefined;
}

function sample(parameter: HyperoptParameter, random: Random): number | string {
  switch (parameter.space) {
    case 'uniform':
      return parameter.lower + random.next() * (parameter.upper - parameter.lower);
    case 'loguniform': {
      const low = Math.log(parameter.lower);
      return Math.exp(low + random.next() * (Math.log(parameter.upper) - low));
    }
    case 'int':
      return parameter.lower + random.int(parameter.upper - parameter.lower + 1);
    case 'choice':
      return parameter.categories[random.int(parameter.categories.length)];
    case 'grid_search':
      return parameter.values[random.int(parameter.values.length)];
  }
}

/**
 * A copy of `config` with the dotted-path settings replaced. Inside input_features a segment
 * may be an index or a feature name ("input_features.age.preprocessing.normalization").
 */
export function applyParams(config: ModelConfig, params: TrialParams): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  delete copy.hyperopt;
  for (const [path, value] of Object.entries(params)) setPath(copy, path, value);
  return copy;
}

function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: unknown = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    let next: unknown;
    if (Array.isArray(current)) {
      const index = /^\d+$/.test(segment)
        ? Number(segment)
        : current.findIndex((item: { name?: unknown }) => item?.name === segment);
      next = current[index];
    } else if (current !== null && typeof current === 'object') {
      const object = current as Record<string, unknown>;
      object[segment] ??= {};
      next = object[segment];
    }
    if (next === null || typeof next !== 'object') {
      throw new PodiumError(
        'MODEL_CONFIG_INVALID',
        `hyperopt.parameters: ${path} does not name a config setting`,
        {
          key: `hyperopt.parameters.${path}`,
        },
      );
    }
    current = next;
  }
  (current as Record<string, unknown>)[segments[segments.length - 1]] = value;
}
