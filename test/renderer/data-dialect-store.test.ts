import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CsvDialect, CsvDialectOptions } from '../../main/contract/index.js';
import {
  createDataStore,
  DIALECT_SAMPLE_CHARS,
  delimiterLabel,
  dialectSample,
} from '../../renderer/store/data-store.js';
import { standInClient } from './stand-in-client.js';

const european =
  'kunde_id;vertragsbeginn;umsatz;tarif;gekuendigt\n1;03.02.2024;12,5;basis;0\n2;28.11.2023;7,25;;1\n';

/** data.dialect as the core answers it: what the text says, the user's parts winning. */
function detect(given: CsvDialectOptions | undefined): CsvDialect {
  return {
    delimiter: given?.delimiter ?? ';',
    decimal: given?.decimal ?? ',',
    dateFormats: { vertragsbeginn: given?.dateFormat ?? 'DD.MM.YYYY' },
  };
}

/** The core's side of a chunked upload: the bytes it received and the dialect it was told. */
function uploadingClient() {
  let received = '';
  let told: CsvDialectOptions | undefined;
  return standInClient({
    'data.dialect': (input) => detect(input.dialect),
    'data.uploadStart': ({ dialect }) => {
      told = dialect;
      return { uploadId: 'u1', chunkBytes: 1 << 20 };
    },
    'data.uploadChunk': ({ base64 }) => {
      received += Buffer.from(base64, 'base64').toString();
      return { received: received.length, bytes: received.length };
    },
    'data.uploadFinish': ({ uploadId }) => ({
      id: 'e11e',
      sourceName: uploadId,
      bytes: received.length,
      rows: 2,
      columns: 5,
      createdAt: '2026-01-01T00:00:00.000Z',
      profile: { rows: 2, columns: [] },
      dialect: detect(told),
    }),
    'data.list': () => [],
  });
}

const file = (name: string) => new File([european], name);

test('a chosen file is read first: its dialect shows, nothing is stored until the user says so', async () => {
  const stand = uploadingClient();
  const store = createDataStore(stand.client);
  await store.getState().choose(file('kundenabwanderung.csv'));
  const pending = store.getState().pending;
  assert.deepEqual(pending?.detected.data, {
    delimiter: ';',
    decimal: ',',
    dateFormats: { vertragsbeginn: 'DD.MM.YYYY' },
  });
  assert.deepEqual(
    stand.calls.map((call) => call.name),
    ['data.dialect'],
  );
  assert.deepEqual(stand.calls[0].input, { csvText: european, fileName: 'kundenabwanderung.csv' });

  // An override reads the file again with it, and goes with the upload.
  await store.getState().override({ dateFormat: 'MM/DD/YYYY' });
  assert.deepEqual(store.getState().pending?.detected.data?.dateFormats, { vertragsbeginn: 'MM/DD/YYYY' });
  await store.getState().override({ dateFormat: undefined, decimal: '.' });
  assert.equal(store.getState().pending?.detected.data?.decimal, '.');
  await store.getState().ingestPending();
  const start = stand.calls.find((call) => call.name === 'data.uploadStart');
  assert.deepEqual(start?.input, {
    fileName: 'kundenabwanderung.csv',
    bytes: european.length,
    dialect: { decimal: '.' },
  });
  assert.equal(store.getState().pending, null);
  assert.deepEqual(store.getState().upload, {
    status: 'done',
    fileName: 'kundenabwanderung.csv',
    datasetId: 'e11e',
  });
  assert.equal(store.getState().dataset.data?.dialect.delimiter, ';');
});

test('without overrides the upload carries no dialect; cancelling stores nothing', async () => {
  const stand = uploadingClient();
  const store = createDataStore(stand.client);
  await store.getState().choose(file('a.csv'));
  store.getState().cancelPending();
  assert.equal(store.getState().pending, null);
  assert.equal(stand.calls.filter((call) => call.name.startsWith('data.upload')).length, 0);
  await store.getState().choose(file('a.csv'));
  await store.getState().ingestPending();
  assert.deepEqual(stand.calls.find((call) => call.name === 'data.uploadStart')?.input, {
    fileName: 'a.csv',
    bytes: european.length,
  });
});

test('detection reads whole lines from the start of a large file; separators read as words', () => {
  const line = `${'x;'.repeat(20)}1\n`;
  const text = line.repeat(Math.ceil((DIALECT_SAMPLE_CHARS * 2) / line.length));
  const sample = dialectSample(text);
  assert.ok(sample.length <= DIALECT_SAMPLE_CHARS);
  assert.ok(sample.endsWith('\n'));
  assert.equal(dialectSample(european), european);
  assert.equal(delimiterLabel(';'), 'semicolon (;)');
  assert.equal(delimiterLabel('\t'), 'tab');
});
