import { rm } from 'node:fs/promises';
import type { Clock } from '../common/clock.js';
import type { RunStore } from './runs.js';

export type CleanupReport = { removedRuns: string[]; removedArtifactDirs: string[] };

/**
 * Removes finished runs older than the retention period that no registered model version uses
 * (directly, or through a child run), with their artifacts. Registered models keep their
 * lineage; anything else expires.
 */
export async function cleanExpiredRuns(
  runs: RunStore,
  clock: Clock,
  retentionDays: number,
  options: { dryRun?: boolean } = {},
): Promise<CleanupReport> {
  const cutoff = new Date(clock.now().getTime() - retentionDays * 86_400_000).toISOString();
  const expired = runs.expiredRuns(cutoff);
  const dirs: string[] = [];
  for (const run of expired) {
    if (run.artifactDir) dirs.push(run.artifactDir);
    dirs.push(...runs.childArtifactDirs(run.id));
  }
  if (!options.dryRun) {
    runs.remove(expired.map((run) => run.id));
    // Files after the rows: a crash between leaves orphan folders, which doctor can sweep,
    // never rows that point at nothing.
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  }
  return { removedRuns: expired.map((run) => run.id), removedArtifactDirs: dirs };
}
