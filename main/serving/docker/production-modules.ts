import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { PodiumError } from '../../contract/errors.js';

export type ProductionModule = {
  name: string;
  version: string;
  /** Absolute folder on this machine. */
  dir: string;
  /** Folder relative to the project root, with forward slashes (where it goes in the image). */
  path: string;
};

/**
 * Packages the model service never loads, kept out of the image: the desktop shell and its
 * builder, the SQLite binding (the service reads only its model package), React and the charts
 * (renderer only), and tfjs-node, whose native libtensorflow needs host libraries the image
 * does not carry; without it the service uses the WebAssembly backend.
 */
export const EXCLUDED_FROM_IMAGE: readonly string[] = [
  'electron',
  'electron-builder',
  'better-sqlite3',
  '@tensorflow/tfjs-node',
  'react',
  'react-dom',
  'recharts',
  'zustand',
];

type Manifest = {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/**
 * The installed packages production code can reach from the project's package.json, found the
 * way Node resolves them (nearest node_modules upwards). Walking the manifests needs no npm at
 * run time, which a packaged desktop app does not have.
 */
export async function productionModules(
  root: string,
  exclude: readonly string[] = EXCLUDED_FROM_IMAGE,
): Promise<ProductionModule[]> {
  const excluded = new Set(exclude);
  const rootManifest = await readManifest(join(root, 'package.json'));
  if (!rootManifest) throw new PodiumError('NOT_FOUND', `No package.json in ${root}`, { path: root });
  const found = new Map<string, ProductionModule>();
  const pending: { from: string; name: string; required: boolean }[] = [];
  const enqueue = (from: string, manifest: Manifest) => {
    for (const name of Object.keys(manifest.dependencies ?? {})) pending.push({ from, name, required: true });
    for (const name of Object.keys(manifest.optionalDependencies ?? {}))
      pending.push({ from, name, required: false });
    // npm installs peers; one that is absent was optional for this installation.
    for (const name of Object.keys(manifest.peerDependencies ?? {}))
      pending.push({ from, name, required: false });
  };
  enqueue(root, rootManifest);
  while (pending.length > 0) {
    const { from, name, required } = pending.pop()!;
    if (excluded.has(name)) continue;
    const resolved = await resolvePackage(root, from, name);
    if (!resolved) {
      if (required) {
        throw new PodiumError(
          'NOT_FOUND',
          `${name}, needed by ${relative(root, from) || 'podium'}, is not installed`,
          {
            package: name,
          },
        );
      }
      continue;
    }
    if (found.has(resolved.dir)) continue;
    found.set(resolved.dir, {
      name,
      version: resolved.manifest.version ?? '0.0.0',
      dir: resolved.dir,
      path: relative(root, resolved.dir).split(sep).join('/'),
    });
    enqueue(resolved.dir, resolved.manifest);
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function resolvePackage(
  root: string,
  from: string,
  name: string,
): Promise<{ dir: string; manifest: Manifest } | null> {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    const manifest = await readManifest(join(candidate, 'package.json'));
    if (manifest) return { dir: candidate, manifest };
    if (dir === root || !dir.startsWith(root)) return null;
    dir = dirname(dir);
  }
}

async function readManifest(file: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      return null;
    }
    throw error;
  }
}
