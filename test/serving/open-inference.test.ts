import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { createRandom, type Random } from '../../main/common/random.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { pick, weirdValue } from '../helpers/fuzz-bodies.js';
import { startServingController } from '../helpers/serving-controller.js';
import { recordsFromCsv, type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/**
 * The Open Inference Protocol (KServe v2) on a real champion and shadow (child processes) behind
 * a real gateway process, with bodies shaped as KServe's python client (`InferRequest.to_rest`)
 * and Triton's `tritonclient.http` (JSON, or its binary tensor extension) send them.
 */
let trained: TrainedWorkspace;
let controller: ServingController;
let gatewayUrl: string;
let championUrl: string;
let shadowUrl: string;
let pools: Pool[] = [];
let inputs: { name: string; datatype: string; shape: number[] }[];
let rows: Record<string, unknown>[];

type Answer = {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
  text: string;
};

async function call(
  base: string,
  path: string,
  options: { body?: unknown; raw?: Buffer | string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const pool = new Pool(base, { connections: 1 });
  pools.push(pool);
  const post = options.body !== undefined || options.raw !== undefined;
  const response = await pool.request({
    path,
    method: post ? 'POST' : 'GET',
    headers: options.headers ?? (post ? { 'content-type': 'application/json' } : {}),
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.body.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {}
  return { status: response.statusCode, headers: response.headers, body, text };
}

const infer = (base: string, body: unknown, path = '/v2/models/credit-risk/infer') =>
  call(base, path, { body });

type Output = { name: string; datatype: string; shape: number[]; data: unknown[] };
const output = (answer: Answer, name: string) =>
  (answer.body.outputs as Output[]).find((o) => o.name === name) as Output;

/** The rows as v2 tensors, each input in the datatype given (default: FP64 numbers, BYTES text). */
function tensors(
  records: Record<string, unknown>[],
  options: { nested?: boolean; datatypes?: Record<string, string> } = {},
) {
  return inputs.map((input) => {
    const datatype = options.datatypes?.[input.name] ?? input.datatype;
    const data = records.map((record) => {
      const value = record[input.name] ?? null;
      if (value === null) return null;
      if (datatype === 'BYTES') return String(value);
      if (datatype === 'FP32') return Math.fround(Number(value));
      return Number(value);
    });
    return options.nested
      ? { name: input.name, shape: [records.length, 1], datatype, data: data.map((v) => [v]) }
      : { name: input.name, shape: [records.length], datatype, data };
  });
}

/** What /predict answers for each record, in order. */
async function predictEach(base: string, records: Record<string, unknown>[]) {
  const answers = [];
  for (const record of records) {
    const answer = await call(base, '/predict', { body: record });
    assert.equal(answer.status, 200, answer.text);
    answers.push(answer.body as { prediction: string; probabilities: Record<string, number> });
  }
  return answers;
}

before(async () => {
  trained = await trainedWorkspace({ samples: 3000 });
  const decision = await trained.manager.evaluateChallenger(`credit-risk:${trained.challenger.version}`);
  assert.equal(decision.outcome, 'start_shadow', decision.summary);
  ({ controller, url: gatewayUrl } = await startServingController(trained));
  const services = controller.services();
  championUrl = services.find((s) => s.role === 'champion')?.handle.url as string;
  shadowUrl = services.find((s) => s.role === 'shadow')?.handle.url as string;
  const metadata = await call(championUrl, '/v2/models/credit-risk');
  inputs = metadata.body.inputs as typeof inputs;
  rows = recordsFromCsv(trained.baselineFile, 6).map((record) =>
    Object.fromEntries(inputs.map((input) => [input.name, record[input.name] ?? null])),
  );
});

after(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  pools = [];
  await controller?.stop();
  trained?.workspace.cleanup();
});

test('health, server and model metadata and readiness, on the service and the gateway', async () => {
  for (const base of [championUrl, gatewayUrl]) {
    assert.equal((await call(base, '/v2/health/live')).status, 200);
    assert.deepEqual((await call(base, '/v2/health/ready')).body, { ready: true });
    assert.deepEqual((await call(base, '/v2/models/credit-risk/ready')).body, {
      name: 'credit-risk',
      ready: true,
    });
    const server = await call(base, '/v2');
    assert.equal(server.body.name, 'podium');
    assert.deepEqual(server.body.extensions, ['binary_tensor_data']);
    const metadata = await call(base, '/v2/models/credit-risk');
    assert.equal(metadata.status, 200);
    assert.equal(metadata.body.name, 'credit-risk');
    assert.equal(metadata.body.platform, 'podium');
    assert.deepEqual(metadata.body.versions, ['1']);
    const byName = Object.fromEntries((metadata.body.inputs as typeof inputs).map((i) => [i.name, i]));
    assert.deepEqual(byName.age, { name: 'age', datatype: 'FP64', shape: [-1, 1] });
    assert.deepEqual(byName.region, { name: 'region', datatype: 'BYTES', shape: [-1, 1] });
    assert.deepEqual(byName.application_date.datatype, 'BYTES');
    const outputs = (metadata.body.outputs as Output[]).map((o) => [o.name, o.datatype, o.shape]);
    assert.deepEqual(outputs.slice(0, 2), [
      ['predict', 'BYTES', [-1]],
      ['probabilities', 'FP64', [-1, 2]],
    ]);
    assert.equal((await call(base, '/v2/models/credit-risk/versions/1')).status, 200);
  }
  const gatewayOutputs = (await call(gatewayUrl, '/v2/models/credit-risk')).body.outputs as Output[];
  assert.ok(
    gatewayOutputs.some((o) => o.name === 'request_id'),
    'the gateway returns the ids it logged',
  );
  for (const path of ['/v2/models/churn', '/v2/models/churn/ready', '/v2/models/credit-risk/versions/7']) {
    const answer = await call(gatewayUrl, path);
    assert.equal(answer.status, 404, path);
    assert.match(String(answer.body.error), /Unknown (model "churn"|version "7")/);
  }
});

test('infer scores several rows in FP64, FP32, INT64 and BYTES, flat or nested, as /predict does', async () => {
  const expected = await predictEach(championUrl, rows);
  const variants = [
    {
      label: 'flat FP64 (KServe InferRequest.to_rest)',
      body: {
        id: 'kserve-1',
        inputs: tensors(rows).map((t) => ({ ...t, parameters: null })),
        parameters: {},
      },
    },
    {
      label: 'nested [N, 1], id and outputs null',
      body: { id: null, outputs: null, inputs: tensors(rows, { nested: true }) },
    },
    {
      label: 'INT64 and BYTES numbers',
      body: {
        inputs: tensors(rows, {
          datatypes: { loan_term_months: 'INT64', num_late_payments: 'INT64', region: 'BYTES' },
        }),
      },
    },
  ];
  for (const base of [championUrl, gatewayUrl]) {
    for (const { label, body } of variants) {
      const answer = await infer(base, body);
      assert.equal(answer.status, 200, `${label}: ${answer.text}`);
      assert.equal(answer.body.model_name, 'credit-risk');
      assert.equal(answer.body.model_version, '1');
      assert.equal(answer.body.id, (body as { id?: string | null }).id ?? undefined, 'the id is echoed');
      const predict = output(answer, 'predict');
      assert.deepEqual(predict.shape, [rows.length]);
      assert.equal(predict.datatype, 'BYTES');
      assert.deepEqual(
        predict.data,
        expected.map((e) => e.prediction),
        label,
      );
      const probabilities = output(answer, 'probabilities');
      assert.deepEqual(probabilities.shape, [rows.length, 2]);
      assert.deepEqual(
        probabilities.data,
        expected.flatMap((e) => [e.probabilities['0'], e.probabilities['1']]),
        label,
      );
    }
  }
  // FP32: the model sees the values rounded to 32 bits, as /predict would for the same values.
  const rounded = rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([name, value]) => [
        name,
        typeof value === 'number' && name !== 'loan_term_months' ? Math.fround(value) : value,
      ]),
    ),
  );
  const fp32 = Object.fromEntries(inputs.filter((i) => i.datatype === 'FP64').map((i) => [i.name, 'FP32']));
  const answer = await infer(gatewayUrl, {
    inputs: tensors(rows, { datatypes: fp32 }),
    outputs: [{ name: 'predict' }],
  });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(
    (answer.body.outputs as Output[]).map((o) => o.name),
    ['predict'],
    'only the outputs asked for',
  );
  assert.deepEqual(
    output(answer, 'predict').data,
    (await predictEach(championUrl, rounded)).map((e) => e.prediction),
  );
});

