import type { Random } from '../../main/common/random.js';
import {
  type FuzzCase,
  hugeStringRecord,
  type InputField,
  mutateRecord,
  mutateText,
  oddButValid,
  pick,
  weirdValue,
} from './fuzz-bodies.js';

/** What the endpoint bodies are built from: a valid record, its fields, ids the gateway has served. */
export type FuzzTarget = {
  record: Record<string, unknown>;
  fields: InputField[];
  knownRequestIds: string[];
};

/** Every this-many-th case carries a 1–5 MB string. */
export const HUGE_EVERY = 300;
export const BATCH_LIMIT = 1_000;

const fieldNames = (target: FuzzTarget) => target.fields.map((field) => field.name);

export function predictBody(target: FuzzTarget, random: Random, index: number): FuzzCase {
  if (index % HUGE_EVERY === HUGE_EVERY - 1) return hugeStringRecord(random, target.record, target.fields);
  const mutated = mutateRecord(random, target.record, target.fields);
  const json = JSON.stringify(mutated.value);
  if (random.next() < 0.4) return { kind: mutated.kind, body: json, contentType: 'application/json' };
  const shape = random.int(6);
  if (shape === 0) {
    // Arrays where an object is expected, and objects wrapping the record.
    const wrapped = pick(random, [
      [mutated.value],
      { records: mutated.value },
      { record: mutated.value },
      [[]],
    ]);
    return {
      kind: `${mutated.kind}+wrapped`,
      body: JSON.stringify(wrapped),
      contentType: 'application/json',
    };
  }
  const text = mutateText(random, json, fieldNames(target));
  return { ...text, kind: `${mutated.kind}+${text.kind}` };
}

export function batchBody(target: FuzzTarget, random: Random, index: number): FuzzCase {
  if (index % HUGE_EVERY === HUGE_EVERY - 1) {
    const huge = hugeStringRecord(random, target.record, target.fields);
    return { ...huge, body: `[${huge.body as string}]` };
  }
  const shape = random.int(10);
  if (shape === 0) {
    // Oversized batches: more records than the limit, or a long array of anything.
    const length = BATCH_LIMIT + 1 + random.int(2 * BATCH_LIMIT);
    const item = random.next() < 0.5 ? target.record : weirdValue(random);
    return {
      kind: `oversized-${length}`,
      body: JSON.stringify(Array.from({ length }, () => item)),
      contentType: 'application/json',
    };
  }
  if (shape === 1) {
    // Valid types, odd values, enough rows for the table path (over 16 records).
    const length = 17 + random.int(40);
    const records = Array.from({ length }, () => {
      const value = { ...target.record };
      for (const field of target.fields)
        if (random.next() < 0.3) value[field.name] = oddButValid(random, field.type);
      return value;
    });
    return { kind: `odd-batch-${length}`, body: JSON.stringify(records), contentType: 'application/json' };
  }
  const length = random.int(24);
  const records = Array.from({ length }, () =>
    random.next() < 0.1 ? weirdValue(random) : mutateRecord(random, target.record, target.fields).value,
  );
  const wrapped = pick(random, [
    records,
    { records },
    { records: records[0] ?? null },
    { records, extra: weirdValue(random) },
    { items: records },
    { records: JSON.stringify(records) },
  ]);
  const json = JSON.stringify(wrapped);
  if (random.next() < 0.4) return { kind: 'batch', body: json, contentType: 'application/json' };
  const text = mutateText(random, json, ['records', ...fieldNames(target)]);
  return { ...text, kind: `batch+${text.kind}` };
}

function feedbackItem(target: FuzzTarget, random: Random): unknown {
  const known = () => pick(random, target.knownRequestIds);
  switch (random.int(9)) {
    case 0:
      return { request_id: known(), actual: pick(random, [0, 1, '0', '1', true, false]) };
    case 1:
      return { request_id: `unknown-${random.int(1e9)}`, actual: 1 };
    case 2:
      return { request_id: weirdValue(random), actual: 1 };
    case 3:
      return { request_id: known(), actual: weirdValue(random) };
    case 4:
      return { request_id: known() };
    case 5:
      return { actual: 1 };
    case 6:
      return weirdValue(random);
    case 7:
      return {
        request_id: known(),
        actual: 1,
        [pick(random, ['extra', 'constructor', 'toString'])]: weirdValue(random),
      };
    default:
      return [{ request_id: known(), actual: 1 }];
  }
}

export function feedbackBody(target: FuzzTarget, random: Random, index: number): FuzzCase {
  if (index % HUGE_EVERY === HUGE_EVERY - 1) {
    const size = 1_000_000 + random.int(4_000_000);
    const item =
      random.next() < 0.5
        ? { request_id: 'x'.repeat(size), actual: 1 }
        : { request_id: pick(random, target.knownRequestIds), actual: 'y'.repeat(size) };
    return {
      kind: `huge-string-${(size / 1e6).toFixed(1)}MB`,
      body: JSON.stringify(item),
      contentType: 'application/json',
    };
  }
  const shape = random.int(10);
  if (shape === 0) {
    const length = 10_001 + random.int(5_000);
    return {
      kind: `oversized-${length}`,
      body: JSON.stringify(Array.from({ length }, (_, i) => ({ request_id: `r${i}`, actual: 1 }))),
      contentType: 'application/json',
    };
  }
  const value =
    shape < 4
      ? feedbackItem(target, random)
      : Array.from({ length: random.int(30) }, () => feedbackItem(target, random));
  const json = JSON.stringify(value) ?? 'null';
  if (random.next() < 0.4) return { kind: 'feedback', body: json, contentType: 'application/json' };
  const text = mutateText(random, json, ['request_id', 'actual']);
  return { ...text, kind: `feedback+${text.kind}` };
}
