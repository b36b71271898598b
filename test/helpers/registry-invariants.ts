import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Directory, TEMP_MARKER } from '../../main/common/files.js';
import { fromStoredPath } from '../../main/workspace/index.js';

export type VersionRow = {
  id: number;
  version: number;
  stage: string;
  /** Absolute: the stored path (relative to the workspace) resolved against the root. */
  package_path: string;
  package_sha256: string;
};

/**
 * A workspace's registry read straight from its database file, each read in its own read-only
 * connection: nothing a `podium` process left behind is hidden by a connection held open here.
 */
export class RegistryReader {
  readonly dbFile: string;

  constructor(readonly root: string) {
    this.dbFile = join(root, 'podium.db');
  }

  /** A prod workspace exists only once something opened it (the first release). */
  exists(): boolean {
    return existsSync(this.dbFile);
  }

  read<T>(query: (db: Database.Database) => T): T {
    const db = new Database(this.dbFile, { readonly: true, fileMustExist: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }

  versions(model: string): VersionRow[] {
    return this.read((db) =>
      (
        db
          .prepare(
            'SELECT id, version, stage, package_path, package_sha256 FROM model_versions WHERE model_name = ? ORDER BY version',
          )
          .all(model) as VersionRow[]
      ).map((row) => ({ ...row, package_path: fromStoredPath(this.root, row.package_path) })),
    );
  }

  /** What the registry holds; a change means a killed operation committed before it died. */
  fingerprint(): string {
    if (!this.exists()) return '';
    return this.read((db) =>
      JSON.stringify(
        db
          .prepare(
            `SELECT (SELECT COUNT(*) FROM model_versions) AS versions, (SELECT COUNT(*) FROM transitions) AS transitions,
               (SELECT COUNT(*) FROM decisions) AS decisions,
               (SELECT GROUP_CONCAT(status) FROM (SELECT status FROM shadow_tests ORDER BY id)) AS shadow_tests`,
          )
          .get(),
      ),
    );
  }
}

/**
 * What a crash must never leave, checked by reading the database and the files directly:
 * exactly one champion (prod: at most one, as versions arrive there as challengers), every
 * package present and matching its hash, no half-registered version or half-made decision, no
 * package folder without a version, no temporary file. In prod every version came by release:
 * each has its release record and audit entry.
 */
export async function assertRegistryInvariants(
  registry: RegistryReader,
  model: string,
  context: string,
  environment: 'dev' | 'prod' = 'dev',
): Promise<void> {
  const champions = registry.read(
    (db) =>
      db
        .prepare(
          "SELECT model_name, COUNT(*) AS n FROM model_versions WHERE stage = 'champion' GROUP BY model_name",
        )
        .all() as { model_name: string; n: number }[],
  );
  if (environment === 'dev')
    assert.deepEqual(champions, [{ model_name: model, n: 1 }], `${context}: exactly one champion`);
  else
    assert.deepEqual(
      champions.filter((row) => row.n > 1),
      [],
      `${context}: at most one champion in ${environment}`,
    );
  const rows = registry.versions(model);
  for (const row of rows) {
    assert.notEqual(row.stage, 'none', `${context}: v${row.version} is half-registered (stage none)`);
    assert.equal(
      await sha256Directory(row.package_path).catch((error: Error) => error.message),
      row.package_sha256,
      `${context}: v${row.version}'s package is missing or differs from its hash`,
    );
  }
  const halfDone = registry.read((db) => ({
    withoutHistory: db
      .prepare(
        "SELECT version FROM model_versions v WHERE NOT EXISTS (SELECT 1 FROM transitions t WHERE t.version_id = v.id AND t.to_stage = 'challenger')",
      )
      .all(),
    promotionsWithoutChampion: db
      .prepare(
        `SELECT id FROM decisions d WHERE outcome IN ('promote', 'rollback') AND NOT EXISTS
           (SELECT 1 FROM transitions t WHERE t.decision_id = d.id AND t.to_stage = 'champion')`,
      )
      .all(),
    shadowDecisionsWithoutTest: db
      .prepare(
        "SELECT id FROM decisions d WHERE outcome = 'start_shadow' AND NOT EXISTS (SELECT 1 FROM shadow_tests s WHERE s.decision_id = d.id)",
      )
      .all(),
    runningRuns: db.prepare("SELECT id FROM runs WHERE status = 'running'").all(),
    quickCheck: db.pragma('quick_check', { simple: true }),
  }));
  assert.deepEqual(
    halfDone,
    {
      withoutHistory: [],
      promotionsWithoutChampion: [],
      shadowDecisionsWithoutTest: [],
      runningRuns: [],
      quickCheck: 'ok',
    },
    `${context}: no half-finished state in the database`,
  );
  if (environment === 'prod') {
    const unreleased = registry.read((db) => ({
      withoutRelease: db
        .prepare(
          'SELECT version FROM model_versions v WHERE NOT EXISTS (SELECT 1 FROM releases r WHERE r.version_id = v.id)',
        )
        .all(),
      withoutAudit: db
        .prepare(
          `SELECT version FROM model_versions v WHERE NOT EXISTS
             (SELECT 1 FROM audit_log a WHERE a.action = 'release' AND a.model_name = v.model_name AND a.to_version = v.version)`,
        )
        .all(),
    }));
    assert.deepEqual(
      unreleased,
      { withoutRelease: [], withoutAudit: [] },
      `${context}: a ${environment} version without its release record or audit entry`,
    );
  }
  const registered = new Set(rows.map((row) => resolve(row.package_path)));
  const modelDir = join(registry.root, 'artifacts', 'models', model);
  for (const name of existsSync(modelDir) ? readdirSync(modelDir) : [])
    assert.ok(registered.has(resolve(modelDir, name)), `${context}: ${name} in models/ has no version`);
  assert.deepEqual(temporaryFiles(registry.root), [], `${context}: temporary files left`);
}

/** Every `.podium-tmp-*` under the workspace, except what doctor has quarantined. */
function temporaryFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.name.startsWith(TEMP_MARKER)) found.push(path);
    else if (entry.isDirectory() && entry.name !== 'quarantine') found.push(...temporaryFiles(path));
  }
  return found;
}
