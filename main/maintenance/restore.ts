import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tempPathFor } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import { type EnvironmentName, workspacePaths } from '../workspace/index.js';
import { type ArchiveLimits, type ExtractedFile, extractArchive, RESTORE_LIMITS } from './archive-reader.js';
import {
  BACKUP_DATABASE,
  BACKUP_DATASETS,
  BACKUP_MANIFEST,
  BACKUP_MODELS,
  type BackupManifest,
} from './backup.js';
import { withRetry } from './retry-hint.js';
import { verifyStagedState } from './staged-state.js';
import { swapIn } from './state-swap.js';

export type RestoreReport = {
  file: string;
  workspace: string;
  backup_created_at: string;
  /** Where the replaced database, packages and datasets were moved. */
  previous_state: string;
  files: number;
  versions: number;
  /**
   * Set when rows of the backup still name files in another folder (a backup of a workspace
   * whose paths were absolute, taken elsewhere): `podium doctor --repair` re-roots them here.
   */
  warning: string | null;
  /** What the backup holds only as a record: an archived version's broken package, a dataset without its file. */
  notices: string[];
};

/** Ends every refusal of a backup: what to do instead. */
const RESTORE_RETRY =
  'Retry with another backup file (podium backup writes one of a sound workspace), or see the states earlier restores replaced with podium restore --list-previous.';

/**
 * Replaces a workspace's database, model packages and dataset snapshots with a backup's. Every
 * check runs before anything is touched: the archive unpacks safely (inside the workspace, so the
 * swap is a rename), every file matches the manifest's hash, the database passes SQLite's
 * integrity and foreign-key checks with migrations this build knows and is of this environment,
 * and every package and dataset snapshot still hashes to what its registry recorded. Only then
 * is the current state moved to `backups/before-restore-<time>/` (which `--undo` puts back) and
 * the backup's renamed into place; a failed rename moves everything back. The workspace must not
 * be open (stop `podium serve` first).
 */
export async function restoreBackup(
  workspaceDir: string,
  file: string,
  options: {
    now?: Date;
    limits?: ArchiveLimits;
    /** The environment restored into: a backup of another environment's workspace is refused. */
    environment?: EnvironmentName;
  } = {},
): Promise<RestoreReport> {
  const source = resolve(file);
  const paths = workspacePaths(workspaceDir);
  await mkdir(paths.root, { recursive: true });
  const staging = tempPathFor(join(paths.root, 'restore'));
  try {
    const { manifest, state } = await withRetry(RESTORE_RETRY, async () => {
      const extracted = await extractArchive(source, staging, options.limits ?? RESTORE_LIMITS);
      const manifest = await verifyManifest(source, staging, extracted);
      const state = await verifyStagedState({
        label: source,
        kind: 'backup',
        staging,
        root: paths.root,
        recordedRoots: [manifest.workspace_root, paths.root].filter((r) => typeof r === 'string'),
        environment: options.environment,
      });
      return { manifest, state };
    });
    const previous = await swapIn(paths.root, staging, {
      now: options.now ?? new Date(),
      replacedBy: `podium restore ${source}`,
      retry: `Once the cause is fixed, run podium restore ${source} again.`,
    });
    return {
      file: source,
      workspace: paths.root,
      backup_created_at: manifest.created_at,
      previous_state: previous,
      files: Object.keys(manifest.files).length,
      versions: state.versions,
      warning:
        state.pathsElsewhere === 0
          ? null
          : `the backup was taken of ${manifest.workspace_root}; ${state.pathsElsewhere} of the paths it stores still point there (packages, datasets, runs): run podium doctor --repair to re-root them to this folder`,
      notices: state.notices,
    };
  } finally {
    await rm(staging, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
}

async function verifyManifest(
  file: string,
  staging: string,
  extracted: Map<string, ExtractedFile>,
): Promise<BackupManifest> {
  const invalid = (message: string, entry?: string) =>
    new PodiumError('ARCHIVE_INVALID', `${file}: ${message}`, {
      file,
      ...(entry ? { entry } : {}),
    });
  if (!extracted.has(BACKUP_MANIFEST)) throw invalid(`no ${BACKUP_MANIFEST}: this is not a Podium backup`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(staging, BACKUP_MANIFEST), 'utf8')) as BackupManifest;
  } catch (error) {
    throw invalid(`${BACKUP_MANIFEST} is not valid JSON (${(error as Error).message})`, BACKUP_MANIFEST);
  }
  if (manifest.format !== 'podium-backup/1' || typeof manifest.files !== 'object' || manifest.files === null)
    throw invalid(`${BACKUP_MANIFEST} is not a podium-backup/1 manifest`, BACKUP_MANIFEST);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const actual = extracted.get(name);
    if (!actual)
      throw invalid(`entry "${name}" is listed in the manifest but missing from the archive`, name);
    if (actual.sha256 !== expected.sha256 || actual.bytes !== expected.bytes)
      throw invalid(`entry "${name}" does not match its hash in the manifest`, name);
  }
  for (const name of extracted.keys()) {
    if (name !== BACKUP_MANIFEST && !(name in manifest.files))
      throw invalid(`entry "${name}" is not listed in the manifest`, name);
    if (
      name !== BACKUP_MANIFEST &&
      name !== BACKUP_DATABASE &&
      !isUnder(name, [BACKUP_MODELS, BACKUP_DATASETS])
    )
      throw invalid(`entry "${name}" is outside what a backup restores`, name);
  }
  if (!extracted.has(BACKUP_DATABASE))
    throw invalid(`the archive holds no ${BACKUP_DATABASE}`, BACKUP_DATABASE);
  return manifest;
}

function isUnder(name: string, folders: string[]): boolean {
  return folders.some((folder) => name.startsWith(`${folder}/`));
}
