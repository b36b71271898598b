import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelSummary } from '../../main/contract/index.js';
import {
  type ChoiceStorage,
  createModelSelectionStore,
  MODEL_CHOICE_KEY,
  pickModel,
} from '../../renderer/store/model-selection-store.js';
import { settled, standInClient } from './stand-in-client.js';

function summary(name: string): ModelSummary {
  return {
    name,
    task: 'binary',
    target: 'churned',
    versions: 1,
    championVersion: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** localStorage as the page has it: strings by key, shared by every store made with it. */
function memoryStorage(initial: Record<string, string> = {}): ChoiceStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

const severalModels = { code: 'USAGE' as const, message: 'Several models are registered (a, b); name one' };

test('pickModel: the remembered model while registered, else the workspace default, else the first', () => {
  const models = [summary('credit-risk'), summary('churn')];
  assert.equal(pickModel(models, 'churn', 'credit-risk'), 'churn');
  assert.equal(pickModel(models, 'gone', 'credit-risk'), 'credit-risk');
  assert.equal(pickModel(models, null, 'not-registered'), 'credit-risk');
  assert.equal(pickModel(models, null, null), 'credit-risk');
  assert.equal(pickModel([], 'churn', null), null);
});

test('several models and none chosen: the first one, never the "several models" error', async () => {
  const stand = standInClient({
    'registry.models': () => [summary('credit-risk'), summary('kundenabwanderung')],
    'status.get': () => severalModels,
  });
  const store = createModelSelectionStore(stand.client, memoryStorage());
  await store.getState().load();
  assert.equal(store.getState().model, 'credit-risk');
  assert.equal(store.getState().models.error, null);
  assert.deepEqual(
    store.getState().models.data?.map((m) => m.name),
    ['credit-risk', 'kundenabwanderung'],
  );
});

test("several models and none chosen: the workspace's default model when it has one", async () => {
  const stand = standInClient({
    'registry.models': () => [summary('credit-risk'), summary('churn')],
    'status.get': () => ({
      model: 'churn',
      task: 'binary',
      target: 'churned',
      champion: null,
      challengers: [],
      shadowTests: [],
      environment: 'dev',
      workspace: '/w',
      decisions: [],
    }),
  });
  const store = createModelSelectionStore(stand.client, memoryStorage());
  await store.getState().load();
  assert.equal(store.getState().model, 'churn');
});

test('a choice is remembered: a new store on the same storage (a reload) starts from it', async () => {
  const storage = memoryStorage();
  const stand = standInClient({
    'registry.models': () => [summary('credit-risk'), summary('churn')],
    'status.get': () => severalModels,
  });
  const first = createModelSelectionStore(stand.client, storage);
  await first.getState().load();
  first.getState().choose('churn');
  assert.equal(first.getState().model, 'churn');
  assert.equal(storage.items.get(MODEL_CHOICE_KEY), 'churn');

  const reloaded = createModelSelectionStore(stand.client, storage);
  const asked = stand.calls.length;
  await reloaded.getState().load();
  assert.equal(reloaded.getState().model, 'churn');
  // A remembered, registered model needs no question about the default.
  assert.deepEqual(
    stand.calls.slice(asked).map((call) => call.name),
    ['registry.models'],
  );
});

test('a remembered model that is no longer registered gives way, and is not overwritten', async () => {
  const storage = memoryStorage({ [MODEL_CHOICE_KEY]: 'deleted-model' });
  const stand = standInClient({ 'registry.models': () => [summary('churn')] });
  const store = createModelSelectionStore(stand.client, storage);
  await store.getState().load();
  assert.equal(store.getState().model, 'churn');
  assert.equal(storage.items.get(MODEL_CHOICE_KEY), 'deleted-model');
});

test('an empty workspace has no model and no error; storage that throws only loses the memory', async () => {
  const refusing: ChoiceStorage = {
    getItem: () => {
      throw new Error('SecurityError');
    },
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  };
  const models: ModelSummary[] = [];
  const stand = standInClient({ 'registry.models': () => [...models] });
  const store = createModelSelectionStore(stand.client, refusing);
  await store.getState().load();
  assert.equal(store.getState().model, null);
  assert.deepEqual(store.getState().models.data, []);
  models.push(summary('churn'));
  store.getState().choose('churn');
  assert.equal(store.getState().model, 'churn');
});

test('a finished job reloads the list, so a newly trained model can be chosen', async () => {
  const models = [summary('credit-risk')];
  const stand = standInClient({ 'registry.models': () => [...models] });
  const store = createModelSelectionStore(stand.client, memoryStorage());
  const off = store.getState().attach();
  await store.getState().load();
  models.push(summary('kundenabwanderung'));
  // Any finished job: the store does not read the payload, it asks for the list again.
  stand.emit('job.done', {
    jobId: 1,
    kind: 'replay',
    result: { sent: 0, ok: 0, failed: 0, labelled: 0, seconds: 0, statuses: {}, failures: [] },
  });
  await settled();
  assert.deepEqual(
    store.getState().models.data?.map((m) => m.name),
    ['credit-risk', 'kundenabwanderung'],
  );
  // The choice stays what it was: training does not move the user's view.
  assert.equal(store.getState().model, 'credit-risk');
  off();
  assert.equal(stand.listenerCount('job.done'), 0);
});
