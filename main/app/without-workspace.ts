/**
 * The things a shell does with no workspace open, so they cannot be operations on one: writing
 * sample data (before any workspace exists), and restoring a backup or undoing a restore (the
 * database being replaced must not be open, or migrated, while it is swapped; listing what
 * earlier restores replaced goes with them), and rendering a drift report the shell already has
 * as a page to share. The CLI reaches them here
 * rather than importing the domains.
 */
import type { StoredDriftReport } from '../contract/index.js';
import { writeSampleData } from '../data/index.js';
import {
  listPreviousStates,
  type PreviousState,
  type RestoreReport,
  restoreBackup,
  type UndoReport,
  undoRestore,
} from '../maintenance/index.js';
import { renderDriftReportHtml } from '../monitoring/drift-html/index.js';
import type { EnvironmentName } from '../workspace/index.js';

export type SampleDataRequest = { samples: number; drift: boolean; seed: number; outputDir: string };

/** Writes the synthetic credit-risk CSV; returns its path. */
export function generateSampleData(request: SampleDataRequest): Promise<string> {
  return writeSampleData(request);
}

/**
 * Verifies the backup completely (that it is of this environment's workspace too), then swaps it
 * in over the (closed) workspace at `dir`.
 */
export function restoreWorkspace(
  dir: string,
  file: string,
  environment: EnvironmentName,
): Promise<RestoreReport> {
  return restoreBackup(dir, file, { environment });
}

/** The states earlier restores replaced in the workspace at `dir`, newest first. */
export function previousWorkspaceStates(dir: string): Promise<PreviousState[]> {
  return listPreviousStates(dir);
}

/**
 * Puts back the newest (or the named) state an earlier restore replaced, verified as a backup
 * is; the state it replaces is kept in turn.
 */
export function undoWorkspaceRestore(
  dir: string,
  name: string | undefined,
  environment: EnvironmentName,
): Promise<UndoReport> {
  return undoRestore(dir, { name, environment });
}

/** A drift report as one self-contained, offline HTML page (monitoring/drift-html). */
export function driftReportHtml(stored: StoredDriftReport): string {
  return renderDriftReportHtml(stored);
}
