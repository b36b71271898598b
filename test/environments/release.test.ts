import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import { releaseVersion } from '../../main/environments/index.js';
import { MANIFEST_FILE, VersionStore, verifyPackage } from '../../main/registry/index.js';
import { fromStoredPath } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { type DevAndProd, devAndProd } from './prod-fixture.js';

let env: DevAndProd;
before(async () => {
  env = await devAndProd();
});
after(() => env?.cleanup());

function count(table: string): number {
  return (env.prod.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a dev package changed after it was registered is refused, and nothing reaches prod', async () => {
  const { challenger } = env.trained;
  const manifest = join(challenger.packagePath, MANIFEST_FILE);
  const original = readFileSync(manifest);
  appendFileSync(manifest, ' ');
  try {
    await assert.rejects(
      releaseVersion({
        source: env.dev,
        target: env.prod,
        stores: { source: storesOf(env.dev), target: storesOf(env.prod) },
        version: challenger,
        actor: 'alice',
      }),
      (error: unknown) =>
        error instanceof PodiumError &&
        error.code === 'PACKAGE_INVALID' &&
        error.message.includes(challenger.packagePath) &&
        error.message.includes('hash differs'),
    );
  } finally {
    writeFileSync(manifest, original);
  }
  for (const table of ['model_versions', 'models', 'runs', 'datasets', 'releases', 'audit_log'])
    assert.equal(count(table), 0, `${table} in prod after a refused release`);
  assert.deepEqual(filesUnder(env.prod.paths.models), [], 'no package, archive or temporary file is left');
  assert.deepEqual(filesUnder(env.prod.paths.datasets), []);
});

test('a release copies package, lineage and dataset into prod, verified by hash, as a challenger', async () => {
  const { champion } = env.trained;
  const report = await releaseVersion({
    source: env.dev,
    target: env.prod,
    stores: { source: storesOf(env.dev), target: storesOf(env.prod) },
    version: champion,
    actor: 'alice',
    reason: 'release train 7',
  });
  assert.equal(report.version, 1);
  assert.equal(report.stage, 'challenger');
  assert.equal(report.source.packageSha256, champion.packageSha256);
  assert.equal(report.source.workspaceId, env.dev.id);
  assert.notEqual(env.dev.id, env.prod.id);

  const released = new VersionStore(env.prod.db, env.prod.clock, env.prod.paths.root).get('credit-risk', 1);
  assert.equal(released.stage, 'challenger', 'a release never makes a champion');
  assert.ok(released.packagePath.startsWith(env.prod.paths.root), 'prod holds its own copy');
  await verifyPackage(released.packagePath, released.packageSha256);
  const manifest = JSON.parse(readFileSync(join(released.packagePath, MANIFEST_FILE), 'utf8')) as {
    imported_from: { package_sha256: string; version: number };
  };
  assert.deepEqual(manifest.imported_from, {
    model: 'credit-risk',
    version: champion.version,
    package_sha256: champion.packageSha256,
  });
  // No file is shared: changing the prod copy leaves dev's package intact.
  for (const file of filesUnder(released.packagePath)) {
    const devFile = file.replace(released.packagePath, champion.packagePath);
    if (file.endsWith(MANIFEST_FILE)) continue;
    assert.notEqual(statSync(file).ino, statSync(devFile).ino);
    assert.deepEqual(readFileSync(file), readFileSync(devFile));
  }

  // Lineage: the run, its recorded code/config/data versions, and the dataset snapshot itself.
  assert.equal(released.runId, champion.runId);
  assert.equal(released.datasetId, champion.datasetId);
  const devLineage = storesOf(env.dev).runLineage.get(champion.runId);
  const prodLineage = storesOf(env.prod).runLineage.get(champion.runId);
  assert.ok(devLineage && prodLineage);
  assert.equal(prodLineage.configSha256, devLineage.configSha256);
  assert.equal(prodLineage.modelConfigSha256, devLineage.modelConfigSha256);
  assert.deepEqual(prodLineage.code, devLineage.code);
  assert.equal(prodLineage.datasetId, devLineage.datasetId);
  const dataset = env.prod.db.prepare('SELECT path FROM datasets WHERE id = ?').get(champion.datasetId) as {
    path: string;
  };
  // Stored relative to prod's folder, as every path the registry keeps.
  assert.match(dataset.path, /^datasets\//);
  assert.ok(fromStoredPath(env.prod.paths.root, dataset.path).startsWith(env.prod.paths.datasets));

  const record = storesOf(env.prod).releases.releaseOf('credit-risk', 1);
  assert.equal(record?.sourceWorkspaceId, env.dev.id);
  assert.equal(record?.sourceVersion, champion.version);
  assert.equal(record?.sourcePackageSha256, champion.packageSha256);
  assert.equal(record?.packageSha256, released.packageSha256);
  const [entry] = storesOf(env.prod).audit.list();
  assert.equal(entry.action, 'release');
  assert.equal(entry.environment, 'prod');
  assert.equal(entry.actor, 'alice');
  assert.equal(entry.reason, 'release train 7');
  assert.equal(entry.details.source_package_sha256, champion.packageSha256);
  assert.deepEqual(
    filesUnder(env.prod.paths.models).filter((f) => f.includes('.tmp')),
    [],
  );
});

test('releasing the same package again is a conflict that copies nothing', async () => {
  const before = count('model_versions');
  await assert.rejects(
    releaseVersion({
      source: env.dev,
      target: env.prod,
      stores: { source: storesOf(env.dev), target: storesOf(env.prod) },
      version: env.trained.champion,
      actor: 'alice',
    }),
    (error: unknown) =>
      error instanceof PodiumError &&
      error.code === 'CONFLICT' &&
      /already released to prod as v1/.test(error.message),
  );
  assert.equal(count('model_versions'), before);
  assert.equal(count('releases'), 1);
});

test('a release goes from dev to prod only', async () => {
  await assert.rejects(
    releaseVersion({
      source: env.prod,
      target: env.dev,
      stores: { source: storesOf(env.prod), target: storesOf(env.dev) },
      version: env.trained.champion,
      actor: 'alice',
    }),
    (error: unknown) => error instanceof PodiumError && error.code === 'USAGE',
  );
});
