import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Api, createApi, createLocalClient, type PodiumClient } from '../../main/app/index.js';
import type { OperationProgressEvent } from '../../main/contract/index.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/**
 * `podium drift --data` and `podium predict` draw a bar while they work through a large file:
 * the operations report the bytes done of that file as `operation.progress` (what the CLI's bar
 * follows), ending at the file's size.
 */
describe('drift.check and predict.file report their progress through the file', () => {
  let trained: TrainedWorkspace;
  let api: Api;
  let client: PodiumClient;
  const events: OperationProgressEvent[] = [];

  before(async () => {
    trained = await trainedWorkspace({ samples: 400 });
    api = createApi({ workspace: trained.workspace });
    client = createLocalClient(api, { local: true });
    client.listen('operation.progress', (event) => events.push(event));
  });
  after(async () => {
    await api.close();
    trained.workspace.cleanup();
  });

  const ofCall = (operation: string, file: string) =>
    events.filter((event) => event.operation === operation && event.message === file);

  test('drift.check: step read, in bytes of the file it was given', async () => {
    const file = trained.driftFile;
    await client.send('drift.check', { model: trained.champion.modelName, file });
    // Its phases (reading, scoring, statistics) come too; the bar follows the bytes.
    const progress = ofCall('drift.check', file).filter((event) => event.step === 'read');
    assert.ok(progress.length > 0, 'no read progress for the file');
    const size = statSync(file).size;
    assert.deepEqual(progress.at(-1), {
      operation: 'drift.check',
      message: file,
      step: 'read',
      current: size,
      total: size,
    });
  });

  test('predict.file: step predict, in bytes of the input', async () => {
    const input = trained.baselineFile;
    await client.send('predict.file', {
      model: trained.champion.modelName,
      input,
      output: join(trained.workspace.paths.root, 'scored.csv'),
    });
    const progress = ofCall('predict.file', input);
    assert.ok(progress.length > 0, 'no progress event for the input');
    assert.ok(progress.every((event) => event.step === 'predict' && event.total === statSync(input).size));
    assert.equal(progress.at(-1)?.current, progress.at(-1)?.total);
  });

  test('a drift check of live traffic (no file) reports nothing', async () => {
    const before = events.length;
    await client
      .send('drift.check', { model: trained.champion.modelName, windowMs: 60_000 })
      .catch(() => null);
    assert.equal(events.slice(before).filter((event) => event.operation === 'drift.check').length, 0);
  });
});
