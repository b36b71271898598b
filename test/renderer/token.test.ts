import assert from 'node:assert/strict';
import { test } from 'node:test';
import { takeToken, tokenStorageKey } from '../../renderer/client/token.js';
import { parseRoute, routeHref } from '../../renderer/router.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

test('a token in the fragment is stored and replaced by the overview route', () => {
  const storage = memoryStorage();
  const taken = takeToken('#token=abc-DEF_123', storage);
  assert.deepEqual(taken, { token: 'abc-DEF_123', replaceHashWith: '#/overview' });
  assert.equal(storage.values.get(tokenStorageKey), 'abc-DEF_123');
});

test('a fresh token replaces the stored one; a deep link may ride along', () => {
  const storage = memoryStorage({ [tokenStorageKey]: 'old' });
  assert.deepEqual(takeToken('#token=new&route=/data', storage), { token: 'new', replaceHashWith: '#/data' });
  assert.equal(storage.values.get(tokenStorageKey), 'new');
});

test('without a token in the fragment the tab keeps its stored token and its route', () => {
  assert.deepEqual(takeToken('#/experiments', memoryStorage({ [tokenStorageKey]: 'kept' })), {
    token: 'kept',
    replaceHashWith: null,
  });
  assert.deepEqual(takeToken('', memoryStorage()), { token: null, replaceHashWith: null });
  assert.deepEqual(takeToken('#token=', memoryStorage()).token, null);
});

test('hash routes name a view and an optional parameter; unknown ones fall back to the overview', () => {
  assert.deepEqual(parseRoute('#/data'), { view: 'data', param: null });
  assert.deepEqual(parseRoute('#/experiments/run%2F1'), { view: 'experiments', param: 'run/1' });
  assert.deepEqual(parseRoute('#/nope'), { view: 'overview', param: null });
  assert.deepEqual(parseRoute(''), { view: 'overview', param: null });
  assert.equal(routeHref('shadow', 4), '#/shadow/4');
  assert.deepEqual(parseRoute(routeHref('registry', 'sales model')), {
    view: 'registry',
    param: 'sales model',
  });
});