/** A body in Triton's binary tensor extension: the JSON header, then each tensor's bytes. */
function tritonBinary(records: Record<string, unknown>[]): { body: Buffer; headerLength: number } {
  const chunks: Buffer[] = [];
  const header = {
    inputs: inputs.map((input) => {
      let bytes: Buffer;
      if (input.datatype === 'FP64') {
        bytes = Buffer.alloc(8 * records.length);
        for (const [i, record] of records.entries()) {
          const value = record[input.name];
          // numpy's missing float is NaN.
          bytes.writeDoubleLE(value === null ? Number.NaN : Number(value), 8 * i);
        }
      } else {
        bytes = Buffer.concat(
          records.flatMap((record) => {
            const text = Buffer.from(String(record[input.name]), 'utf8');
            const length = Buffer.alloc(4);
            length.writeUInt32LE(text.length);
            return [length, text];
          }),
        );
      }
      chunks.push(bytes);
      return {
        name: input.name,
        shape: [records.length, 1],
        datatype: input.datatype,
        parameters: { binary_data_size: bytes.length },
      };
    }),
    outputs: [
      { name: 'predict', parameters: { binary_data: true } },
      { name: 'probabilities', parameters: { binary_data: true } },
    ],
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  return { body: Buffer.concat([json, ...chunks]), headerLength: json.length };
}

test("Triton's binary tensor extension is decoded; the answer is JSON the client reads", async () => {
  const expected = await predictEach(championUrl, rows);
  const { body, headerLength } = tritonBinary(rows);
  for (const base of [championUrl, gatewayUrl]) {
    const answer = await call(base, '/v2/models/credit-risk/infer', {
      raw: body,
      // tritonclient sends binary tensors with no content type (or application/octet-stream).
      headers:
        base === championUrl
          ? {
              'inference-header-content-length': String(headerLength),
              'content-type': 'application/octet-stream',
            }
          : { 'inference-header-content-length': String(headerLength) },
    });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      output(answer, 'predict').data,
      expected.map((e) => e.prediction),
    );
    const bad = await call(base, '/v2/models/credit-risk/infer', {
      raw: body,
      headers: { 'inference-header-content-length': String(headerLength + 5) },
    });
    assert.equal(bad.status, 400, bad.text);
    assert.match(String(bad.body.error), /not valid JSON|binary/);
  }
});

