import type { RecordFields } from '../features/index.js';

/** The shape of a model package's signature.json (written by the trainer from the fitted preprocessing). */
export type InputSignature = {
  inputs: {
    name: string;
    type: 'number' | 'category' | 'binary' | 'date';
    allowed?: string[];
    /** date only: a request may leave it out (it is then the day of the request). */
    default?: 'request_time';
  }[];
  output: { name: string; type: 'binary' | 'category' | 'number'; classes?: string[] };
};

/**
 * Numbers beyond this magnitude are refused: no real feature holds them, and once scaled into
 * the model's 32-bit inputs they overflow to ±Infinity and the answer becomes NaN.
 */
export const NUMBER_LIMIT = 1e30;

// null is an explicit "missing": imputed like a blank CSV cell (a date's is refused later,
// with what the date must be, unless the model defaults it to the request's day).
const TYPES: Record<InputSignature['inputs'][number]['type'], string[]> = {
  number: ['number', 'null'],
  category: ['string', 'number', 'boolean', 'null'],
  binary: ['string', 'number', 'boolean', 'null'],
  date: ['string', 'null'],
};

/**
 * JSON Schema for one record, derived from the package's signature: every input is typed, and
 * a date is required unless the model defaults it to the request time. A number or category
 * left out is missing, as a blank cell is in training (counted, and named in the answer's
 * warnings); extra fields (ids, labels a caller keeps alongside) are ignored, not rejected.
 * Unseen category values pass validation on purpose: the model maps them to "unknown" and
 * counts them.
 */
export function recordSchema(signature: InputSignature): Record<string, unknown> {
  return {
    type: 'object',
    required: signature.inputs
      .filter((input) => input.type === 'date' && input.default !== 'request_time')
      .map((input) => input.name),
    properties: Object.fromEntries(
      signature.inputs.map((input) => [
        input.name,
        input.type === 'date'
          ? { type: TYPES.date, maxLength: 64 }
          : input.type === 'number'
            ? { type: TYPES.number, minimum: -NUMBER_LIMIT, maximum: NUMBER_LIMIT }
            : {
                type: TYPES[input.type],
                ...(TYPES[input.type].includes('string') ? { maxLength: 1000 } : {}),
              },
      ]),
    ),
  };
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

/** Turns Ajv's errors into one sentence that names the field, for a 400 a person can act on. */
export function describeValidationErrors(
  errors: AjvError[],
  signature: InputSignature,
  fields?: Pick<RecordFields, 'aliasOf'>,
): { message: string; field?: string } {
  const error = errors[0];
  if (!error) return { message: 'The request body is not valid' };
  const path = error.instancePath.split('/').filter(Boolean);
  const field = error.keyword === 'required' ? String(error.params.missingProperty) : path.at(-1);
  const where =
    path.length > 1 && /^\d+$/.test(path[path.length - 2] ?? '') ? `record ${path[path.length - 2]}: ` : '';
  const recordIndex = /^\d+$/.test(path[0] ?? '') && path.length === 1 ? `record ${path[0]}: ` : '';
  const expected = signature.inputs.find((input) => input.name === field);
  if (error.keyword === 'required') {
    const alias = field === undefined ? undefined : fields?.aliasOf(field);
    return {
      message: `${where}${recordIndex}field '${field}'${alias ? ` (or '${alias}')` : ''} is required (${expected?.type === 'date' ? 'a date: this model does not default it to the time of the request' : (expected?.type ?? 'value')})`,
      field,
    };
  }
  if (error.keyword === 'type' && field !== undefined) {
    return {
      message: `${where}field '${field}' must be ${String(error.params.type).replace(/,/g, ' or ')}${expected ? ` (a ${expected.type} feature)` : ''}`,
      field,
    };
  }
  if ((error.keyword === 'minimum' || error.keyword === 'maximum') && field !== undefined) {
    return {
      message: `${where}field '${field}' must be between -${NUMBER_LIMIT} and ${NUMBER_LIMIT}`,
      field,
    };
  }
  if (error.keyword === 'maxLength' && field !== undefined) {
    return {
      message: `${where}field '${field}' is too long (at most ${String(error.params.limit)} characters)`,
      field,
    };
  }
  return {
    message: `${where}${recordIndex}${field ? `field '${field}' ` : 'body '}${error.message ?? 'is not valid'}`,
    field,
  };
}
