import { isNode, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { PodiumError } from '../contract/errors.js';
import { type ConfigProblem, closestName, describeIssues, hasSchemaPath } from './config-issues.js';
import { metricNamesFor } from './metrics.js';
import type { HyperoptParameter, ModelConfig, SplitConfig } from './types.js';

/**
 * The model config schema, in Ludwig's vocabulary. Every mapping is strict so that a misspelt
 * key is an error with a suggestion rather than a setting silently ignored; every optional
 * section has defaults, so a config can be as short as its features.
 */
const positiveInt = z.number().int().positive();

const inputFeatureSchema = z
  .strictObject({
    name: z.string().min(1),
    type: z.enum(['number', 'category', 'binary', 'date']),
    preprocessing: z
      .strictObject({
        missing_value_strategy: z.enum(['fill_with_mean', 'fill_with_median', 'fill_with_const']).optional(),
        fill_value: z.number().optional(),
        normalization: z.enum(['zscore', 'minmax', 'none']).optional(),
        most_common: positiveInt.optional(),
      })
      .optional(),
    encoder: z.strictObject({ embedding_size: positiveInt.optional() }).optional(),
    /**
     * date only: what a prediction request that leaves the date out means. Absent, such a request
     * is refused (400 naming the field); `request_time`: the day of the request (a forecast's "this
     * week", not a customer's signup date).
     */
    default: z.literal('request_time').optional(),
  })
  .superRefine((feature, context) => {
    if (feature.default !== undefined && feature.type !== 'date') {
      context.addIssue({
        code: 'custom',
        path: ['default'],
        message: `only a date feature has a default (${feature.name} is a ${feature.type} feature)`,
      });
    }
  });

/** Fields every prediction answer has; an output's prediction_field must not take one. */
const ANSWER_FIELDS = ['model', 'model_version', 'prediction_time', 'request_id', 'probabilities'];

const outputFeatureSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['binary', 'category', 'number']),
  prediction_field: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a field name of letters, digits and _ (at most 64)')
    .refine(
      (field) => !ANSWER_FIELDS.includes(field),
      `a name the answer does not use already (${'model, model_version, prediction_time, request_id, probabilities'})`,
    )
    .optional(),
});

const probabilitiesSchema = z
  .tuple([z.number().min(0), z.number().min(0), z.number().min(0)])
  .refine((p) => Math.abs(p[0] + p[1] + p[2] - 1) < 1e-6, 'the three probabilities must add up to 1')
  .refine((p) => p[0] > 0, 'the training share must be above 0');

/* One flat object rather than a discriminated union, so a misspelt key gets a suggestion. */
const splitSchema = z
  .strictObject({
    type: z.enum(['random', 'datetime']).default('random'),
    column: z.string().min(1).optional(),
    probabilities: probabilitiesSchema.default((): [number, number, number] => [0.7, 0.15, 0.15]),
  })
  .superRefine((split, context) => {
    if (split.type === 'datetime' && split.column === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['column'],
        message: 'a datetime split needs the date column',
      });
    }
  })
  .transform((split): SplitConfig => {
    const probabilities: [number, number, number] = [...split.probabilities];
    return split.type === 'datetime'
      ? { type: 'datetime', column: split.column ?? '', probabilities }
      : { type: 'random', probabilities };
  });

const hyperoptParameterSchema = z
  .strictObject({
    space: z.enum(['uniform', 'loguniform', 'int', 'choice', 'grid_search']),
    lower: z.number().optional(),
    upper: z.number().optional(),
    categories: z
      .array(z.union([z.number(), z.string()]))
      .min(1)
      .optional(),
    values: z
      .array(z.union([z.number(), z.string()]))
      .min(1)
      .optional(),
  })
  .superRefine((parameter, context) => {
    const need = (key: 'lower' | 'upper' | 'categories' | 'values') => {
      if (parameter[key] === undefined) {
        context.addIssue({ code: 'custom', path: [key], message: `space ${parameter.space} needs ${key}` });
      }
    };
    if (parameter.space === 'choice') need('categories');
    else if (parameter.space === 'grid_search') need('values');
    else {
      need('lower');
      need('upper');
      const { lower, upper } = parameter;
      if (lower !== undefined && upper !== undefined && !(lower < upper)) {
        context.addIssue({ code: 'custom', path: ['upper'], message: 'upper must be greater than lower' });
      }
      if (parameter.space === 'loguniform' && lower !== undefined && lower <= 0) {
        context.addIssue({ code: 'custom', path: ['lower'], message: 'loguniform needs lower > 0' });
      }
      if (parameter.space === 'int' && !(Number.isInteger(lower) && Number.isInteger(upper))) {
        context.addIssue({ code: 'custom', path: ['lower'], message: 'space int needs integer bounds' });
      }
    }
  })
  .transform((parameter): HyperoptParameter => {
    switch (parameter.space) {
      case 'choice':
        return { space: 'choice', categories: parameter.categories ?? [] };
      case 'grid_search':
        return { space: 'grid_search', values: parameter.values ?? [] };
      default:
        return { space: parameter.space, lower: parameter.lower ?? 0, upper: parameter.upper ?? 0 };
    }
  });

