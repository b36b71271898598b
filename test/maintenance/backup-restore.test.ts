import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import { columnsPathFor, DatasetStore, loadTable } from '../../main/data/index.js';
import {
  createBackup,
  extractArchive,
  RESTORE_LIMITS,
  restoreBackup,
  runDoctor,
} from '../../main/maintenance/index.js';
import { VersionStore } from '../../main/registry/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { defaultConfig, tempDir } from '../helpers/workspace.js';
import { type RegistryState, registryState } from './registry-state.js';
import { snapshotTree, tamperedBackup } from './tar-fixtures.js';

describe('podium backup and restore', () => {
  let trained: TrainedWorkspace;
  let root: string;
  let backup: string;
  let original: RegistryState;
  const outside = tempDir('podium-backups-');

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    root = trained.workspace.paths.root;
    backup = join(outside, 'workspace.tgz');
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  test('backup writes one archive with the database, packages, datasets and a hashed manifest', async () => {
    original = await registryState(trained.workspace);
    const report = await createBackup(trained.workspace, storesOf(trained.workspace), backup);
    assert.equal(report.versions, 2);
    assert.ok(report.files > 5);
    const unpacked = join(tempDir('podium-unpacked-'), 'x');
    const files = await extractArchive(backup, unpacked, RESTORE_LIMITS);
    assert.ok(files.has('podium.db'));
    assert.ok([...files.keys()].some((name) => name.startsWith('artifacts/models/credit-risk/v1/')));
    assert.ok([...files.keys()].some((name) => name.startsWith('datasets/')));
    // Training kept each snapshot's columns file; the backup leaves these caches out.
    assert.ok(readdirSync(trained.workspace.paths.datasets).some((name) => name.endsWith('.columns')));
    assert.deepEqual(
      [...files.keys()].filter((name) => name.endsWith('.columns')),
      [],
    );
    const manifest = JSON.parse(readFileSync(join(unpacked, 'backup.json'), 'utf8'));
    assert.equal(manifest.format, 'podium-backup/1');
    assert.deepEqual(manifest.files['podium.db'], files.get('podium.db'));
    assert.deepEqual(
      readdirSync(root).filter((name) => name.startsWith('.podium-tmp-')),
      [],
      'the temporary database copy is removed',
    );
    await assert.rejects(createBackup(trained.workspace, storesOf(trained.workspace), backup), {
      code: 'CONFLICT',
    });
  });

  test('restore brings back the registry and files after they changed, keeping the replaced state', async () => {
    const { workspace, challenger, clock } = trained;
    const versions = new VersionStore(workspace.db, workspace.clock, workspace.paths.root);
    versions.promote(challenger.id, { actor: 'test', reason: 'promoted after the backup' });
    rmSync(trained.champion.packagePath, { recursive: true });
    writeFileSync(join(workspace.paths.models, 'credit-risk', 'notes.txt'), 'written after the backup');
    assert.notDeepEqual(await registryState(workspace), original);
    workspace.close();

    const report = await restoreBackup(root, backup, { now: new Date('2026-02-01T10:00:00Z') });
    assert.equal(report.versions, 2);
    assert.equal(report.warning, null);
    assert.equal(report.previous_state, join(root, 'backups', 'before-restore-2026-02-01T10-00-00-000Z'));
    assert.ok(existsSync(join(report.previous_state, 'podium.db')));
    assert.ok(existsSync(join(report.previous_state, 'artifacts', 'models', 'credit-risk', 'notes.txt')));

    const reopened = openWorkspace(root, { config: defaultConfig(), clock });
    try {
      assert.deepEqual(await registryState(reopened), original);
      assert.equal(
        new VersionStore(reopened.db, reopened.clock, reopened.paths.root).champion('credit-risk')?.version,
        1,
      );
      const doctor = await runDoctor(reopened, storesOf(reopened));
      assert.deepEqual(
        doctor.findings.filter((f) => f.severity === 'problem'),
        [],
      );
      // A restored snapshot has no columns file: it loads from its CSV and gains one.
      const [dataset] = new DatasetStore(reopened.db, reopened.clock, reopened.paths.root).list();
      const columnsPath = columnsPathFor(dataset.path) as string;
      assert.equal(existsSync(columnsPath), false);
      const table = await loadTable(dataset.path, dataset.profile, dataset.dialect, {
        onNotice: (message) => assert.fail(message),
      });
      assert.equal(table.rowCount, dataset.profile.rows);
      assert.ok(existsSync(columnsPath));
    } finally {
      reopened.close();
    }
  });

  test('a dev backup is refused in prod, which is left exactly as it was and still opens as prod', async () => {
    const prod = tempDir('podium-prod-');
    openWorkspace(prod, { config: defaultConfig(), environment: 'prod' }).close();
    const before_ = snapshotTree(prod);
    await assert.rejects(restoreBackup(prod, backup, { environment: 'prod' }), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'USAGE');
      assert.match(error.message, /is a backup of the dev workspace; restoring it into prod is refused/);
      assert.match(error.message, /podium release <version> --to prod/);
      return true;
    });
    assert.deepEqual(snapshotTree(prod), before_);
    const reopened = openWorkspace(prod, { config: defaultConfig(), environment: 'prod' });
    assert.equal(reopened.environment, 'prod');
    reopened.close();
    rmSync(prod, { recursive: true, force: true });
  });

  test('a truncated backup is refused and the workspace is left exactly as it was', async () => {
    const truncated = join(outside, 'truncated.tgz');
    const bytes = readFileSync(backup);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const before_ = snapshotTree(root);
    await assert.rejects(restoreBackup(root, truncated), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'ARCHIVE_INVALID');
      assert.match(error.message, /truncated/);
      assert.match(
        error.message,
        /nothing was restored\. Retry with another backup file .*podium restore --list-previous/,
      );
      return true;
    });
    assert.deepEqual(snapshotTree(root), before_);
  });

  test('a file that does not match the manifest is refused by name', async () => {
    const tampered = join(outside, 'tampered.tgz');
    await tamperedBackup(
      backup,
      tampered,
      (dir) => writeFileSync(join(dir, 'artifacts/models/credit-risk/v1/signature.json'), '{}'),
      { keepManifest: true },
    );
    const before_ = snapshotTree(root);
    await assert.rejects(restoreBackup(root, tampered), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.match(
        error.message,
        /"artifacts\/models\/credit-risk\/v1\/signature.json" does not match its hash/,
      );
      return true;
    });
    assert.deepEqual(snapshotTree(root), before_);
  });

  test('a database that is not a sound Podium database is refused before anything moves', async () => {
    const broken = join(outside, 'broken-db.tgz');
    await tamperedBackup(backup, broken, (dir) => {
      const db = readFileSync(join(dir, 'podium.db'));
      // Keep the header, scribble over the pages: SQLite opens it but its checks fail.
      db.fill(0x5a, 4096, db.length);
      writeFileSync(join(dir, 'podium.db'), db);
    });
    const before_ = snapshotTree(root);
    await assert.rejects(restoreBackup(root, broken), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'ARCHIVE_INVALID');
      assert.match(error.message, /the database in the backup .*nothing was restored/);
      return true;
    });
    assert.deepEqual(snapshotTree(root), before_);
  });
});
