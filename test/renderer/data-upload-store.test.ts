import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../main/contract/index.js';
import { createDataStore, toBase64, type UploadState } from '../../renderer/store/data-store.js';
import { standInClient } from './stand-in-client.js';

const CHUNK = 64 * 1024;

/** A file of `size` bytes with multi-byte characters, so chunk edges cut through them. */
function bigFile(size: number): { file: File; bytes: Buffer } {
  const line = 'id,city,amount\n1,Zürich,12.5\n2,Kraków,7\n';
  const bytes = Buffer.alloc(size);
  const pattern = Buffer.from(line);
  for (let i = 0; i < size; i++) bytes[i] = pattern[i % pattern.length];
  return { file: new File([bytes], 'big.csv'), bytes };
}

function dataset(id: string, bytes: number): Dataset {
  return {
    id,
    sourceName: 'big.csv',
    bytes,
    rows: 10,
    columns: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    profile: { rows: 10, columns: [] },
    dialect: { delimiter: ',', decimal: '.', dateFormats: {} },
  };
}

test('a file goes up in chunks of the size the core names, in order, and the read progress of its own upload shows', async () => {
  const { file, bytes } = bigFile(CHUNK * 3 + 1234);
  const chunks: { offset: number; bytes: Buffer }[] = [];
  const seen: UploadState[] = [];
  const stand = standInClient({
    'data.uploadStart': ({ fileName, bytes: size }) => {
      assert.equal(fileName, 'big.csv');
      assert.equal(size, bytes.length);
      return { uploadId: 'u1', chunkBytes: CHUNK };
    },
    'data.uploadChunk': ({ uploadId, offset, base64 }) => {
      assert.equal(uploadId, 'u1');
      chunks.push({ offset, bytes: Buffer.from(base64, 'base64') });
      return { received: offset + Buffer.from(base64, 'base64').length, bytes: bytes.length };
    },
    'data.uploadFinish': ({ uploadId }) => {
      // The core reads the file: another upload's progress is ignored, this one's shows.
      stand.emit('operation.progress', {
        operation: 'data.uploadFinish',
        step: 'read',
        current: 5,
        total: bytes.length,
        message: 'someone-else',
      });
      stand.emit('operation.progress', {
        operation: 'data.uploadFinish',
        step: 'read',
        current: 1000,
        total: bytes.length,
        message: uploadId,
      });
      seen.push(store.getState().upload);
      return dataset('d1', bytes.length);
    },
    'data.list': () => [dataset('d1', bytes.length)],
  });
  const store = createDataStore(stand.client);
  const unsubscribe = store.subscribe((state) => seen.push(state.upload));
  await store.getState().uploadFile(file);
  unsubscribe();

  assert.deepEqual(
    chunks.map((chunk) => [chunk.offset, chunk.bytes.length]),
    [
      [0, CHUNK],
      [CHUNK, CHUNK],
      [2 * CHUNK, CHUNK],
      [3 * CHUNK, 1234],
    ],
  );
  assert.ok(Buffer.concat(chunks.map((chunk) => chunk.bytes)).equals(bytes));
  // No call carried the whole file.
  assert.ok(stand.calls.every((call) => JSON.stringify(call.input).length < CHUNK * 2));
  const sending = seen.filter((state) => state.status === 'uploading' && state.phase === 'sending');
  assert.deepEqual(
    sending.map((state) => (state.status === 'uploading' ? state.current : -1)),
    [0, CHUNK, 2 * CHUNK, 3 * CHUNK, bytes.length],
  );
  const reading = seen.filter((state) => state.status === 'uploading' && state.phase === 'reading');
  assert.deepEqual(
    reading.map((state) => (state.status === 'uploading' ? state.current : -1)),
    [0, 1000, 1000],
  );
  assert.deepEqual(store.getState().upload, { status: 'done', fileName: 'big.csv', datasetId: 'd1' });
  assert.equal(store.getState().selectedId, 'd1');
  assert.equal(store.getState().datasets.data?.length, 1);
  assert.equal(stand.listenerCount('operation.progress'), 0);
});

test('Cancel while chunks go up tells the core, sends no more and stores nothing', async () => {
  const { file } = bigFile(CHUNK * 4);
  const stand = standInClient({
    'data.uploadStart': () => ({ uploadId: 'u2', chunkBytes: CHUNK }),
    'data.uploadChunk': ({ offset, base64 }) => {
      if (offset === CHUNK) void store.getState().cancelUpload();
      return { received: offset + Buffer.from(base64, 'base64').length, bytes: CHUNK * 4 };
    },
    'data.uploadCancel': () => ({ cancelled: true }),
  });
  const store = createDataStore(stand.client);
  await store.getState().uploadFile(file);
  assert.deepEqual(store.getState().upload, { status: 'cancelled', fileName: 'big.csv' });
  assert.deepEqual(
    stand.calls.map((call) => call.name),
    ['data.uploadStart', 'data.uploadChunk', 'data.uploadChunk', 'data.uploadCancel'],
  );
  assert.deepEqual(stand.calls.at(-1)?.input, { uploadId: 'u2' });
});

