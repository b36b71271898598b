import type { ModelSignature } from '../training/types.js';
import type { Preprocessing } from './types.js';

/** What a fitted model accepts and returns, with the values a category or binary input knows. */
export function inputSignature(pre: Preprocessing): ModelSignature {
  const inputs = pre.inputs.map((input): ModelSignature['inputs'][number] => {
    switch (input.kind) {
      case 'category':
        return { name: input.name, type: 'category', allowed: [...input.vocabulary] };
      case 'binary':
        return { name: input.name, type: 'binary', allowed: [...new Set(input.levels)] };
      case 'date':
        return input.default === undefined
          ? { name: input.name, type: 'date' }
          : { name: input.name, type: 'date', default: input.default };
      default:
        return { name: input.name, type: input.kind };
    }
  });
  const target = pre.target;
  const output: ModelSignature['output'] =
    target.task === 'number'
      ? { name: target.name, type: 'number' }
      : { name: target.name, type: target.task, classes: [...target.classes] };
  return { inputs, output };
}
