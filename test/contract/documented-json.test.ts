import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import {
  fromSnakeCaseDocument,
  snakeCaseName,
  toSnakeCaseDocument,
} from '../../main/contract/documented-json.js';

test('field names in snake_case', () => {
  assert.equal(snakeCaseName('decisionIds'), 'decision_ids');
  assert.equal(snakeCaseName('latencyMsP50'), 'latency_ms_p50');
  assert.equal(snakeCaseName('packageSha256'), 'package_sha256');
  assert.equal(snakeCaseName('pGreater'), 'p_greater');
  assert.equal(snakeCaseName('id'), 'id');
});

const Point = z.strictObject({ windowStart: z.string(), metrics: z.record(z.string(), z.number()) });
const Tree: z.ZodType<{ nodeName: string; childNodes: { nodeName: string; childNodes: unknown[] }[] }> =
  z.lazy(() => z.strictObject({ nodeName: z.string(), childNodes: z.array(Tree) })) as never;
const Report = z.strictObject({
  modelName: z.string(),
  latestDrift: z.strictObject({ datasetDrift: z.boolean(), createdAt: z.string() }).nullable(),
  points: z.array(Point),
  byVersion: z.record(z.string(), Point),
  note: z.string().optional(),
  evidence: z.discriminatedUnion('rule', [
    z.strictObject({ rule: z.literal('data_drift'), driftedFeatures: z.array(z.string()) }),
    z.strictObject({ rule: z.literal('error_rate'), errorRate: z.number() }),
  ]),
  summary: z.union([
    z.strictObject({ removedRuns: z.number(), decisionIds: z.array(z.number()) }),
    z.object({ decisionIds: z.array(z.number()) }).catchall(z.unknown()),
  ]),
  tree: Tree,
  sample: z.strictObject({ atMs: z.number(), innerPart: z.strictObject({ upShare: z.number() }) }),
});

const value: z.output<typeof Report> = {
  modelName: 'sales',
  latestDrift: { datasetDrift: true, createdAt: 't' },
  points: [{ windowStart: 'w', metrics: { roc_auc: 0.9, validationLoss: 1 } }],
  byVersion: { v1: { windowStart: 'w1', metrics: {} } },
  note: undefined,
  evidence: { rule: 'error_rate', errorRate: 0.5 },
  summary: { decisionIds: [1], customField: { keepMe: 1 } },
  tree: { nodeName: 'a', childNodes: [{ nodeName: 'b', childNodes: [] }] },
  sample: { atMs: 1, innerPart: { upShare: 1 } },
};

const documented = {
  model_name: 'sales',
  latest_drift: { dataset_drift: true, created_at: 't' },
  points: [{ window_start: 'w', metrics: { roc_auc: 0.9, validationLoss: 1 } }],
  by_version: { v1: { window_start: 'w1', metrics: {} } },
  evidence: { rule: 'error_rate', error_rate: 0.5 },
  summary: { decision_ids: [1], customField: { keepMe: 1 } },
  tree: { node_name: 'a', child_nodes: [{ node_name: 'b', child_nodes: [] }] },
  sample: { at_ms: 1, inner_part: { up_share: 1 } },
};

test('declared fields are renamed at every depth; record keys, extra keys and values stay', () => {
  const document = toSnakeCaseDocument(Report, value);
  assert.deepEqual(document, documented);
  // In the order the value has its fields, so a printed document keeps its order.
  assert.equal(JSON.stringify(document), JSON.stringify(documented));
});

test('a document reads back as the contract value, checked by the schema', () => {
  const { note: _, ...withoutNote } = value;
  assert.deepEqual(fromSnakeCaseDocument(Report, documented), withoutNote);
  assert.throws(
    () => fromSnakeCaseDocument(Report, { ...documented, evidence: { rule: 'error_rate', error_rate: 'x' } }),
    z.ZodError,
  );
  assert.throws(() => fromSnakeCaseDocument(Report, { ...documented, unknown_field: 1 }), z.ZodError);
});

test('the union option is the one the value fits, before and after renaming', () => {
  const summary = { removedRuns: 2, decisionIds: [] };
  const document = toSnakeCaseDocument(Report, { ...value, summary });
  assert.deepEqual((document as { summary: unknown }).summary, { removed_runs: 2, decision_ids: [] });
  assert.deepEqual(fromSnakeCaseDocument(Report, document).summary, summary);
});

test('parts named as in the contract keep their names; what they hold is still converted', () => {
  const document = toSnakeCaseDocument(Report, value, { contractNames: [Report.shape.sample] }) as {
    sample: unknown;
  };
  assert.deepEqual(document.sample, { atMs: 1, innerPart: { up_share: 1 } });
  assert.deepEqual(
    fromSnakeCaseDocument(
      Report,
      { ...documented, sample: document.sample },
      {
        contractNames: [Report.shape.sample],
      },
    ).sample,
    value.sample,
  );
});

test('values with nothing to rename are passed through', () => {
  const metrics = { roc_auc: 1 };
  assert.equal(toSnakeCaseDocument(z.record(z.string(), z.number()), metrics), metrics);
  assert.equal(toSnakeCaseDocument(z.string().nullable(), null), null);
});