test('Cancel while the core reads the file aborts its ingest: the view says cancelled, not failed', async () => {
  const { file } = bigFile(100);
  const stand = standInClient({
    'data.uploadStart': () => ({ uploadId: 'u3', chunkBytes: CHUNK }),
    'data.uploadChunk': ({ base64 }) => ({ received: Buffer.from(base64, 'base64').length, bytes: 100 }),
    'data.uploadFinish': () => {
      void store.getState().cancelUpload();
      return { code: 'CANCELLED', message: 'The CSV ingest was cancelled' };
    },
    'data.uploadCancel': () => ({ cancelled: true }),
  });
  const store = createDataStore(stand.client);
  await store.getState().uploadFile(file);
  assert.deepEqual(store.getState().upload, { status: 'cancelled', fileName: 'big.csv' });
  assert.ok(stand.calls.some((call) => call.name === 'data.uploadCancel'));
});

test('a refused chunk ends the upload with the core’s error', async () => {
  const { file } = bigFile(CHUNK + 1);
  const stand = standInClient({
    'data.uploadStart': () => ({ uploadId: 'u4', chunkBytes: CHUNK }),
    'data.uploadChunk': ({ offset }) =>
      offset === 0
        ? { received: CHUNK, bytes: CHUNK + 1 }
        : { code: 'NOT_FOUND', message: 'data.uploadChunk: no upload u4 in progress' },
  });
  const store = createDataStore(stand.client);
  await store.getState().uploadFile(file);
  const upload = store.getState().upload;
  assert.equal(upload.status, 'failed');
  assert.equal(upload.status === 'failed' ? upload.error.code : null, 'NOT_FOUND');
});

test('base64 of more bytes than one argument list holds', () => {
  const bytes = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
  assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
});

test('in the desktop app a dropped file is ingested where it is, with its read progress; Cancel stops that ingest', async () => {
  const { file } = bigFile(5000);
  const ingests: { ingestId?: string }[] = [];
  const stand = standInClient({
    'data.list': () => [dataset('d9', 5000)],
    'data.uploadCancel': () => ({ cancelled: true }),
  });
  const store = createDataStore(stand.client, {
    ingestFile: async (_file, options = {}) => {
      ingests.push(options);
      stand.emit('operation.progress', {
        operation: 'data.ingestFile',
        step: 'read',
        current: 2500,
        total: 5000,
        message: options.ingestId,
      });
      const upload = store.getState().upload;
      assert.equal(
        upload.status === 'uploading' ? `${upload.phase} ${upload.current}` : upload.status,
        'reading 2500',
      );
      if (ingests.length === 2) {
        await store.getState().cancelUpload();
        return { error: { code: 'CANCELLED', message: 'The CSV ingest was cancelled' } };
      }
      return { data: dataset('d9', 5000) };
    },
  });
  await store.getState().uploadFile(file);
  assert.deepEqual(store.getState().upload, { status: 'done', fileName: 'big.csv', datasetId: 'd9' });
  // Nothing of the file went through the client.
  assert.deepEqual(
    stand.calls.map((call) => call.name),
    ['data.list'],
  );

  await store.getState().uploadFile(file);
  assert.deepEqual(store.getState().upload, { status: 'cancelled', fileName: 'big.csv' });
  assert.deepEqual(stand.calls.at(-1), {
    name: 'data.uploadCancel',
    input: { uploadId: ingests[1].ingestId },
  });
  assert.notEqual(ingests[0].ingestId, ingests[1].ingestId);
});

test('in the desktop app a file made in memory (no path) goes up in chunks', async () => {
  const { file, bytes } = bigFile(300);
  const stand = standInClient({
    'data.uploadStart': () => ({ uploadId: 'u5', chunkBytes: CHUNK }),
    'data.uploadChunk': ({ base64 }) => ({ received: Buffer.from(base64, 'base64').length, bytes: 300 }),
    'data.uploadFinish': () => dataset('d5', bytes.length),
    'data.list': () => [],
  });
  const store = createDataStore(stand.client, {
    ingestFile: async () => ({
      error: {
        code: 'NOT_FOUND',
        message: 'The file has no path on this machine',
        details: { noPath: true },
      },
    }),
  });
  await store.getState().uploadFile(file);
  assert.deepEqual(store.getState().upload, { status: 'done', fileName: 'big.csv', datasetId: 'd5' });
});