const hyperoptSchema = z.strictObject({
  goal: z.enum(['minimize', 'maximize']).default('minimize'),
  metric: z.string().min(1).default('loss'),
  search_alg: z.strictObject({ type: z.enum(['random', 'grid']).default('random') }).prefault({}),
  num_samples: positiveInt.default(10),
  parameters: z
    .record(z.string(), hyperoptParameterSchema)
    .refine((parameters) => Object.keys(parameters).length > 0, 'name at least one parameter'),
});

/* No defaults here: gbm and random_forest default differently, so trees/settings.ts fills them in. */
const treesSchema = z.strictObject({
  max_iter: positiveInt.optional(),
  learning_rate: z.number().positive().max(1).optional(),
  max_leaf_nodes: z.number().int().min(2).optional(),
  max_depth: positiveInt.optional(),
  min_samples_leaf: positiveInt.optional(),
  l2_regularization: z.number().min(0).optional(),
  n_iter_no_change: z.number().int().min(0).optional(),
  max_bins: z.number().int().min(2).max(255).optional(),
  n_estimators: positiveInt.optional(),
  max_features: z.union([z.enum(['sqrt', 'log2', 'third', 'all']), z.number().gt(0).max(1)]).optional(),
});

const modelConfigObject = z.strictObject({
  // onnx: an imported model's record of what it is; training one is refused (onnx/index.ts).
  model_type: z.enum(['linear', 'ecd', 'gbm', 'random_forest', 'onnx']).default('ecd'),
  input_features: z.array(inputFeatureSchema).min(1, 'name at least one input feature'),
  output_features: z
    .array(outputFeatureSchema)
    .length(1, 'Podium trains exactly one output feature')
    .transform((features) => [features[0]] as [(typeof features)[0]]),
  combiner: z
    .strictObject({
      type: z.literal('concat').default('concat'),
      fc_layers: z
        .array(z.strictObject({ output_size: positiveInt }))
        .default(() => [{ output_size: 64 }, { output_size: 32 }]),
      dropout: z.number().min(0).lt(1).default(0.1),
    })
    .prefault({}),
  trainer: z
    .strictObject({
      epochs: positiveInt.default(100),
      batch_size: positiveInt.default(128),
      learning_rate: z.number().positive().default(0.001),
      optimizer: z.enum(['adam', 'sgd', 'rmsprop']).default('adam'),
      early_stop: z.number().int().min(-1).default(5),
      l1: z.number().min(0).default(0),
      l2: z.number().min(0).default(0),
    })
    .prefault({}),
  preprocessing: z
    .strictObject({
      split: splitSchema.prefault({}),
      feature_selection: z
        .strictObject({
          method: z.literal('vif'),
          threshold: z.number().gt(1).default(10),
        })
        .optional(),
    })
    .prefault({}),
  trees: treesSchema.optional(),
  hyperopt: hyperoptSchema.optional(),
  seed: z.number().int().min(0).max(4294967295).default(42),
});

