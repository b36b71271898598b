import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { z } from 'zod';
import { createApi, OPERATION_NAMES, type OperationName } from '../../main/app/index.js';
import { loadConfig } from '../../main/config/index.js';
import { operationSchemas } from '../../main/contract/schemas/index.js';
import type { Equal } from '../../main/contract/schemas/type-equal.js';
import { validateInput } from '../../main/contract/validate-input.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { tempDir } from '../helpers/workspace.js';

test('every operation of the contract has an input and an output schema, and no other name has', () => {
  assert.deepEqual(Object.keys(operationSchemas).sort(), [...OPERATION_NAMES].sort());
  for (const name of OPERATION_NAMES) {
    const schemas = operationSchemas[name];
    assert.ok(schemas.input instanceof z.ZodType, `${name}: input`);
    assert.ok(schemas.output instanceof z.ZodType, `${name}: output`);
  }
});

test('the type-level proof tells optional from required, and a field more from none', () => {
  // Checked by the compiler: these lines fail to compile if `Equal` stops telling them apart.
  // @ts-expect-error optional against required
  const optional: Equal<{ a?: string }, { a: string }> = true;
  // @ts-expect-error an extra field
  const extra: Equal<{ a: string; b: number }, { a: string }> = true;
  // Intersections are flattened: how a type was written does not matter, its fields do.
  const flattened: Equal<{ a: string } & { b: number }, { a: string; b: number }> = true;
  assert.deepEqual([optional, extra, flattened], [true, true, true]);
});

/**
 * The contract's input schemas are copies of the handlers' (until the handlers import them): a
 * bad input must be refused by both with the same words, or the copy has drifted.
 */
const BAD_INPUTS: unknown[] = [
  null,
  [],
  'text',
  { unexpected: 1 },
  { model: '', version: 0, limit: -1, datasetId: '', testId: 'x', decisionId: 1.5, id: 0, jobId: 0 },
  { serviceId: 'no-version', yaml: 3, runIds: [], modelType: 'tree', environment: 'staging', job: '' },
  { reason: '   ', rate: 0, status: 'closed', resolution: 'hour', lines: 0, split: 'both', fileName: '' },
  // The operations that take paths, choices and either-or inputs (the CLI's operations).
  { model: 'm', version: 1, input: 'relative.csv', output: 'out.csv', file: 'script.sh' },
  {
    task: 'both',
    baseline: 0,
    minEffect: -1,
    trials: 0,
    effect: -1,
    desired: 'paused',
    gatewayUrl: 'no url',
  },
  { windowMs: 0, days: 0, window: 'week', predictionId: '', dryRun: 'yes', repair: 1, details: 'all' },
  { datasetId: 'd', file: 'f.csv', split: 'time' },
  { file: 'f.csv', windowMs: 1_000 },
  { file: '/tmp/f.csv', dateFormats: { Date: 'MM/YYYY' } },
];

test('every handler refuses bad input exactly as the contract schema does', async () => {
  const dir = tempDir('podium-schemas-');
  const config = loadConfig({ env: {}, localFile: null });
  config.config.monitoring.metrics_port = 0;
  config.config.serving.port = 0;
  const workspace = openWorkspace(dir, { config });
  const api = createApi({ workspace, env: {}, cwd: dir, configFiles: config.files });
  try {
    for (const name of OPERATION_NAMES) {
      for (const raw of BAD_INPUTS) {
        const expected = refusal(name, raw);
        if (expected === null) continue;
        const handler = api.handlers[name] as (input: unknown) => Promise<unknown>;
        const actual = await handler(raw).then(
          () => 'accepted',
          (error: { message?: string }) => error.message,
        );
        assert.equal(actual, expected, `${name} with ${JSON.stringify(raw)}`);
      }
    }
  } finally {
    await api.close();
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function refusal(name: OperationName, raw: unknown): string | null {
  try {
    const schema: z.ZodType = operationSchemas[name].input;
    validateInput(name, schema, raw);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