test('through the gateway each row is logged, mirrored to the shadow and counted like a /predict', async () => {
  // The tests before this one sent rows through the gateway too: their mirrors end first.
  await controller.gateway.mirrorsIdle();
  const before = await metric(shadowUrl, 'podium_model_predictions_total');
  const answer = await infer(gatewayUrl, { id: 'mirror-1', inputs: tensors(rows) });
  assert.equal(answer.status, 200, answer.text);
  const ids = output(answer, 'request_id').data as string[];
  assert.equal(ids.length, rows.length);
  assert.equal(new Set(ids).size, rows.length);
  await controller.gateway.mirrorsIdle();
  const logged = trained.workspace.db
    .prepare(
      `SELECT request_id, role, version, features_json, prediction_json, status FROM prediction_log WHERE request_id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids) as {
    request_id: string;
    role: string;
    version: number;
    features_json: string | null;
    prediction_json: string;
    status: number;
  }[];
  const predict = output(answer, 'predict').data;
  for (const [index, id] of ids.entries()) {
    const champion = logged.find((row) => row.request_id === id && row.role === 'champion');
    const shadow = logged.find((row) => row.request_id === id && row.role === 'shadow');
    assert.ok(champion && shadow, `champion and shadow rows for ${id}`);
    // The record as the tensors carried it: BYTES values are text.
    const sent = Object.fromEntries(
      inputs.map((input) => {
        const value = rows[index][input.name];
        return [input.name, input.datatype === 'BYTES' && value !== null ? String(value) : value];
      }),
    );
    assert.deepEqual(JSON.parse(champion.features_json ?? ''), sent);
    assert.equal(JSON.parse(champion.prediction_json).prediction, predict[index]);
    assert.equal(shadow.version, 2);
    assert.equal(shadow.status, 200);
  }
  assert.equal((await metric(shadowUrl, 'podium_model_predictions_total')) - before, rows.length);
  const feedback = await call(gatewayUrl, '/feedback', {
    body: ids.map((id) => ({ request_id: id, actual: 1 })),
  });
  assert.equal(feedback.status, 200, feedback.text);
  assert.deepEqual(feedback.body, { stored: rows.length }, 'a row id takes feedback as a /predict id does');
  const gatewayMetrics = (await call(gatewayUrl, '/metrics')).text;
  assert.match(
    gatewayMetrics,
    /podium_gateway_requests_total\{route="\/v2\/models\/:name\/infer",status="200",model="credit-risk"\} \d+/,
  );
  assert.match(
    gatewayMetrics,
    /podium_gateway_mirrors_total\{version="2",outcome="sent",model="credit-risk"\} \d+/,
  );
});

async function metric(base: string, name: string): Promise<number> {
  const text = (await call(base, '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
  return Number(line?.split(' ').at(-1) ?? 0);
}

test('bad requests are 400s naming the input, field and row; an unknown model is a 404; never a 5xx', async () => {
  const good = tensors(rows.slice(0, 4));
  const replace = (name: string, change: (t: (typeof good)[number]) => unknown) =>
    good.map((t) => (t.name === name ? change(t) : t));
  const cases: [string, unknown, number, RegExp][] = [
    ['missing input', { inputs: good.filter((t) => t.name !== 'age') }, 400, /input "age" is missing/],
    [
      'wrong datatype',
      { inputs: replace('age', (t) => ({ ...t, datatype: 'BYTES', data: t.data.map(String) })) },
      400,
      /input "age": datatype BYTES cannot carry a number/,
    ],
    [
      'unknown datatype',
      { inputs: replace('age', (t) => ({ ...t, datatype: 'FLOAT' })) },
      400,
      /input "age": datatype "FLOAT" is not one of/,
    ],
    [
      'element type',
      {
        inputs: replace('age', (t) => ({
          ...t,
          data: ['30', 31, 32, 'x'].map((v, i) => (i === 3 ? v : Number(v))),
        })),
      },
      400,
      /input "age": row 3: expected a number \(FP64\); got "x"/,
    ],
    [
      'shape vs data',
      { inputs: replace('age', (t) => ({ ...t, shape: [5] })) },
      400,
      /input "age": shape has 5 rows, but input "\w+" has 4|input "age": shape holds 5 values, but data has 4/,
    ],
    [
      'rows differ between inputs',
      { inputs: replace('age', (t) => ({ ...t, shape: [3], data: t.data.slice(0, 3) })) },
      400,
      /input "annual_income": shape has 4 rows, but input "age" has 3/,
    ],
    [
      'not one value per row',
      { inputs: replace('age', (t) => ({ ...t, shape: [2, 2] })) },
      400,
      /input "age": shape \[2,2\] is not one value per row/,
    ],
    [
      'unknown input',
      { inputs: [...good, { name: 'agee', shape: [4], datatype: 'FP64', data: [1, 2, 3, 4] }] },
      400,
      /input "agee" is not an input of model credit-risk/,
    ],
    [
      'a value the model refuses',
      { inputs: replace('age', (t) => ({ ...t, data: [30, 1e31, 40, 50] })) },
      400,
      /^input "age": row 1: must be between/,
    ],
    [
      'not a date',
      {
        inputs: replace('application_date', (t) => ({
          ...t,
          data: ['2024-01-01', '2024-01-02', 'soon', '2024-01-03'],
        })),
      },
      400,
      /input "application_date": row 2: /,
    ],
    ['no inputs', { id: 'x' }, 400, /"inputs" must be a list of named tensors/],
    [
      'unknown output',
      { inputs: good, outputs: [{ name: 'scores' }] },
      400,
      /output "scores" is not an output/,
    ],
    ['bad id', { id: 7, inputs: good }, 400, /"id" must be a string/],
  ];
  for (const base of [championUrl, gatewayUrl]) {
    for (const [label, body, status, message] of cases) {
      const answer = await infer(base, body);
      assert.equal(answer.status, status, `${label}: ${answer.text}`);
      assert.equal(typeof answer.body.error, 'string', `${label}: {"error": "…"}`);
      assert.match(answer.body.error as string, message, label);
    }
    const notJson = await call(base, '/v2/models/credit-risk/infer', { raw: '{"inputs": [' });
    assert.equal(notJson.status, 400);
    assert.match(String(notJson.body.error), /not valid JSON/);
    const empty = await call(base, '/v2/models/credit-risk/infer', { raw: '', headers: {} });
    assert.equal(empty.status, 400, empty.text);
    const unknown = await infer(base, { inputs: good }, '/v2/models/churn/infer');
    assert.equal(unknown.status, 404);
    assert.match(String(unknown.body.error), /Unknown model "churn"/);
    const version = await infer(base, { inputs: good }, '/v2/models/credit-risk/versions/1/infer');
    assert.equal(version.status, 200, version.text);
  }
});

/** A valid infer body with one thing broken: a key, a tensor, a shape, a datatype or an element. */
function mutatedInferBody(random: Random): unknown {
  const body = { id: 'fuzz', inputs: tensors(rows.slice(0, 3)) } as Record<string, unknown>;
  const inputsOf = body.inputs as Record<string, unknown>[];
  const tensor = pick(random, inputsOf);
  switch (random.int(7)) {
    case 0:
      body[pick(random, ['id', 'inputs', 'outputs', 'parameters'])] = weirdValue(random);
      break;
    case 1:
      inputsOf[random.int(inputsOf.length)] = weirdValue(random) as Record<string, unknown>;
      break;
    case 2:
      tensor[pick(random, ['name', 'shape', 'datatype', 'data', 'parameters'])] = weirdValue(random);
      break;
    case 3:
      tensor.shape = [weirdValue(random), ...(random.next() < 0.5 ? [weirdValue(random)] : [])];
      break;
    case 4:
      tensor.datatype = pick(random, ['BOOL', 'UINT8', 'INT64', 'FP16', 'FP32', 'BYTES', 'bytes', '']);
      break;
    case 5:
      (tensor.data as unknown[])[random.int(3)] = weirdValue(random);
      break;
    default:
      tensor.parameters = { binary_data_size: weirdValue(random) };
  }
  return body;
}

test('a thousand mutated infer bodies: each a 2xx or 4xx with an error message, never a 5xx', async () => {
  const random = createRandom(18_004);
  for (const base of [championUrl, gatewayUrl]) {
    for (let i = 0; i < 500; i++) {
      const body = mutatedInferBody(random);
      const answer = await infer(base, body);
      assert.ok(answer.status < 500, `${answer.status} ${answer.text} for ${JSON.stringify(body)}`);
      if (answer.status !== 200) assert.equal(typeof answer.body.error, 'string', answer.text);
    }
  }
});
