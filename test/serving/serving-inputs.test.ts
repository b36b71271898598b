import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { ingestCsv } from '../../main/data/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { predictFile } from '../../main/lineage/index.js';
import { ServiceMetricsSampler, ServiceMetricsStore } from '../../main/monitoring/service-metrics/index.js';
import { errorRateAlert } from '../../main/monitoring/serving-monitor.js';
import type { ModelVersion } from '../../main/registry/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { replay } from '../../main/serving/replay.js';
import { generateModelConfig, stringifyModelConfig } from '../../main/training/index.js';
import { CHURN_HEADER, churnRows, writeCsv } from '../helpers/churn-data.js';
import { servedPackage } from '../helpers/model-service-fixture.js';
import { storesOf } from '../helpers/stores.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

/**
 * The issue's churn table, seen as a new user: serving reads a record as training and batch
 * prediction read a CSV row (a blank, null or absent plan is "unknown"), refuses what training
 * refuses with a 400 that names the field, and counts the callers' mistakes apart from its own.
 */
const clock = fakeClock();
const workspace = tempWorkspace({ clock });
const dir = workspace.paths.root;
const trainFile = join(dir, 'churn.csv');
let champion: ModelVersion;
let service: FastifyInstance;
let serviceUrl: string;
/** The same data with `signup_date: default: request_time` in its config. */
let forecastService: FastifyInstance;
let gateway: Gateway;
let gatewayUrl: string;
let pool: Pool;

/** A record of the churn table as a client sends it: numbers as numbers. */
const RECORD = { customer_id: 'C1', age: 41, plan: 'plus', monthly_fee: 55.5, signup_date: '14-03-2021' };

before(async () => {
  writeCsv(trainFile, churnRows(400));
  const manager = new ChampionChallengerManager(workspace, storesOf(workspace));
  const trained = await manager.trainChallenger(trainFile, {
    modelName: 'churn',
    target: 'churned',
    modelType: 'linear',
    autoEvaluate: true,
  });
  champion = trained.version;
  service = await servedPackage(champion.packagePath);
  serviceUrl = await service.listen({ host: '127.0.0.1', port: 0 });

  const snapshot = await ingestCsv(trainFile, { datasetsDir: join(dir, 'scratch'), target: 'churned' });
  const config = generateModelConfig(snapshot.profile, 'churned', {
    modelType: 'linear',
    requestTimeDates: ['signup_date'],
  });
  const configFile = join(dir, 'forecast.yaml');
  writeFileSync(configFile, stringifyModelConfig(config));
  assert.match(readFileSync(configFile, 'utf8'), /default: request_time/);
  const forecast = await manager.trainChallenger(trainFile, { modelName: 'churn-today', configFile });
  forecastService = await servedPackage(forecast.version.packagePath);

  gateway = new Gateway({ modelName: 'churn', log: new PredictionLog(workspace.db, clock) });
  await gateway.setChampion(champion.version, serviceUrl);
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  pool = new Pool(gatewayUrl, { connections: 4 });
});

after(async () => {
  await pool?.close();
  await gateway?.close();
  await service?.close();
  await forecastService?.close();
  workspace.cleanup();
});

const inject = (app: FastifyInstance, url: string, payload: unknown) =>
  app.inject({
    method: 'POST',
    url,
    payload: JSON.stringify(payload),
    headers: { 'content-type': 'application/json' },
  });

