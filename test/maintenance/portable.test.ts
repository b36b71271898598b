import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sha256 } from '../../main/common/files.js';
import { PodiumError } from '../../main/contract/errors.js';
import { DatasetStore, loadTable } from '../../main/data/index.js';
import { lineageForVersion } from '../../main/lineage/index.js';
import {
  ArchiveWriter,
  exportVersion,
  extractArchive,
  IMPORT_LIMITS,
  importVersion,
  runDoctor,
} from '../../main/maintenance/index.js';
import { readManifest, VersionStore, verifyPackage } from '../../main/registry/index.js';
import { RunStore } from '../../main/tracking/index.js';
import { loadPredictor } from '../../main/training/index.js';
import type { Workspace } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';
import { snapshotTree } from './tar-fixtures.js';

/** Unpacks an export, lets `change` alter it, and packs it again (integrity.json as `change` leaves it). */
async function repacked(source: string, target: string, change: (dir: string) => void): Promise<string> {
  const dir = join(tempDir('podium-repack-'), 'x');
  const files = await extractArchive(source, dir, IMPORT_LIMITS);
  change(dir);
  const archive = await ArchiveWriter.create(target);
  for (const name of files.keys()) await archive.addFile(name, join(dir, name));
  await archive.finish();
  return target;
}

describe('podium export and import', () => {
  let trained: TrainedWorkspace;
  let other: Workspace & { cleanup(): void };
  let exported: string;
  const files = tempDir('podium-exports-');

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    other = tempWorkspace();
    exported = join(files, 'champion.tgz');
  });
  after(() => {
    trained.workspace.cleanup();
    other.cleanup();
    rmSync(files, { recursive: true, force: true });
  });

  test('a version round-trips into another workspace as a challenger with identical predictions', async () => {
    const { workspace, champion } = trained;
    const report = await exportVersion(workspace, storesOf(workspace), champion, exported);
    assert.equal(report.datasetIncluded, true);
    assert.equal(report.packageSha256, champion.packageSha256);

    const imported = await importVersion(other, storesOf(other), exported);
    assert.equal(imported.model, 'credit-risk');
    assert.equal(imported.version, 1);
    assert.equal(imported.stage, 'challenger');
    assert.deepEqual(imported.warnings, []);
    const versions = new VersionStore(other.db, other.clock, other.paths.root);
    const version = versions.get('credit-risk', 1);
    assert.equal(version.packagePath, join(other.paths.models, 'credit-risk', 'v1'));
    await verifyPackage(version.packagePath, version.packageSha256);
    assert.equal(version.runId, champion.runId);
    assert.equal(version.datasetId, champion.datasetId);
    assert.deepEqual(version.metrics, champion.metrics);
    const manifest = (await readManifest(version.packagePath)) as unknown as Record<string, unknown>;
    assert.deepEqual(manifest.imported_from, {
      model: 'credit-risk',
      version: 1,
      package_sha256: champion.packageSha256,
    });

    const dataset = new DatasetStore(workspace.db, workspace.clock, workspace.paths.root).get(
      champion.datasetId,
    )!;
    const table = await loadTable(dataset.path, dataset.profile, dataset.dialect);
    const [before_, after_] = await Promise.all([
      loadPredictor(champion.packagePath),
      loadPredictor(version.packagePath),
    ]);
    try {
      assert.deepEqual(await after_.predictTable(table), await before_.predictTable(table));
    } finally {
      before_.dispose();
      after_.dispose();
    }

    // The lineage travels: run with its params and recorded lineage, dataset snapshot, history.
    const run = new RunStore(other.db, other.clock, other.paths.root).get(champion.runId);
    const sourceRun = new RunStore(workspace.db, workspace.clock, workspace.paths.root).get(champion.runId);
    assert.deepEqual(run.params, sourceRun.params);
    assert.equal(run.tags.imported_from, 'champion.tgz');
    const chain = await lineageForVersion(other, storesOf(other), version);
    assert.equal(chain.trainingCode.source, 'run_lineage');
    assert.equal(chain.trainingData.datasetId, champion.datasetId);
    assert.equal(readFileSync(chain.trainingData.snapshotPath!, 'utf8'), readFileSync(dataset.path, 'utf8'));
    const history = versions.transitions('credit-risk');
    assert.ok(
      history.some((t) => t.actor === 'podium import' && /champion\.tgz \(credit-risk v1/.test(t.reason)),
    );

    const doctor = await runDoctor(other, storesOf(other));
    assert.deepEqual(
      doctor.findings.filter((f) => f.severity === 'problem'),
      [],
    );
  });

  test('--model registers under another name, next to the existing versions', async () => {
    const second = await importVersion(other, storesOf(other), exported, { modelName: 'credit-risk-eu' });
    assert.equal(second.model, 'credit-risk-eu');
    assert.equal(second.version, 1);
    const third = await importVersion(other, storesOf(other), exported);
    assert.equal(third.version, 2);
    await assert.rejects(importVersion(other, storesOf(other), exported, { modelName: '../escape' }), {
      code: 'USAGE',
    });
  });

  test('an export without its dataset imports with a warning', async () => {
    const file = join(files, 'challenger-no-data.tgz');
    const report = await exportVersion(
      trained.workspace,
      storesOf(trained.workspace),
      trained.challenger,
      file,
      {
        includeDataset: false,
      },
    );
    assert.equal(report.datasetIncluded, false);
    const fresh = tempWorkspace();
    try {
      const imported = await importVersion(fresh, storesOf(fresh), file);
      assert.equal(imported.datasetIncluded, false);
      assert.match(imported.warnings[0], /was not in the export/);
    } finally {
      fresh.cleanup();
    }
  });

  test('a changed file is refused by name, and nothing is left in the workspace', async () => {
    const tampered = await repacked(exported, join(files, 'tampered.tgz'), (dir) =>
      writeFileSync(join(dir, 'package', 'signature.json'), '{"tampered": true}'),
    );
    const before_ = snapshotTree(other.paths.models);
    await assert.rejects(importVersion(other, storesOf(other), tampered), (error: unknown) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'ARCHIVE_INVALID');
      assert.match(error.message, /"package\/signature.json" does not match its hash/);
      return true;
    });
    assert.deepEqual(snapshotTree(other.paths.models), before_);
  });

  test('a package whose recorded hash was rewritten to match its files is still refused', async () => {
    const forged = await repacked(exported, join(files, 'forged.tgz'), (dir) => {
      const content = '{"tampered": true}';
      writeFileSync(join(dir, 'package', 'signature.json'), content);
      // The per-file hash is forged to match; the package hash the registry recorded still differs.
      const integrity = JSON.parse(readFileSync(join(dir, 'integrity.json'), 'utf8'));
      integrity.files['package/signature.json'] = { sha256: sha256(content), bytes: content.length };
      writeFileSync(join(dir, 'integrity.json'), JSON.stringify(integrity));
    });
    await assert.rejects(
      importVersion(other, storesOf(other), forged),
      /entry "package\/" hashes to .*, not to the recorded/,
    );
    assert.equal(readdirSync(other.paths.models).filter((name) => name.startsWith('.podium-tmp-')).length, 0);
  });

  test('a model that predicts something else is refused rather than mixed in', async () => {
    const versions = new VersionStore(other.db, other.clock, other.paths.root);
    versions.ensureModel('churn', 'binary', 'churned');
    await assert.rejects(importVersion(other, storesOf(other), exported, { modelName: 'churn' }), {
      code: 'CONFLICT',
    });
    assert.deepEqual(versions.list('churn'), []);
  });
});
