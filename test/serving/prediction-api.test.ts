import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { ingestCsv } from '../../main/data/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { generateModelConfig, stringifyModelConfig } from '../../main/training/index.js';
import { servedPackage } from '../helpers/model-service-fixture.js';
import { storesOf } from '../helpers/stores.js';
import { tempWorkspace } from '../helpers/workspace.js';

const WALMART = fileURLToPath(new URL('../../../data/walmart.csv', import.meta.url));

/**
 * The seed's contract: snake_case names, no date (the model's config defaults Date to the time
 * of the request, as the demo's does), the prediction under `predicted_weekly_sales`.
 */
const SEED_REQUEST = {
  store: 1,
  temperature: 75.5,
  fuel_price: 3.2,
  holiday_flag: 0,
  unemployment: 8.1,
  cpi: 210.3,
};

describe('the Walmart prediction API', () => {
  const workspace = tempWorkspace();
  let app: FastifyInstance;
  let custom: FastifyInstance;
  before(async () => {
    const manager = new ChampionChallengerManager(workspace, storesOf(workspace));
    const snapshot = await ingestCsv(WALMART, {
      datasetsDir: join(workspace.paths.root, 'scratch'),
      target: 'Weekly_Sales',
    });
    const weekly = generateModelConfig(snapshot.profile, 'Weekly_Sales', {
      modelType: 'gbm',
      requestTimeDates: ['Date'],
    });
    const weeklyFile = join(workspace.paths.root, 'weekly.yaml');
    writeFileSync(weeklyFile, stringifyModelConfig(weekly));
    const { version } = await manager.trainChallenger(WALMART, {
      modelName: 'walmart',
      configFile: weeklyFile,
      autoEvaluate: true,
    });
    app = await servedPackage(version.packagePath);

    // The answer's field name comes from the model's config; this one has no default date.
    const config = generateModelConfig(snapshot.profile, 'Weekly_Sales', { modelType: 'linear' });
    config.output_features[0].prediction_field = 'forecast';
    const configFile = join(workspace.paths.root, 'forecast.yaml');
    writeFileSync(configFile, stringifyModelConfig(config));
    const named = await manager.trainChallenger(WALMART, {
      modelName: 'walmart-named',
      configFile,
      autoEvaluate: true,
    });
    custom = await servedPackage(named.version.packagePath);
  });
  after(async () => {
    await app?.close();
    await custom?.close();
    workspace.cleanup();
  });

  const post = (url: string, payload: unknown, target = app) =>
    target.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { 'content-type': 'application/json' },
    });

  test("the seed's request: snake_case names, no date", async () => {
    const response = await post('/predict', SEED_REQUEST);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(typeof body.predicted_weekly_sales, 'number');
    assert.ok(body.predicted_weekly_sales > 100_000 && body.predicted_weekly_sales < 5_000_000);
    assert.equal(body.model_version, 1);
    assert.ok(!Number.isNaN(Date.parse(body.prediction_time)));
    assert.equal(body.prediction, body.predicted_weekly_sales);
  });

  test("the CSV's own column names give the same answer; a missing date is today's", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const csvNames = {
      Store: 1,
      Temperature: 75.5,
      Fuel_Price: 3.2,
      Holiday_Flag: 0,
      Unemployment: 8.1,
      CPI: 210.3,
      Date: today,
    };
    const [seed, csv, explicitDate] = await Promise.all([
      post('/predict', SEED_REQUEST),
      post('/predict', csvNames),
      post('/predict', { ...SEED_REQUEST, date: today }),
    ]);
    assert.equal(csv.json().predicted_weekly_sales, seed.json().predicted_weekly_sales);
    assert.equal(explicitDate.json().predicted_weekly_sales, seed.json().predicted_weekly_sales);
    // A date from the data's own period, in the CSV's format, is read and changes the forecast.
    const early = await post('/predict', { ...SEED_REQUEST, date: '05-02-2010' });
    assert.equal(early.statusCode, 200);
    assert.notEqual(early.json().predicted_weekly_sales, seed.json().predicted_weekly_sales);
  });

  test('a missing date (without a default) or a mistyped field is a 400 that names it, under either name', async () => {
    const missing = await post('/predict', SEED_REQUEST, custom);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error.message, /field 'Date' \(or 'date'\) is required/);
    const notADate = await post('/predict', { ...SEED_REQUEST, date: '31-13-2010' });
    assert.equal(notADate.statusCode, 400);
    assert.match(notADate.json().error.message, /field 'Date' \(or 'date'\) must be a date/);
    const { store: _store, ...withoutStore } = SEED_REQUEST;
    const noStore = await post('/predict', withoutStore);
    assert.equal(noStore.statusCode, 200, 'a category left out is unknown, as a blank cell in training');
    const mistyped = await post('/predict', { ...SEED_REQUEST, temperature: 'hot' });
    assert.equal(mistyped.statusCode, 400);
    assert.match(mistyped.json().error.message, /Temperature/);
    const badDate = await post('/predict', { ...SEED_REQUEST, date: { year: 2010 } });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.json().error.message, /Date/);
  });

  test('batches take the same names; model info documents aliases, the optional date and the field', async () => {
    const batch = await post('/batch_predict', [SEED_REQUEST, { ...SEED_REQUEST, store: 20 }]);
    assert.equal(batch.statusCode, 200, batch.body);
    const predictions = batch.json().predictions as { predicted_weekly_sales: number }[];
    assert.equal(predictions.length, 2);
    assert.notEqual(predictions[0].predicted_weekly_sales, predictions[1].predicted_weekly_sales);

    const info = (await app.inject({ method: 'GET', url: '/model/info' })).json();
    assert.equal(info.prediction_field, 'predicted_weekly_sales');
    const byName = Object.fromEntries(
      (info.input_signature as { name: string; alias?: string; optional?: boolean }[]).map((i) => [
        i.name,
        i,
      ]),
    );
    assert.equal(byName.Fuel_Price.alias, 'fuel_price');
    assert.equal(byName.Date.optional, true);
  });

  test("the output field's name comes from the model's config", async () => {
    const response = await post('/predict', { ...SEED_REQUEST, date: '05-02-2010' }, custom);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(typeof response.json().forecast, 'number');
    assert.equal(response.json().predicted_weekly_sales, undefined);
  });
});
