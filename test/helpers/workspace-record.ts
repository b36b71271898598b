import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sha256Directory, sha256File } from '../../main/common/files.js';

/**
 * What a restore must bring back exactly: the registry (versions with stage, package path and
 * hash; which version each alias names), every decision, transition, shadow test and audit entry,
 * and the dataset snapshots; with the hashes of the package folders and dataset files on disk.
 * The `services` table is left out: it records processes of the machine it was written on.
 */
export type RegistryRecord = {
  versions: unknown[];
  aliases: Record<string, number>;
  decisions: unknown[];
  transitions: unknown[];
  shadowTests: unknown[];
  audit: unknown[];
  datasets: unknown[];
  /** `package <path>` → SHA-256 of the folder, `dataset <path>` → SHA-256 of the file. */
  files: Record<string, string>;
};

/**
 * Live traffic and scheduled jobs: rows keep arriving while a backup is written, so a restore
 * holds some prefix of them. Keyed rows as JSON, for subset comparisons.
 */
export type TrafficRecord = {
  predictions: Map<string, string>;
  feedback: Map<string, string>;
  /** Only what a job run never changes after it starts (a running job later gets its end). */
  jobRuns: Map<string, string>;
};

export type WorkspaceRecord = { registry: RegistryRecord; traffic: TrafficRecord };

/**
 * Reads a workspace's database read-only, in one read transaction (one consistent point in
 * time, whatever `podium serve` writes meanwhile), and hashes the files its rows name.
 */
export async function readWorkspaceRecord(root: string): Promise<WorkspaceRecord> {
  const db = new Database(join(root, 'podium.db'), { readonly: true, fileMustExist: true });
  let record: Omit<WorkspaceRecord['registry'], 'files'> & { traffic: TrafficRecord };
  try {
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    const keyed = (sql: string, key: (row: Record<string, unknown>) => string) =>
      new Map(all(sql).map((row) => [key(row), JSON.stringify(row)]));
    record = db.transaction(() => {
      const versions = all(
        'SELECT id, model_name, version, stage, run_id, dataset_id, model_type, package_path, package_sha256, metrics_json, created_at FROM model_versions ORDER BY id',
      );
      const aliases: Record<string, number> = {};
      for (const v of versions)
        if (v.stage !== 'none' && v.stage !== 'archived')
          // Challengers and shadows can be several: the newest is what NAME:challenger names.
          aliases[`${v.model_name}:${v.stage}`] = v.version as number;
      return {
        versions,
        aliases,
        decisions: all('SELECT * FROM decisions ORDER BY id'),
        transitions: all('SELECT * FROM transitions ORDER BY id'),
        shadowTests: all('SELECT * FROM shadow_tests ORDER BY id'),
        audit: all('SELECT * FROM audit_log ORDER BY id'),
        datasets: all('SELECT id, path, source_name, bytes, row_count, created_at FROM datasets ORDER BY id'),
        traffic: {
          predictions: keyed(
            'SELECT * FROM prediction_log',
            (row) => `${row.request_id as string} v${row.version as number}`,
          ),
          feedback: keyed('SELECT * FROM feedback', (row) => row.request_id as string),
          jobRuns: keyed(
            'SELECT id, job, triggered_by, scheduled_for, owner, started_at FROM job_runs',
            (row) => String(row.id),
          ),
        },
      };
    })();
  } finally {
    db.close();
  }
  const { traffic, ...registry } = record;
  const files: Record<string, string> = {};
  for (const v of registry.versions as { package_path: string }[])
    files[`package ${v.package_path}`] = await sha256Directory(join(root, v.package_path));
  for (const d of registry.datasets as { path: string }[])
    files[`dataset ${d.path}`] = await sha256File(join(root, d.path));
  return { registry: { ...registry, files }, traffic };
}

/**
 * How `restored` differs from the source it was backed up from, one line per difference: its
 * registry must equal the source's as it stood during the backup (`during`), and its traffic must
 * hold every row the source had when the backup began (`before`) and nothing the source never had
 * (`after`, read later), each row as the source has it.
 */
export function restoreMismatches(
  restored: WorkspaceRecord,
  source: { before: WorkspaceRecord; during: RegistryRecord; after: WorkspaceRecord },
): string[] {
  const found: string[] = [];
  for (const key of Object.keys(source.during) as (keyof RegistryRecord)[]) {
    const want = JSON.stringify(source.during[key]);
    const got = JSON.stringify(restored.registry[key]);
    if (want !== got) found.push(`${key}: restored ${got} but the source had ${want}`);
  }
  for (const table of Object.keys(restored.traffic) as (keyof TrafficRecord)[]) {
    const have = restored.traffic[table];
    for (const [key, row] of source.before.traffic[table])
      if (have.get(key) !== row)
        found.push(`${table} ${key}: in the source before the backup, restored as ${have.get(key)}`);
    for (const [key, row] of have)
      if (source.after.traffic[table].get(key) !== row)
        found.push(
          `${table} ${key}: restored as ${row}, the source has ${source.after.traffic[table].get(key)}`,
        );
  }
  return found;
}
