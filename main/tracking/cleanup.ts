import { rm } from 'node:fs/promises';
import type { Clock } from '../common/clock.js';
import type { Db } from '../db/index.js';

export type CleanupReport = { removedRuns: string[]; removedArtifactDirs: string[] };

/**
 * Removes finished runs older than the retention period that no registered model version uses
 * (directly, or through a child run), with their artifacts. Registered models keep their
 * lineage; anything else expires.
 */
export async function cleanExpiredRuns(
  db: Db,
  clock: Clock,
  retentionDays: number,
  options: { dryRun?: boolean } = {},
): Promise<CleanupReport> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000).toISOString();
  const expired = db
    .prepare(
      `SELECT r.id, r.artifact_dir FROM runs r
       WHERE r.parent_run_id IS NULL
         AND r.status != 'running'
         AND r.started_at < ?
         AND NOT EXISTS (SELECT 1 FROM model_versions v WHERE v.run_id = r.id)
         AND NOT EXISTS (SELECT 1 FROM runs c JOIN model_versions v ON v.run_id = c.id WHERE c.parent_run_id = r.id)`,
    )
    .all(cutoff) as { id: string; artifact_dir: string | null }[];
  const childDirs = db.prepare(
    'SELECT artifact_dir FROM runs WHERE parent_run_id = ? AND artifact_dir IS NOT NULL',
  );
  const dirs: string[] = [];
  for (const run of expired) {
    if (run.artifact_dir) dirs.push(run.artifact_dir);
    for (const child of childDirs.all(run.id) as { artifact_dir: string }[]) dirs.push(child.artifact_dir);
  }
  if (!options.dryRun) {
    const remove = db.prepare('DELETE FROM runs WHERE id = ?');
    db.transaction(() => {
      for (const run of expired) remove.run(run.id);
    })();
    // Files after the rows: a crash between leaves orphan folders, which doctor can sweep,
    // never rows that point at nothing.
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
  return { removedRuns: expired.map((run) => run.id), removedArtifactDirs: dirs };
}
