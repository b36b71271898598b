import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApi } from '../../main/app/create-api.js';
import { createLocalClient } from '../../main/app/local-client.js';
import { tempWorkspace } from '../helpers/workspace.js';
import { europeanCsv } from './fixtures.js';

test("the Data view reads an upload's dialect before storing it; the dataset keeps the one it was read with", async () => {
  const workspace = tempWorkspace();
  const api = createApi({ workspace });
  try {
    // The client of a window or of browser mode: never a path on this machine.
    const page = createLocalClient(api);
    const csvText = europeanCsv(40);
    const detected = await page.sendCatch('data.dialect', { csvText, fileName: 'kundenabwanderung.csv' });
    assert.deepEqual(detected.data, { delimiter: ';', decimal: ',', dateFormats: { signup: 'DD.MM.YYYY' } });

    const overridden = await page.sendCatch('data.dialect', { csvText, dialect: { delimiter: ',' } });
    assert.equal(overridden.data?.delimiter, ',');

    const byPath = await page.sendCatch('data.dialect', { file: '/etc/passwd' });
    assert.equal(byPath.error?.code, 'USAGE');
    assert.match(byPath.error?.message ?? '', /data\.dialect: file: only the command line names files/);

    const stored = await page.sendCatch('data.ingest', { fileName: 'kundenabwanderung.csv', csvText });
    assert.deepEqual(stored.data?.dialect, detected.data);
    const profile = await page.sendCatch('data.profile', { datasetId: stored.data?.id ?? '' });
    assert.deepEqual(profile.data?.dialect, detected.data);
  } finally {
    await api.close();
    workspace.cleanup();
  }
});