async function viaGateway(
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const yes = (body: { probabilities?: Record<string, number> }) => body.probabilities?.Yes;

test('a blank, null or absent plan answers 200, as batch predict answers the same row', async () => {
  const { plan: _plan, ...absent } = RECORD;
  const answers = await Promise.all(
    [{ ...RECORD, plan: '' }, { ...RECORD, plan: null }, absent, { ...RECORD, plan: 'NA' }].map((record) =>
      inject(service, '/predict', record),
    ),
  );
  for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
  const probabilities = answers.map((answer) => yes(answer.json()));
  assert.ok(
    probabilities.every((p) => p === probabilities[0]),
    `${probabilities}`,
  );
  assert.deepEqual(answers[2].json().warnings, [
    {
      field: 'plan',
      code: 'not_sent',
      message: "'plan' was not sent: treated as missing, as a blank cell in training",
    },
  ]);
  assert.equal(answers[0].json().warnings, undefined, 'a blank sent on purpose needs no warning');

  const input = writeCsv(join(dir, 'one-row.csv'), [
    [RECORD.customer_id, String(RECORD.age), '', String(RECORD.monthly_fee), RECORD.signup_date, 'No'],
  ]);
  const output = join(dir, 'one-row-scored.csv');
  await predictFile(workspace, { version: champion, input, output });
  const [row] = parse(readFileSync(output, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(Number(row.probability_Yes), probabilities[0], 'the same probability as the CSV row');

  const info = (await service.inject({ method: 'GET', url: '/model/info' })).json();
  assert.equal(info.statistics.missing.plan, 4);
  assert.ok(info.statistics.records >= 4);
  const metrics = (await service.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(metrics, /podium_missing_value_total\{field="plan"[^}]*\} 4/);
});

test('a date that does not parse is a 400 naming signup_date, in /predict, /batch_predict and the gateway', async () => {
  const bad = { ...RECORD, signup_date: 'not-a-date' };
  const single = await inject(service, '/predict', bad);
  assert.equal(single.statusCode, 400);
  assert.equal(single.json().error.details.field, 'signup_date');
  assert.match(
    single.json().error.message,
    /field 'signup_date' must be a date \(DD-MM-YYYY or ISO 8601\); got "not-a-date"/,
  );

  const batch = await inject(service, '/batch_predict', [RECORD, RECORD, bad]);
  assert.equal(batch.statusCode, 400);
  assert.deepEqual([batch.json().error.details.field, batch.json().error.details.record], ['signup_date', 2]);
  assert.match(batch.json().error.message, /^record 2: field 'signup_date'/);

  const throughGateway = await viaGateway('/predict', bad);
  assert.equal(throughGateway.status, 400);
  assert.match(String((throughGateway.body.error as { message: string }).message), /signup_date/);
  const gatewayBatch = await viaGateway('/batch_predict', { records: [bad, RECORD] });
  assert.equal(gatewayBatch.status, 400);
  assert.deepEqual((gatewayBatch.body.error as { details: unknown }).details, {
    field: 'signup_date',
    record: 0,
    value: 'not-a-date',
  });

  const text = await inject(service, '/predict', { ...RECORD, monthly_fee: 'cheap' });
  assert.equal(text.statusCode, 400);
  assert.equal(text.json().error.details.field, 'monthly_fee');
});

test('a missing date is a 400 unless the config defaults it to the request time', async () => {
  const { signup_date: _date, ...noDate } = RECORD;
  for (const record of [noDate, { ...RECORD, signup_date: null }, { ...RECORD, signup_date: ' ' }]) {
    const refused = await inject(service, '/predict', record);
    assert.equal(refused.statusCode, 400, JSON.stringify(record));
    assert.equal(refused.json().error.details.field, 'signup_date');
    assert.match(refused.json().error.message, /signup_date/);
  }
  const info = (await service.inject({ method: 'GET', url: '/model/info' })).json();
  const date = info.input_signature.find((input: { name: string }) => input.name === 'signup_date');
  assert.equal(date.optional, undefined);

  // Walmart-style: the model's config says a missing date is the day of the request.
  const today = new Date().toISOString().slice(0, 10);
  const [left, dated] = await Promise.all([
    inject(forecastService, '/predict', noDate),
    inject(forecastService, '/predict', { ...RECORD, signup_date: today }),
  ]);
  assert.equal(left.statusCode, 200, left.body);
  assert.equal(yes(left.json()), yes(dated.json()));
  const forecastInfo = (await forecastService.inject({ method: 'GET', url: '/model/info' })).json();
  const defaulted = forecastInfo.input_signature.find(
    (input: { name: string }) => input.name === 'signup_date',
  );
  assert.deepEqual([defaulted.optional, defaulted.default], [true, 'request_time']);
});

test('an unseen plan is answered with a warning and counted', async () => {
  const answer = await inject(service, '/predict', { ...RECORD, plan: 'platinum' });
  assert.equal(answer.statusCode, 200, answer.body);
  assert.deepEqual(answer.json().warnings, [
    {
      field: 'plan',
      code: 'unseen_category',
      value: 'platinum',
      message: `'plan' = "platinum" was never seen in training: answered as unknown`,
    },
  ]);
  const batch = await inject(service, '/batch_predict', [RECORD, { ...RECORD, plan: 'gold' }]);
  const predictions = batch.json().predictions as { warnings?: { value: string }[] }[];
  assert.equal(predictions[0].warnings, undefined);
  assert.equal(predictions[1].warnings?.[0].value, 'gold');
  const metrics = (await service.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(metrics, /podium_unseen_category_total\{field="plan"[^}]*\} 2/);
  const info = (await service.inject({ method: 'GET', url: '/model/info' })).json();
  assert.equal(info.statistics.unseen.plan, 2);
});

test('/feedback takes only the target’s classes', async () => {
  const served = await viaGateway('/predict', RECORD);
  assert.equal(served.status, 200);
  const requestId = String(served.body.request_id);
  const wrong = await viaGateway('/feedback', { request_id: requestId, actual: 'Maybe' });
  assert.equal(wrong.status, 400);
  const error = wrong.body.error as { message: string; details: { allowed: string[]; field: string } };
  assert.match(error.message, /one of the classes of 'churned': "No", "Yes" \(got "Maybe"\)/);
  assert.deepEqual(error.details.allowed, ['No', 'Yes']);
  const stored = workspace.db.prepare('SELECT 1 FROM feedback WHERE request_id = ?').get(requestId);
  assert.equal(stored, undefined, 'nothing was stored');
  const right = await viaGateway('/feedback', { request_id: requestId, actual: 'yes' });
  assert.equal(right.status, 200, JSON.stringify(right.body));
});

test('replay groups its failures; 4xx are client errors and raise no error-rate alert', async () => {
  const store = new ServiceMetricsStore(workspace.db);
  const sampler = new ServiceMetricsSampler({
    store,
    clock,
    services: () => [
      { model: 'churn', version: champion.version, role: 'champion', runtime: 'process', url: serviceUrl },
    ],
    gateways: () => [{ model: 'churn', metrics: () => gateway.registry.metrics() }],
  });
  await sampler.sampleOnce();
  const rows = churnRows(40, 11);
  for (const row of rows.slice(0, 10)) row[4] = 'soon';
  rows[12][3] = 'free';
  rows[15][5] = 'Maybe';
  const file = writeCsv(join(dir, 'replay.csv'), rows, CHURN_HEADER);
  const report = await replay({ gatewayUrl, file, rate: 1000, labelColumn: 'churned' });
  assert.deepEqual([report.sent, report.ok, report.failed, report.labelled], [40, 29, 11, 28]);
  assert.deepEqual(
    report.failures.map((f) => [f.route, f.status, f.code, f.count]),
    [
      ['/predict', 400, 'INVALID_INPUT', 11],
      ['/feedback', 400, 'INVALID_INPUT', 1],
    ],
  );
  const [dates, feedback] = report.failures;
  assert.equal(dates.examples.length, 3);
  assert.match(dates.examples[0], /^line 2: field 'signup_date' must be a date .*; got "soon"$/);
  assert.match(feedback.examples[0], /^line 17: .*"Maybe"/);

  clock.advance(10_000);
  const samples = await sampler.sampleOnce();
  const front = samples.find((sample) => sample.target.source === 'gateway');
  assert.deepEqual([front?.requests, front?.errors, front?.clientErrors], [40, 0, 11]);
  // The gateway's own counter: these 11 and the bad date of an earlier test.
  assert.match(
    await gateway.registry.metrics(),
    /podium_gateway_errors_total\{route="\/predict",kind="client"[^}]*\} 12/,
  );
  // The service may also have refused batches the gateway then asked again one by one.
  const own = samples.find((sample) => sample.target.source === 'service');
  assert.ok(own && own.errors === 0 && (own.clientErrors ?? 0) >= 11, JSON.stringify(own));
  assert.equal(errorRateAlert('churn', own, 0.05), null, 'refused requests are not service errors');
  assert.ok(errorRateAlert('churn', { ...own, errors: own.clientErrors }, 0.05), 'the same count of 5xx is');
  await sampler.stop();
});
