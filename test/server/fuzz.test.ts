import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { OPERATION_NAMES } from '../../main/app/index.js';
import { createRandom } from '../../main/common/random.js';
import type { FuzzCase } from '../helpers/fuzz-bodies.js';
import { predictBody } from '../helpers/fuzz-endpoint-bodies.js';
import { malformedHttp, rawExchange } from '../helpers/malformed-http.js';
import { fuzzTargetFor } from './fuzz-inputs.js';
import { type UiFixture, uiFixture } from './ui-fixture.js';

/**
 * Bad input at volume against browser mode (issue 7): ≥10,000 random and malformed bodies to
 * every operation over real sockets, a share of them with no token or a wrong one, plus requests
 * that break HTTP itself. No 5xx, no INTERNAL from any handler, every error in the one shape,
 * and the server keeps answering. FUZZ_SEED replays a run; failures name the seed and case.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x0b1d_2026);
const COUNT = 10_000;
const ODD_NAMES = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'data.list.',
  '..%2f..%2fetc',
  '%00',
  'a'.repeat(5000),
];

let ui: UiFixture;
let pool: Pool;

before(async () => {
  ui = await uiFixture();
  pool = new Pool(ui.server.url, { connections: 8, bodyTimeout: 30_000, headersTimeout: 30_000 });
});
after(async () => {
  await pool?.close();
  await ui?.close();
});

type Answer = { status: number; body: string; error?: string };

async function send(path: string, fuzz: FuzzCase, authorization: string | null): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (fuzz.contentType !== null) headers['content-type'] = fuzz.contentType;
  if (authorization !== null) headers.authorization = authorization;
  try {
    const response = await pool.request({ path, method: 'POST', body: fuzz.body, headers });
    return { status: response.statusCode, body: await response.body.text() };
  } catch (error) {
    return {
      status: 0,
      body: '',
      error: `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`,
    };
  }
}

/** What is wrong with an answer whatever was sent: a 5xx, no answer, or an error outside the shape. */
function problemWith(answer: Answer, expectUnauthorized: boolean): string | null {
  if (answer.status === 0) return `no answer: ${answer.error}`;
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 300)}`;
  if (expectUnauthorized && answer.status !== 401) return `status ${answer.status} without a valid token`;
  let parsed: { data?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return `status ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 300)}`;
  }
  if (answer.status === 200)
    return 'data' in parsed ? null : `200 without data: ${answer.body.slice(0, 300)}`;
  const error = parsed.error;
  if (typeof error?.code !== 'string' || error.code === '')
    return `no error.code: ${answer.body.slice(0, 300)}`;
  if (typeof error.message !== 'string' || error.message === '')
    return `no error.message: ${answer.body.slice(0, 300)}`;
  if (/\bat .*\.js:\d+/.test(answer.body)) return `a stack trace: ${answer.body.slice(0, 300)}`;
  return null;
}

test(`browser-mode API: ${COUNT} random and malformed bodies, never a 5xx, and it keeps answering`, async () => {
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const index = next++;
      const random = createRandom(SEED + index * 7919);
      const odd = index % 50 === 49;
      const operation = odd
        ? ODD_NAMES[random.int(ODD_NAMES.length)]
        : OPERATION_NAMES[index % OPERATION_NAMES.length];
      const fuzz = predictBody(
        fuzzTargetFor(odd ? 'data.list' : OPERATION_NAMES[index % OPERATION_NAMES.length]),
        random,
        index,
      );
      // One in ten without a token or with a wrong one: the guard must hold whatever the body.
      const tokenCase = index % 10;
      const authorization =
        tokenCase === 3
          ? null
          : tokenCase === 7
            ? `Bearer ${random.next().toString(36)}`
            : `Bearer ${ui.server.token}`;
      const answer = await send(`/api/call/${encodeURIComponent(operation)}`, fuzz, authorization);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = problemWith(answer, authorization !== `Bearer ${ui.server.token}`);
      if (problem !== null && failures.length < 10) {
        const sent = typeof fuzz.body === 'string' ? fuzz.body : `bytes ${fuzz.body.toString('hex')}`;
        failures.push(
          `seed=${SEED} case=${index} op=${operation} kind=${fuzz.kind}: ${problem}\n    sent: ${sent.slice(0, 300)}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  console.log(`fuzz browser mode: ${COUNT} bodies (seed ${SEED}); statuses ${summary.join(', ')}`);
  assert.deepEqual(failures, [], failures.join('\n'));
  assert.deepEqual(
    ui.internalErrors.map((error) => String(error)),
    [],
    'a handler failed with an internal error on bad input',
  );
  const sum = [...statuses.values()].reduce((a, b) => a + b, 0);
  assert.equal(sum, COUNT);

  const alive = await ui.call('data.list', {});
  assert.equal(alive.status, 200);
});

test('browser-mode API: requests that break HTTP get a 4xx or a closed socket, never a 5xx', async () => {
  const random = createRandom(SEED);
  for (const path of ['/api/call/data.list', '/api/call/data.ingest', '/']) {
    for (const bad of malformedHttp(path, '{"fileName":"a.csv","csvText":"a\\n1\\n"}', random)) {
      const answers = await rawExchange(ui.server.url, bad.bytes);
      for (const answer of answers)
        assert.ok(answer.status < 500, `${path} ${bad.kind}: ${answer.status} ${answer.body}`);
    }
  }
  const alive = await ui.call('overview.get', {});
  assert.equal(alive.status, 200, JSON.stringify(alive.json));
});
