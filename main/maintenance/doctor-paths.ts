import { join } from 'node:path';
import { pathExists } from '../common/files.js';
import type { DoctorFinding } from '../contract/index.js';
import { isInsideRoot, toStoredPath } from '../workspace/stored-path.js';
import type { StoredAbsolutePath, StoredPathStore } from './stored-path-store.js';

/** A stored absolute path and the relative one it becomes. */
type Change = { from: StoredAbsolutePath; stored: string };

export type StoredPathCheck = {
  /** One candidate per column and kind of change, with its count. */
  candidates: { finding: DoctorFinding; fix: () => Promise<void> }[];
  /** Where a path found elsewhere lies in this workspace: old absolute path → the one here. */
  relocated: Map<string, string>;
};

/**
 * (f) Paths the registry keeps absolute. Inside this workspace they are made relative, as
 * migration 0011 does (a workspace opened under another spelling of its folder, a symlink, keeps
 * them absolute). Outside it, from a workspace moved, renamed, copied or restored before the
 * migration, a path is re-rooted when the same relative tail exists here
 * (`<old root>/artifacts/models/x/v3` → `artifacts/models/x/v3`); once a tail reveals the old
 * folder, the other paths under that folder follow, found on disk or not (a backup holds no run
 * folders). A batch prediction's input or output that still exists outside the workspace and
 * its old folder is the user's file and stays as it is.
 */
export async function checkStoredPaths(root: string, store: StoredPathStore): Promise<StoredPathCheck> {
  const absolute = store.absolutePaths();
  const inside: Change[] = [];
  const reRooted: Change[] = [];
  const oldRoots = new Set<string>();
  const unresolved: StoredAbsolutePath[] = [];
  for (const path of absolute) {
    if (isInsideRoot(root, path.path)) {
      inside.push({ from: path, stored: toStoredPath(root, path.path) });
      continue;
    }
    // The user's own file, unless it lies in the old workspace folder (the second pass below).
    if (!path.workspaceOnly && (await pathExists(path.path))) {
      unresolved.push(path);
      continue;
    }
    const tail = await existingTail(root, path.path);
    if (tail === null) {
      unresolved.push(path);
      continue;
    }
    reRooted.push({ from: path, stored: tail });
    oldRoots.add(slashed(path.path).slice(0, slashed(path.path).length - tail.length));
  }
  for (const path of unresolved) {
    const oldRoot = [...oldRoots].find((prefix) => slashed(path.path).startsWith(prefix));
    if (oldRoot !== undefined)
      reRooted.push({ from: path, stored: slashed(path.path).slice(oldRoot.length) });
  }
  const relocated = new Map(
    reRooted.map((change) => [change.from.path, join(root, ...change.stored.split('/'))]),
  );
  return {
    candidates: [
      ...grouped(inside).map((changes) =>
        candidate(
          store,
          changes,
          'stored as absolute paths, which break when the workspace folder moves',
          'store',
        ),
      ),
      ...grouped(reRooted).map((changes) =>
        candidate(
          store,
          changes,
          'point outside this workspace (moved, renamed, copied or restored?); the same files are here',
          're-root',
        ),
      ),
    ],
    relocated,
  };
}

function candidate(
  store: StoredPathStore,
  changes: Change[],
  what: string,
  verb: 'store' | 're-root',
): { finding: DoctorFinding; fix: () => Promise<void> } {
  const first = changes[0]!;
  const more = changes.length > 1 ? ` (and ${changes.length - 1} more)` : '';
  return {
    finding: {
      check: 'path',
      severity: 'problem',
      what: `${changes.length} ${first.from.label} path(s) ${what}`,
      where: `${first.from.path}${more}`,
      repairable: true,
      repaired: false,
      action: `${verb} ${changes.length} path(s) relative to this workspace (${first.from.path} → ${first.stored}${more})`,
      repairError: null,
    },
    fix: async () => {
      store.rewrite(
        changes.map((change) => ({
          table: change.from.table,
          column: change.from.column,
          rowid: change.from.rowid,
          stored: change.stored,
        })),
      );
    },
  };
}

/** Changes grouped by the column they are in, in the columns' order. */
function grouped(changes: Change[]): Change[][] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const key = `${change.from.table}.${change.from.column}`;
    groups.set(key, [...(groups.get(key) ?? []), change]);
  }
  return [...groups.values()];
}

/**
 * The longest tail of an absolute path (two segments at least, so a bare file name never
 * matches by chance) that exists under `root`, written with `/`; null when none does.
 */
async function existingTail(root: string, path: string): Promise<string | null> {
  const segments = slashed(path)
    .split('/')
    .filter((segment) => segment !== '');
  for (let start = 1; start <= segments.length - 2; start++) {
    const tail = segments.slice(start);
    const here = join(root, ...tail);
    if (isInsideRoot(root, here) && (await pathExists(here))) return tail.join('/');
  }
  return null;
}

/** A path with `/` separators, whichever platform wrote it. */
function slashed(path: string): string {
  return path.replace(/\\/g, '/');
}
