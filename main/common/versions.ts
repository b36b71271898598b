import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function versionOf(packageName: string): string | null {
  try {
    const file = require.resolve(`${packageName}/package.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

export function podiumVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Versions that decide whether a model reproduces: recorded in every package and run. */
export function libraryVersions(): Record<string, string> {
  const versions: Record<string, string> = { podium: podiumVersion(), node: process.versions.node };
  for (const name of [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node',
    'better-sqlite3',
  ]) {
    const version = versionOf(name);
    if (version) versions[name] = version;
  }
  return versions;
}
