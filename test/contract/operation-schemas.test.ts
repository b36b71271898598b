import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { createApi, OPERATION_NAMES, type OperationName } from '../../main/app/index.js';
import { loadConfig } from '../../main/config/index.js';
import { DATE_FORMATS } from '../../main/contract/date-formats.js';
import {
  DateFormatSchema,
  EnvironmentNameSchema,
  operationSchemas,
} from '../../main/contract/schemas/index.js';
import { validateInput } from '../../main/contract/validate-input.js';
import { ENVIRONMENTS, openWorkspace } from '../../main/workspace/index.js';
import { tempDir } from '../helpers/workspace.js';

test('every operation of the contract has an input and an output schema, and no other name has', () => {
  assert.deepEqual(Object.keys(operationSchemas).sort(), [...OPERATION_NAMES].sort());
  for (const name of OPERATION_NAMES) {
    const schemas = operationSchemas[name];
    assert.ok(schemas.input instanceof z.ZodType, `${name}: input`);
    assert.ok(schemas.output instanceof z.ZodType, `${name}: output`);
  }
});

/**
 * The contract's input schemas are the only definition of each operation's input: `defineOperation`
 * validates with `operationSchemas[name].input`. Through the real API, every handler must refuse
 * each bad input below with the contract schema's words (and none may accept one its schema refuses),
 * so a handler that validates on its own, or not at all, shows here.
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

test("every handler refuses bad input with the contract schema's messages, through the real API", async () => {
  const dir = tempDir('podium-schemas-');
  const config = loadConfig({ env: {}, localFile: null });
  config.config.monitoring.metrics_port = 0;
  config.config.serving.port = 0;
  const workspace = openWorkspace(dir, { config });
  const api = createApi({ workspace, env: {}, cwd: dir, configFiles: config.files });
  const refused = new Set<OperationName>();
  try {
    for (const name of OPERATION_NAMES) {
      for (const raw of BAD_INPUTS) {
        const expected = refusal(name, raw);
        if (expected === null) continue;
        assert.equal(await refusedBy(api, name, raw), expected, `${name} with ${JSON.stringify(raw)}`);
        refused.add(name);
      }
    }
    // Every operation met at least one input its schema refuses (`{ unexpected: 1 }` at least).
    assert.deepEqual([...refused].sort(), [...OPERATION_NAMES].sort());
    // The checks the handlers once made with domain values (node:path, the environments, the date
    // formats, either-or inputs) now come from the contract alone: their words, pinned.
    for (const [name, raw, expected] of PINNED) {
      assert.equal(await refusedBy(api, name, raw), expected, `${name} with ${JSON.stringify(raw)}`);
    }
    // The contract's path test is node:path's `isAbsolute` on this platform, neither laxer nor stricter.
    for (const file of [
      '/tmp/a.sh',
      'a.sh',
      './a.sh',
      '../a.sh',
      '~/a.sh',
      'C:\\a.sh',
      'C:/a.sh',
      'C:a.sh',
      '\\a.sh',
    ]) {
      const refusedAsRelative = (
        await refusedBy(api, 'versions.reproduceScript', { model: 'm', version: 1, file })
      ).includes('file: expected an absolute path');
      assert.equal(refusedAsRelative, !isAbsolute(file), file);
    }
  } finally {
    await api.close();
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const PINNED: [OperationName, unknown, string][] = [
  [
    'predict.file',
    { model: 'm', input: 'relative.csv', output: '/tmp/out.csv' },
    'predict.file: input: expected an absolute path',
  ],
  [
    'versions.reproduceScript',
    { model: 'm', version: 1, file: 'script.sh' },
    'versions.reproduceScript: file: expected an absolute path',
  ],
  [
    'environment.switch',
    { environment: 'staging' },
    'environment.switch: environment: Invalid option: expected one of "dev"|"prod"',
  ],
  [
    'models.compare',
    { datasetId: 'd', file: '/tmp/f.csv', split: 'time' },
    'models.compare: datasetId: give either datasetId or file',
  ],
  [
    'train.fromFile',
    { file: '/tmp/f.csv', dateFormats: { Date: 'MM/YYYY' } },
    'train.fromFile: dateFormats.Date: Invalid option: expected one of "YYYY-MM-DD"|"ISO-8601"|"YYYY/MM/DD"|"DD-MM-YYYY"|"MM-DD-YYYY"|"MM/DD/YYYY"|"DD/MM/YYYY"|"DD.MM.YYYY"',
  ],
  ['drift.check', { model: 'm' }, 'drift.check: file: give either file or windowMs'],
  ['drift.check', { file: '/tmp/f.csv', windowMs: 1_000 }, 'drift.check: file: give either file or windowMs'],
  [
    'services.metrics',
    { serviceId: 'no-version' },
    'services.metrics: serviceId: expected <model>:<version>, e.g. sales:3',
  ],
];

async function refusedBy(
  api: ReturnType<typeof createApi>,
  name: OperationName,
  raw: unknown,
): Promise<string> {
  const handler = api.handlers[name] as (input: unknown) => Promise<unknown>;
  return handler(raw).then(
    () => 'accepted',
    (error: { message?: string }) => error.message ?? '(no message)',
  );
}

test("the contract's lists of choices are the domain's", () => {
  assert.deepEqual(EnvironmentNameSchema.options, [...ENVIRONMENTS]);
  assert.deepEqual(DateFormatSchema.options, [...DATE_FORMATS]);
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
