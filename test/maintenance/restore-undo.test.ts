import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { PodiumError } from '../../main/contract/errors.js';
import { writeSampleData } from '../../main/data/index.js';
import {
  createBackup,
  listPreviousStates,
  restoreBackup,
  runDoctor,
  undoRestore,
} from '../../main/maintenance/index.js';
import { VersionStore } from '../../main/registry/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { defaultConfig, tempDir } from '../helpers/workspace.js';
import { type RegistryState, registryState } from './registry-state.js';
import { snapshotTree, tamperedBackup } from './tar-fixtures.js';

const RESTORE_RETRY =
  /nothing was restored\. Retry with another backup file .*podium restore --list-previous/;

describe('restore verifies packages and datasets, and --list-previous / --undo put back what it replaced', () => {
  let trained: TrainedWorkspace;
  let root: string;
  let backup: string;
  /** The registry the backup holds (two versions, two datasets). */
  let atBackup: RegistryState;
  /** The registry after more work (a third version and dataset, a promotion): what restore replaces. */
  let beforeRestore: RegistryState;
  let datasetId: string;
  const outside = tempDir('podium-undo-');

  const reopened = async <T>(read: (state: RegistryState, versions: VersionStore) => T): Promise<T> => {
    const workspace = openWorkspace(root, { config: defaultConfig(), clock: trained.clock });
    try {
      return read(await registryState(workspace), new VersionStore(workspace.db, workspace.clock, root));
    } finally {
      workspace.close();
    }
  };

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    const { workspace, manager } = trained;
    root = workspace.paths.root;
    backup = join(outside, 'workspace.tgz');
    atBackup = await registryState(workspace);
    datasetId = trained.champion.datasetId;
    await createBackup(workspace, storesOf(workspace), backup);

    const more = await writeSampleData({ samples: 800, drift: false, seed: 7, outputDir: join(root, 'raw') });
    const third = await manager.trainChallenger(more, { modelType: 'linear' });
    new VersionStore(workspace.db, workspace.clock, root).promote(third.version.id, {
      actor: 'test',
      reason: 'work done after the backup',
    });
    beforeRestore = await registryState(workspace);
    assert.notDeepEqual(beforeRestore, atBackup);
    workspace.close();
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  test('a package changed inside a backup (its manifest rewritten to match) is refused by version and file; nothing moves', async () => {
    const tampered = join(outside, 'tampered-package.tgz');
    await tamperedBackup(backup, tampered, (dir) =>
      writeFileSync(join(dir, 'artifacts/models/credit-risk/v1/signature.json'), '{"inputs":[]}'),
    );
    const untouched = snapshotTree(root);
    await assert.rejects(restoreBackup(root, tampered), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'PACKAGE_INVALID');
      assert.match(error.message, /credit-risk v1 \(champion\): a file of its package differs/);
      assert.match(error.message, /artifacts\/models\/credit-risk\/v1\/signature\.json/);
      assert.match(error.message, RESTORE_RETRY);
      assert.deepEqual(error.details?.files, ['artifacts/models/credit-risk/v1/signature.json']);
      return true;
    });
    assert.deepEqual(snapshotTree(root), untouched);

    // Into an empty folder there is no intact copy to tell the file by: the folder is named.
    const fresh = tempDir('podium-undo-fresh-');
    await assert.rejects(restoreBackup(fresh, tampered), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.match(
        error.message,
        /credit-risk v1 \(champion\): its package does not match the hash registered for it \(no intact copy .*\(artifacts\/models\/credit-risk\/v1\)/,
      );
      return true;
    });
    assert.deepEqual(readdirSync(fresh), [], 'nothing is left in the folder');
    rmSync(fresh, { recursive: true, force: true });
  });

  test('a dataset snapshot changed inside a backup is refused by dataset and file; nothing moves', async () => {
    const tampered = join(outside, 'tampered-dataset.tgz');
    await tamperedBackup(backup, tampered, (dir) =>
      appendFileSync(join(dir, 'datasets', `${datasetId}.csv`), '1,2,3\n'),
    );
    const untouched = snapshotTree(root);
    await assert.rejects(restoreBackup(root, tampered), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'DATA_INVALID');
      assert.match(
        error.message,
        new RegExp(
          `dataset ${datasetId.slice(0, 12)} \\(.*\\): its bytes no longer hash .*datasets/${datasetId}\\.csv`,
        ),
      );
      assert.match(error.message, RESTORE_RETRY);
      return true;
    });
    assert.deepEqual(snapshotTree(root), untouched);
  });

  test('a backup whose database predates later migrations is checked as it is, restored, then migrated on open', async () => {
    const older = join(outside, 'before-dialects.tgz');
    await tamperedBackup(backup, older, (dir) => {
      const db = new Database(join(dir, 'podium.db'), { fileMustExist: true });
      try {
        // As a Podium before migration 0010 wrote it: no CSV dialect columns.
        for (const column of ['date_formats_json', 'decimal_mark', 'delimiter'])
          db.exec(`ALTER TABLE datasets DROP COLUMN ${column}`);
        // Nor the tables of later migrations (0012: the event outbox; 0013: baking periods).
        for (const table of ['event_endpoints', 'event_deliveries', 'lifecycle_events', 'baking_periods'])
          db.exec(`DROP TABLE ${table}`);
        db.prepare('DELETE FROM schema_migrations WHERE version >= 10').run();
      } finally {
        db.close();
      }
    });
    const elsewhere = tempDir('podium-undo-older-');
    const report = await restoreBackup(elsewhere, older);
    assert.equal(report.versions, 2);
    assert.deepEqual(report.notices, []);
    assert.equal(
      (await listPreviousStates(elsewhere))[0].problem,
      'no podium.db (the workspace was empty before that restore)',
    );
    const workspace = openWorkspace(elsewhere, { config: defaultConfig() });
    try {
      assert.deepEqual(
        (await runDoctor(workspace, storesOf(workspace))).findings.filter((f) => f.severity === 'problem'),
        [],
      );
    } finally {
      workspace.close();
    }
    rmSync(elsewhere, { recursive: true, force: true });
  });

  test('restore keeps the state it replaced, and --list-previous describes it', async () => {
    assert.deepEqual(await listPreviousStates(root), []);
    const report = await restoreBackup(root, backup, { now: new Date('2026-03-01T09:00:00Z') });
    assert.deepEqual(report.notices, []);
    assert.deepEqual(await reopened((state) => state), atBackup);

    const states = await listPreviousStates(root);
    assert.equal(states.length, 1);
    assert.equal(states[0].name, 'before-restore-2026-03-01T09-00-00-000Z');
    assert.equal(states[0].path, report.previous_state);
    assert.equal(states[0].replaced_at, '2026-03-01T09:00:00.000Z');
    assert.equal(states[0].replaced_by, `podium restore ${backup}`);
    assert.equal(states[0].versions, 3);
    assert.equal(states[0].datasets, 3);
    assert.equal(states[0].environment, 'dev');
    assert.equal(states[0].problem, null);
  });

  test('--undo puts back exactly the registry the restore replaced, keeping the undone state', async () => {
    const report = await undoRestore(root, { now: new Date('2026-03-01T10:00:00Z') });
    assert.equal(report.restored, 'before-restore-2026-03-01T09-00-00-000Z');
    assert.equal(report.versions, 3);
    assert.equal(report.previous_state, join(root, 'backups', 'before-restore-2026-03-01T10-00-00-000Z'));
    assert.ok(!existsSync(join(root, 'backups', 'before-restore-2026-03-01T09-00-00-000Z')));

    const { state, champion } = await reopened((state, versions) => ({
      state,
      champion: versions.champion('credit-risk')?.version,
    }));
    assert.deepEqual(state, beforeRestore);
    assert.equal(champion, 3);

    const states = await listPreviousStates(root);
    assert.deepEqual(
      states.map((s) => [s.name, s.versions, s.replaced_by]),
      [
        [
          'before-restore-2026-03-01T10-00-00-000Z',
          2,
          'podium restore --undo before-restore-2026-03-01T09-00-00-000Z',
        ],
      ],
    );
  });

  test('an undo can be undone: the second puts back what the first replaced', async () => {
    const report = await undoRestore(root, { now: new Date('2026-03-01T11:00:00Z') });
    assert.equal(report.restored, 'before-restore-2026-03-01T10-00-00-000Z');
    assert.equal(report.versions, 2);
    assert.deepEqual(await reopened((state) => state), atBackup);
    assert.deepEqual(
      (await listPreviousStates(root)).map((s) => [s.name, s.versions]),
      [['before-restore-2026-03-01T11-00-00-000Z', 3]],
    );
    const workspace = openWorkspace(root, { config: defaultConfig(), clock: trained.clock });
    try {
      const doctor = await runDoctor(workspace, storesOf(workspace));
      assert.deepEqual(
        doctor.findings.filter((f) => f.severity === 'problem'),
        [],
      );
    } finally {
      workspace.close();
    }
  });

  test('an undo whose kept state was altered is refused by version and file; neither the workspace nor the kept state changes', async () => {
    const [kept] = await listPreviousStates(root);
    writeFileSync(join(kept.path, 'artifacts/models/credit-risk/v2/manifest.json'), '{}');
    const untouched = snapshotTree(root);
    await assert.rejects(undoRestore(root), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'PACKAGE_INVALID');
      assert.match(
        error.message,
        /credit-risk v2 \(challenger\).*artifacts\/models\/credit-risk\/v2\/manifest\.json/,
      );
      assert.match(
        error.message,
        /nothing was restored\. Pick another state with podium restore --undo <name>/,
      );
      return true;
    });
    assert.deepEqual(snapshotTree(root), untouched);
  });

  test('an undo with nothing to undo, or naming a state that is not kept, is refused and says what to do', async () => {
    await assert.rejects(undoRestore(root, { name: 'before-restore-1999' }), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'NOT_FOUND');
      assert.match(
        error.message,
        /No state named "before-restore-1999".*before-restore-2026-03-01T11-00-00-000Z/,
      );
      assert.match(error.message, /podium restore --list-previous/);
      return true;
    });
    const empty = tempDir('podium-undo-empty-');
    openWorkspace(empty, { config: defaultConfig() }).close();
    const untouched = snapshotTree(empty);
    assert.deepEqual(await listPreviousStates(empty), []);
    await assert.rejects(undoRestore(empty), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'NOT_FOUND');
      assert.match(error.message, /Nothing to undo: .* holds no state replaced by a restore/);
      assert.match(error.message, /podium restore <backup\.tgz>/);
      return true;
    });
    assert.deepEqual(snapshotTree(empty), untouched);
    rmSync(empty, { recursive: true, force: true });
  });

  test('an archived version whose package changed is kept as a record: the undo goes ahead and says so', async () => {
    const [kept] = await listPreviousStates(root);
    // Mend the challenger the previous test altered (the live workspace has the same package).
    copyFileSync(
      join(root, 'artifacts/models/credit-risk/v2/manifest.json'),
      join(kept.path, 'artifacts/models/credit-risk/v2/manifest.json'),
    );
    writeFileSync(join(kept.path, 'artifacts/models/credit-risk/v1/signature.json'), '{}');
    const report = await undoRestore(root, { now: new Date('2026-03-01T12:00:00Z') });
    assert.equal(report.restored, kept.name);
    assert.equal(report.notices.length, 1);
    assert.match(
      report.notices[0],
      /credit-risk v1 \(archived\): its package artifacts\/models\/credit-risk\/v1 is changed since it was registered; the version is archived and kept as a record/,
    );
    assert.equal(await reopened((_, versions) => versions.champion('credit-risk')?.version), 3);
  });
});
