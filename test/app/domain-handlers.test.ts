import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callOperation } from '../../main/app/dispatch.js';
import { DOMAIN_HANDLERS, type DomainHandlers } from '../../main/app/domain-handlers.js';
import { lazyHandlers, loadAllHandlers } from '../../main/app/lazy-handlers.js';
import { OPERATION_NAMES } from '../../main/app/operation-names.js';
import { PodiumError } from '../../main/contract/errors.js';
import type { OperationName } from '../../main/contract/index.js';
import { apiFixture } from '../api/api-fixture.js';

test('every domain lists exactly the operations its module builds, and together they are the contract', async () => {
  const fixture = apiFixture();
  try {
    const table = await loadAllHandlers(DOMAIN_HANDLERS, fixture.api.context);
    assert.deepEqual(Object.keys(table).sort(), [...OPERATION_NAMES].sort());
    assert.deepEqual(Object.keys(fixture.api.handlers).sort(), [...OPERATION_NAMES].sort());
  } finally {
    await fixture.cleanup();
  }
});

test('a domain is built on the first call of one of its operations, once, and not before', async () => {
  const fixture = apiFixture();
  try {
    const loads: string[] = [];
    const counting = DOMAIN_HANDLERS.map((domain) => ({
      ...domain,
      load: async (context: Parameters<DomainHandlers['load']>[0]) => {
        loads.push(domain.domain);
        return domain.load(context);
      },
    }));
    const table = lazyHandlers(counting, fixture.api.context);
    assert.deepEqual(loads, []);
    const first = await callOperation(table, 'data.list', undefined);
    const second = await callOperation(table, 'data.profile', { datasetId: 'nope' });
    assert.ok('data' in first, JSON.stringify(first));
    assert.equal(second.error?.code, 'NOT_FOUND', JSON.stringify(second));
    assert.deepEqual(loads, ['data']);
  } finally {
    await fixture.cleanup();
  }
});

test('a domain whose module builds other operations than it lists fails its calls with INTERNAL', async () => {
  const fixture = apiFixture();
  try {
    const wrong: DomainHandlers = {
      domain: 'jobs',
      operations: ['jobs.list', 'jobs.cancel'] satisfies OperationName[],
      load: async () => ({ 'jobs.list': async () => [] }),
    };
    const rest = DOMAIN_HANDLERS.filter((domain) => domain.domain !== 'jobs');
    const table = lazyHandlers([wrong, ...rest], fixture.api.context);
    const result = await callOperation(table, 'jobs.list', undefined);
    assert.equal(result.error?.code, 'INTERNAL');
    assert.match(
      result.error?.message ?? '',
      /Domain jobs builds operations jobs\.list but lists jobs\.cancel, jobs\.list/,
    );
  } finally {
    await fixture.cleanup();
  }
});

test('an operation listed by two domains is refused when the table is made', async () => {
  const fixture = apiFixture();
  try {
    const twice = [...DOMAIN_HANDLERS, { ...DOMAIN_HANDLERS[0], domain: 'again' }];
    assert.throws(
      () => lazyHandlers(twice, fixture.api.context),
      (error: unknown) => error instanceof PodiumError && /registered twice/.test(error.message),
    );
  } finally {
    await fixture.cleanup();
  }
});
