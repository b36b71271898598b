import { isAbsolute, join, posix, relative, resolve, sep, win32 } from 'node:path';

/**
 * The database keeps every path inside the workspace relative to the workspace folder, written
 * with `/` whatever the platform, so a workspace moved, renamed, copied or restored elsewhere
 * still finds its packages, datasets, artifacts and logs. Stores take and give absolute paths:
 * only what is stored changes. A path outside the workspace (a batch prediction's input file) is
 * kept absolute. An empty path (none known) stays empty.
 */
export function toStoredPath(root: string, path: string): string {
  if (path === '') return path;
  const absolute = resolve(root, path);
  const inside = relative(root, absolute);
  if (isOutside(inside)) return absolute;
  return inside === '' ? '.' : inside.split(sep).join('/');
}

/** The absolute path of a stored one: relative ones are resolved against the workspace folder. */
export function fromStoredPath(root: string, stored: string): string {
  if (stored === '' || isStoredAbsolute(stored)) return stored;
  return join(root, ...stored.split('/'));
}

/** `toStoredPath` and `fromStoredPath` for a column that may be empty. */
export function toStoredPathOrNull(root: string, path: string | null): string | null {
  return path === null ? null : toStoredPath(root, path);
}

export function fromStoredPathOrNull(root: string, stored: string | null): string | null {
  return stored === null ? null : fromStoredPath(root, stored);
}

/** Whether a stored path is absolute, on this platform or another one it may have come from. */
export function isStoredAbsolute(stored: string): boolean {
  return posix.isAbsolute(stored) || win32.isAbsolute(stored);
}

/** Whether `path` (absolute) lies inside the folder `root`. */
export function isInsideRoot(root: string, path: string): boolean {
  return !isOutside(relative(resolve(root), resolve(path)));
}

function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}