export const modelConfigSchema = modelConfigObject.superRefine((config, context) => {
  const seen = new Set<string>();
  config.input_features.forEach((feature, index) => {
    if (seen.has(feature.name)) {
      context.addIssue({
        code: 'custom',
        path: ['input_features', index, 'name'],
        message: `input feature "${feature.name}" is listed twice`,
      });
    }
    seen.add(feature.name);
  });
  const target = config.output_features[0];
  if (seen.has(target.name)) {
    context.addIssue({
      code: 'custom',
      path: ['output_features', 0, 'name'],
      message: `"${target.name}" is the output feature and cannot also be an input feature`,
    });
  }
  if (config.hyperopt) {
    const metrics = metricNamesFor(target.type);
    if (!metrics.includes(config.hyperopt.metric)) {
      const hint = closestName(config.hyperopt.metric, metrics);
      context.addIssue({
        code: 'custom',
        path: ['hyperopt', 'metric'],
        message: `"${config.hyperopt.metric}" is not a ${target.type} metric${hint ? ` (did you mean "${hint}"?)` : ''}; use one of ${metrics.join(', ')}`,
      });
    }
    for (const key of Object.keys(config.hyperopt.parameters)) {
      const problem = hyperoptPathProblem(key, config);
      if (problem)
        context.addIssue({ code: 'custom', path: ['hyperopt', 'parameters', key], message: problem });
    }
  }
});

/** Why a dotted hyperopt path does not name a config setting, or undefined when it does. */
function hyperoptPathProblem(key: string, config: ModelConfig): string | undefined {
  const segments = key.split('.');
  const names = config.input_features.map((feature) => feature.name);
  const schemaPath: (string | number)[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (i === 1 && segments[0] === 'input_features') {
      const index = /^\d+$/.test(segment) ? Number(segment) : names.indexOf(segment);
      if (index < 0 || index >= names.length) {
        return `${key}: input_features has no feature "${segment}"; features: ${names.join(', ')}`;
      }
      schemaPath.push(index);
      continue;
    }
    const found = hasSchemaPath(modelConfigObject, [...schemaPath, segment]);
    if (!found.ok) {
      const hint = closestName(segment, found.allowed);
      const prefix = schemaPath.length === 0 ? '' : `${segments.slice(0, i).join('.')}.`;
      return `${key} does not name a config setting${hint ? ` (did you mean ${prefix}${hint}?)` : ''}`;
    }
    schemaPath.push(segment);
  }
  return undefined;
}

/** Validates an already-parsed object (from YAML, JSON or an API call) and fills in defaults. */
export function validateModelConfig(value: unknown, file = '(model config)'): ModelConfig {
  return validate(value, file, () => undefined);
}

/** Parses a YAML model config; errors name the file, line, dotted key and what was expected. */
export function parseModelConfig(text: string, file: string): ModelConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first.linePos?.[0]?.line;
    throw new PodiumError(
      'MODEL_CONFIG_INVALID',
      `${file}${line ? `:${line}` : ''}: not valid YAML (${first.message.split('\n')[0]})`,
      { file, line },
    );
  }
  const value: unknown = document.toJS();
  return validate(value, file, (path) => {
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  });
}

function validate(
  value: unknown,
  file: string,
  lineOf: (path: (string | number)[]) => number | undefined,
): ModelConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PodiumError(
      'MODEL_CONFIG_INVALID',
      `${file}: expected a mapping with input_features and output_features`,
      {
        file,
      },
    );
  }
  const result = modelConfigSchema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt key usually explains the "required" complaint beside it, so it goes first.
  const problems = describeIssues(result.error.issues, modelConfigObject, value).sort(
    (a, b) => Number(b.suggestion !== undefined) - Number(a.suggestion !== undefined),
  );
  const located = problems.map((problem) => ({ ...problem, line: lineOf(pathSegments(problem)) }));
  const lines = located.map(
    (problem) => `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`,
  );
  const first = located[0];
  throw new PodiumError('MODEL_CONFIG_INVALID', `Invalid model config:\n${lines.join('\n')}`, {
    file,
    key: first.path,
    line: first.line,
    expected: first.expected,
    suggestion: first.suggestion,
    problems: located,
  });
}

function pathSegments(problem: ConfigProblem): (string | number)[] {
  if (problem.path === '') return [];
  return problem.path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** YAML for a config, keys in the order a reader expects; undefined settings are left out. */
export function stringifyModelConfig(config: ModelConfig): string {
  const ordered = {
    model_type: config.model_type,
    input_features: config.input_features,
    output_features: config.output_features,
    combiner: config.combiner,
    trainer: config.trainer,
    preprocessing: config.preprocessing,
    ...(config.trees ? { trees: config.trees } : {}),
    ...(config.hyperopt ? { hyperopt: config.hyperopt } : {}),
    seed: config.seed,
  };
  return stringify(JSON.parse(JSON.stringify(ordered)), { lineWidth: 0 });
}
