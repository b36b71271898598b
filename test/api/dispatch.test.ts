import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { callOperation, mergeHandlers, OPERATION_NAMES } from '../../main/app/index.js';
import { defineOperation } from '../../main/contract/define-operation.js';
import { type ApiFixture, apiFixture } from './api-fixture.js';

describe('API dispatcher', () => {
  let fixture: ApiFixture;
  before(() => {
    fixture = apiFixture();
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('has a handler for every operation of the contract', () => {
    for (const name of OPERATION_NAMES) assert.equal(typeof fixture.api.handlers[name], 'function', name);
  });

  it('answers an unknown operation with NOT_FOUND naming it', async () => {
    const result = await callOperation(fixture.api.handlers, 'models.destroyEverything', {});
    assert.equal(result.error?.code, 'NOT_FOUND');
    assert.match(result.error?.message ?? '', /models\.destroyEverything/);
    const inherited = await callOperation(fixture.api.handlers, 'constructor', {});
    assert.equal(inherited.error?.code, 'NOT_FOUND');
  });

  it('refuses bad input with an error that names the field', async () => {
    const missing = await callOperation(fixture.api.handlers, 'data.profile', {});
    assert.equal(missing.error?.code, 'USAGE');
    assert.match(missing.error?.message ?? '', /data\.profile: datasetId/);
    assert.equal(missing.error?.details?.field, 'datasetId');

    const wrongType = await callOperation(fixture.api.handlers, 'train.start', {
      datasetId: 'x',
      target: 'target',
      modelType: 'deep-forest',
    });
    assert.equal(wrongType.error?.code, 'USAGE');
    assert.equal(wrongType.error?.details?.field, 'modelType');

    const extra = await callOperation(fixture.api.handlers, 'jobs.cancel', { jobId: 1, force: true });
    assert.equal(extra.error?.code, 'USAGE');
    assert.match(extra.error?.message ?? '', /force/);

    const notAnObject = await callOperation(fixture.api.handlers, 'registry.versions', 'sales');
    assert.equal(notAnObject.error?.code, 'USAGE');
  });

  it('returns domain errors as data, and never a stack trace', async () => {
    const result = await callOperation(fixture.api.handlers, 'registry.versions', { model: 'nobody' });
    assert.deepEqual(Object.keys(result).sort(), ['error']);
    assert.equal(result.error?.code, 'NOT_FOUND');
    assert.match(result.error?.message ?? '', /nobody/);
    assert.doesNotMatch(JSON.stringify(result), /at .*\.js:\d+|stack/);
  });

  it('hides the internals of an unexpected error and hands it to the log', async () => {
    const logged: unknown[] = [];
    const table = {
      ...fixture.api.handlers,
      'data.list': defineOperation('data.list', () => {
        throw new TypeError('secret internal detail at /home/x/main/data.ts:12');
      }),
    };
    const result = await callOperation(table, 'data.list', {}, (error) => logged.push(error));
    assert.deepEqual(result.error, { code: 'INTERNAL', message: 'Internal error; see the log for details' });
    assert.equal(logged.length, 1);
    assert.doesNotMatch(JSON.stringify(result), /secret internal detail/);
  });

  it('refuses an operation registered twice', () => {
    const noop = async () => [];
    assert.throws(
      () => mergeHandlers({ 'data.list': noop }, { 'data.list': noop }),
      (error: Error & { code?: string }) => error.code === 'CONFLICT' && /data\.list/.test(error.message),
    );
  });

  it('refuses a table with an operation nobody handles', () => {
    assert.throws(
      () => mergeHandlers({ 'data.list': async () => [] }),
      (error: Error & { code?: string }) => error.code === 'INTERNAL' && /overview\.get/.test(error.message),
    );
  });

  it('the local client rejects with plain error data', async () => {
    await assert.rejects(fixture.client.send('runs.get', { runId: 'missing' }), (error: unknown) => {
      assert.ok(!(error instanceof Error));
      assert.equal((error as { code: string }).code, 'NOT_FOUND');
      return true;
    });
    const caught = await fixture.client.sendCatch('data.list', {});
    assert.deepEqual(caught, { data: [] });
  });
});
