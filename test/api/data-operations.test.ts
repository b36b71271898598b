import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLocalClient, type PodiumClient } from '../../main/app/index.js';
import type { OperationProgressEvent } from '../../main/contract/index.js';
import { generateSampleData } from '../../main/data/sample-data.js';
import { checkedClient } from '../helpers/contract-check.js';
import { type ApiFixture, apiFixture } from './api-fixture.js';

/** `data.*` through the operation table: chunked uploads, a file by path, removal, ids by prefix. */
describe('data operations', { timeout: 60_000 }, () => {
  let fixture: ApiFixture;
  /** The CLI's client: may name files on this machine. */
  let local: PodiumClient;
  const csv = generateSampleData({ samples: 600, drift: false, seed: 11 });
  // A multi-byte character that a chunk boundary will cut in half: bytes, not text, travel.
  const text = csv.replace('north', 'nörth');
  const bytes = Buffer.from(text, 'utf8');

  before(() => {
    fixture = apiFixture();
    local = checkedClient(createLocalClient(fixture.api, { local: true }));
  });
  after(() => fixture.cleanup());

  const uploadsDir = () => join(fixture.workspace.paths.root, 'uploads');
  const leftovers = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()) : []);

  test('an upload in chunks of any size is the same snapshot as the text in one body, with progress for its id', async () => {
    const { client } = fixture;
    const events: OperationProgressEvent[] = [];
    const stop = client.listen('operation.progress', (event) => events.push(event));
    const { uploadId, chunkBytes } = await client.send('data.uploadStart', {
      fileName: 'customers.csv',
      bytes: bytes.length,
    });
    assert.ok(chunkBytes >= 1 << 20);
    // 1,001 bytes per chunk: boundaries fall inside lines and inside 'ö'.
    for (let offset = 0; offset < bytes.length; offset += 1001) {
      const answer = await client.send('data.uploadChunk', {
        uploadId,
        offset,
        base64: bytes.subarray(offset, offset + 1001).toString('base64'),
      });
      assert.equal(answer.received, Math.min(offset + 1001, bytes.length));
    }
    const uploaded = await client.send('data.uploadFinish', { uploadId });
    stop();
    const whole = await client.send('data.ingest', { fileName: 'customers.csv', csvText: text });
    assert.equal(uploaded.id, whole.id);
    assert.equal(uploaded.sourceName, 'customers.csv');
    assert.equal(uploaded.rows, 600);
    const read = events.filter((event) => event.operation === 'data.uploadFinish');
    assert.ok(read.length >= 1);
    assert.deepEqual(read.at(-1), {
      operation: 'data.uploadFinish',
      step: 'read',
      current: bytes.length,
      total: bytes.length,
      message: uploadId,
    });
    assert.deepEqual(leftovers(), []);
  });

  test('chunks out of order, too many bytes, a short file, bad base64 and unknown uploads are refused by name', async () => {
    const { client } = fixture;
    const { uploadId } = await client.send('data.uploadStart', { fileName: 'short.csv', bytes: 10 });
    const skipped = await client.sendCatch('data.uploadChunk', { uploadId, offset: 4, base64: 'YWJj' });
    assert.equal(skipped.error?.code, 'CONFLICT');
    assert.match(
      skipped.error?.message ?? '',
      /short\.csv: a chunk at byte 4 arrived, but 0 bytes were received/,
    );
    const notBase64 = await client.sendCatch('data.uploadChunk', { uploadId, offset: 0, base64: 'a,b\n' });
    assert.equal(notBase64.error?.code, 'USAGE');
    await client.send('data.uploadChunk', {
      uploadId,
      offset: 0,
      base64: Buffer.from('a,b\n').toString('base64'),
    });
    const tooMuch = await client.sendCatch('data.uploadChunk', {
      uploadId,
      offset: 4,
      base64: Buffer.from('1,2\n3,4\n').toString('base64'),
    });
    assert.equal(tooMuch.error?.code, 'USAGE');
    assert.match(tooMuch.error?.message ?? '', /12 bytes sent, more than the 10 announced/);
    const early = await client.sendCatch('data.uploadFinish', { uploadId });
    assert.equal(early.error?.code, 'USAGE');
    assert.match(early.error?.message ?? '', /4 of 10 bytes received/);
    assert.deepEqual(await client.send('data.uploadCancel', { uploadId }), { cancelled: true });
    assert.deepEqual(await client.send('data.uploadCancel', { uploadId }), { cancelled: false });
    const gone = await client.sendCatch('data.uploadChunk', { uploadId, offset: 4, base64: 'YWJj' });
    assert.equal(gone.error?.code, 'NOT_FOUND');
    assert.deepEqual(leftovers(), []);
  });

  test('a bad file uploaded in chunks is refused naming the file the user chose, not the temporary path', async () => {
    const { client } = fixture;
    const broken = Buffer.from('a,b\n1,2\n3\n');
    const { uploadId } = await client.send('data.uploadStart', {
      fileName: 'broken.csv',
      bytes: broken.length,
    });
    await client.send('data.uploadChunk', { uploadId, offset: 0, base64: broken.toString('base64') });
    const answer = await client.sendCatch('data.uploadFinish', { uploadId });
    assert.equal(answer.error?.code, 'CSV_INVALID');
    assert.match(answer.error?.message ?? '', /^broken\.csv, line 3/);
    assert.deepEqual(leftovers(), []);
  });

  test('an upload folder a stopped app left behind is removed by the next upload; a fresh one is kept', async () => {
    const { client } = fixture;
    const stale = join(uploadsDir(), 'left-by-a-crash');
    const fresh = join(uploadsDir(), 'another-app-uploading');
    for (const folder of [stale, fresh]) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'part.csv'), 'a,b\n1,2\n');
    }
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    utimesSync(join(stale, 'part.csv'), hourAgo, hourAgo);
    utimesSync(stale, hourAgo, hourAgo);
    const { uploadId } = await client.send('data.uploadStart', { fileName: 'next.csv', bytes: 4 });
    assert.equal(existsSync(stale), false, 'the abandoned folder is gone');
    assert.equal(existsSync(fresh), true, 'a folder written moments ago may be an upload in progress');
    await client.send('data.uploadCancel', { uploadId });
    rmSync(fresh, { recursive: true });
    assert.deepEqual(leftovers(), []);
  });

  test('data.ingestFile reads a file where it is, for the command line only', async () => {
    const file = join(fixture.workspace.paths.root, 'local.csv');
    writeFileSync(file, csv);
    const refused = await fixture.client.sendCatch('data.ingestFile', { file });
    assert.equal(refused.error?.code, 'USAGE');
    const events: OperationProgressEvent[] = [];
    const stop = local.listen('operation.progress', (event) => events.push(event));
    const dataset = await local.send('data.ingestFile', { file });
    stop();
    assert.equal(dataset.sourceName, 'local.csv');
    assert.equal(events.at(-1)?.message, file);
    const missing = await local.sendCatch('data.ingestFile', { file: join(file, '..', 'missing.csv') });
    assert.equal(missing.error?.code, 'NOT_FOUND');
    assert.match(missing.error?.message ?? '', /missing\.csv/);
  });

  test('data.uploadCancel stops an ingest by path that named an ingestId, leaving nothing', async () => {
    const file = join(fixture.workspace.paths.root, 'cancelled.csv');
    writeFileSync(file, generateSampleData({ samples: 5000, drift: false, seed: 31 }));
    const before = await fixture.client.send('data.list', {});
    const running = local.sendCatch('data.ingestFile', { file, ingestId: 'drop-7' });
    assert.deepEqual(await fixture.client.send('data.uploadCancel', { uploadId: 'drop-7' }), {
      cancelled: true,
    });
    const answer = await running;
    assert.equal(answer.error?.code, 'CANCELLED', JSON.stringify(answer));
    assert.deepEqual(await fixture.client.send('data.list', {}), before);
    assert.deepEqual(await fixture.client.send('data.uploadCancel', { uploadId: 'drop-7' }), {
      cancelled: false,
    });
  });

  test('a dataset is found by a unique prefix; an ambiguous or unknown one is refused naming what exists', async () => {
    const { client } = fixture;
    const datasets = await client.send('data.list', {});
    assert.ok(datasets.length >= 2);
    const [first] = datasets;
    assert.equal((await client.send('data.profile', { datasetId: first.id.slice(0, 7) })).id, first.id);
    const unknown = await client.sendCatch('data.profile', { datasetId: 'zz' });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
    assert.match(
      unknown.error?.message ?? '',
      new RegExp(`No dataset with id zz; datasets: ${first.id.slice(0, 12)}`),
    );
    // Two snapshots whose ids share a prefix, recorded as an ingest would.
    const store = fixture.api.context.stores.datasets;
    const stored = store.get(first.id);
    assert.ok(stored);
    for (const id of ['abcd01', 'abcd02'])
      store.record({
        ...stored,
        id: id.padEnd(64, '0'),
        path: join(fixture.workspace.paths.datasets, `${id}.csv`),
      });
    const ambiguous = await client.sendCatch('data.profile', { datasetId: 'abcd' });
    assert.equal(ambiguous.error?.code, 'USAGE');
    assert.match(
      ambiguous.error?.message ?? '',
      /Dataset id abcd is ambiguous: 2 datasets start with it \(abcd0[12]0+ \(local\.csv\), abcd0[12]/,
    );
  });

  test('data.remove refuses a dataset a run still uses, naming it, and otherwise removes the row and the files', async () => {
    const { client } = fixture;
    const used = await client.send('data.ingest', {
      fileName: 'used.csv',
      csvText: generateSampleData({ samples: 300, drift: false, seed: 12 }),
    });
    const runId = fixture.api.context.stores.runs.start({ experiment: 'e', name: 'r', datasetId: used.id });
    const refused = await client.sendCatch('data.remove', { datasetId: used.id.slice(0, 10) });
    assert.equal(refused.error?.code, 'CONFLICT');
    assert.match(
      refused.error?.message ?? '',
      new RegExp(
        `Dataset ${used.id.slice(0, 12)} \\(used\\.csv\\) is still used by run ${runId}.*; nothing was removed`,
      ),
    );
    const snapshot = join(fixture.workspace.paths.datasets, `${used.id}.csv`);
    assert.ok(existsSync(snapshot));
    assert.ok((await client.send('data.list', {})).some((dataset) => dataset.id === used.id));

    const free = await client.send('data.ingest', {
      fileName: 'free.csv',
      csvText: generateSampleData({ samples: 300, drift: false, seed: 13 }),
    });
    const removed = await client.send('data.remove', { datasetId: free.id });
    assert.equal(removed.id, free.id);
    assert.equal(existsSync(join(fixture.workspace.paths.datasets, `${free.id}.csv`)), false);
    assert.equal(existsSync(join(fixture.workspace.paths.datasets, `${free.id}.profile.json`)), false);
    assert.deepEqual(
      readdirSync(fixture.workspace.paths.datasets).filter((name) => name.includes('.removing-')),
      [],
    );
    const again = await client.sendCatch('data.remove', { datasetId: free.id });
    assert.equal(again.error?.code, 'NOT_FOUND');
  });
});
