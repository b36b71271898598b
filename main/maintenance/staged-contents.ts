import { join, relative, sep } from 'node:path';
import { systemClock } from '../common/clock.js';
import { listFilesRecursive, sha256File } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import { DatasetStore, snapshotState } from '../data/index.js';
import type { Db } from '../db/index.js';
import { type ModelVersion, packageState, VersionStore } from '../registry/index.js';
import { isInsideRoot } from '../workspace/index.js';
import { BACKUP_DATASETS, BACKUP_MODELS } from './backup.js';

export type StagedContents = {
  /** The folder holding the staged `artifacts/models` and `datasets`. */
  staging: string;
  /** The workspace the staged state replaces: an intact package there tells which file changed. */
  root: string;
  /**
   * Folders that stored absolute paths may start with (the workspace a backup was taken of, and
   * the one restored into): what follows them is where the file lies in the staged copy.
   */
  recordedRoots: string[];
};

/** A staged file that does not hold what the registry recorded for it. */
type Mismatch = { what: string; file: string; kind: 'package' | 'dataset' };

/**
 * Every registered version's package against the folder hash stored when it was registered, and
 * every dataset snapshot against the content hash that names it, in the staged copy. A live
 * version's package that is missing or changed, or a snapshot whose bytes changed, refuses the
 * whole state (thrown, naming each); what the workspace may hold as a record (an archived
 * version's broken package, as doctor leaves it; a dataset registered without its file, as an
 * import without the data leaves it) comes back as notices.
 */
export async function verifyStagedContents(db: Db, staged: StagedContents, label: string): Promise<string[]> {
  const mismatches: Mismatch[] = [];
  const notices: string[] = [];
  const versions = new VersionStore(db, systemClock, staged.staging).list();
  for (const version of versions) {
    const where = stagedLocation(
      staged,
      version.packagePath,
      join(BACKUP_MODELS, version.modelName, `v${version.version}`),
    );
    const state = await packageState(where, version.packageSha256);
    if (state === 'intact') continue;
    const name = `${version.modelName} v${version.version} (${version.stage})`;
    const folder = shown(staged.staging, where);
    if (version.stage === 'archived') {
      notices.push(
        `${name}: its package ${folder} is ${state === 'missing' ? 'missing' : 'changed since it was registered'}; the version is archived and kept as a record`,
      );
      continue;
    }
    if (state === 'missing') {
      mismatches.push({ kind: 'package', what: `${name}: its package folder is missing`, file: folder });
      continue;
    }
    for (const file of await changedPackageFiles(staged, version, where))
      mismatches.push({ kind: 'package', what: `${name}: ${file.how}`, file: file.path });
  }
  for (const dataset of new DatasetStore(db, systemClock, staged.staging).snapshotFiles()) {
    const where = stagedLocation(staged, dataset.path, join(BACKUP_DATASETS, `${dataset.id}.csv`));
    const state = await snapshotState(where, dataset.id);
    if (state === 'changed')
      mismatches.push({
        kind: 'dataset',
        what: `dataset ${dataset.id.slice(0, 12)} (${dataset.sourceName}): its bytes no longer hash to the id that names them`,
        file: shown(staged.staging, where),
      });
    else if (state === 'missing')
      notices.push(
        `dataset ${dataset.id.slice(0, 12)} (${dataset.sourceName}) is registered without its snapshot file ${shown(staged.staging, where)}; what needs it (reproduce, evaluate on it) will say so`,
      );
  }
  if (mismatches.length > 0) throw refusal(label, mismatches);
  return notices;
}

function refusal(label: string, mismatches: Mismatch[]): PodiumError {
  const listed = mismatches.slice(0, 5).map((m) => `${m.what} (${m.file})`);
  const more = mismatches.length > 5 ? `; and ${mismatches.length - 5} more` : '';
  const packages = mismatches.some((m) => m.kind === 'package');
  return new PodiumError(
    packages ? 'PACKAGE_INVALID' : 'DATA_INVALID',
    `${label}: ${listed.join('; ')}${more}`,
    { source: label, files: mismatches.map((m) => m.file), problems: mismatches.map((m) => m.what) },
  );
}

/**
 * Which files of a staged package differ from the package registered for that version. The
 * registry keeps one hash for the whole folder, so the files are told apart against this
 * workspace's own copy of the same version when that copy still has the registered hash (a
 * backup restored over the workspace it was taken of); otherwise the folder is named.
 */
async function changedPackageFiles(
  staged: StagedContents,
  version: ModelVersion,
  where: string,
): Promise<{ path: string; how: string }[]> {
  const folder = shown(staged.staging, where);
  const reference = join(staged.root, BACKUP_MODELS, version.modelName, `v${version.version}`);
  if ((await packageState(reference, version.packageSha256)) !== 'intact')
    return [
      {
        path: folder,
        how: 'its package does not match the hash registered for it (no intact copy of this version in the workspace tells which file changed)',
      },
    ];
  const stagedFiles = new Set(await listFilesRecursive(where));
  const registeredFiles = new Set(await listFilesRecursive(reference));
  const changed: { path: string; how: string }[] = [];
  for (const file of [...new Set([...stagedFiles, ...registeredFiles])].sort()) {
    const path = `${folder}/${file}`;
    if (!stagedFiles.has(file)) changed.push({ path, how: 'a file of its registered package is missing' });
    else if (!registeredFiles.has(file))
      changed.push({ path, how: 'a file its registered package does not have was added' });
    else if ((await sha256File(join(where, file))) !== (await sha256File(join(reference, file))))
      changed.push({ path, how: 'a file of its package differs from the registered one (hash differs)' });
  }
  return changed.length > 0
    ? changed
    : [{ path: folder, how: 'its package does not match the hash registered for it' }];
}

/**
 * Where a registered file lies in the staged copy: a relative stored path already resolves
 * there; an absolute one under a recorded workspace folder keeps its tail; anything else is
 * looked for where Podium writes it (`artifacts/models/<model>/v<n>`, `datasets/<id>.csv`).
 */
function stagedLocation(staged: StagedContents, path: string, usual: string): string {
  if (isInsideRoot(staged.staging, path)) return path;
  for (const root of staged.recordedRoots)
    if (isInsideRoot(root, path)) return join(staged.staging, relative(root, path));
  return join(staged.staging, usual);
}

function shown(staging: string, path: string): string {
  return relative(staging, path).split(sep).join('/');
}
