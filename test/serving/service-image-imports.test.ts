import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXCLUDED_FROM_IMAGE } from '../../main/serving/docker/production-modules.js';

const DIST_MAIN = fileURLToPath(new URL('../../main', import.meta.url));
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** Every package the file imports at load time, through any chain of relative imports, with the chain. */
function packagesLoadedBy(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const here = [...chain, relative(DIST_MAIN, file)];
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec), here);
      else if (!spec.startsWith('node:') && !packages.has(spec)) packages.set(spec, here.join(' → '));
    }
  };
  visit(entry, []);
  return packages;
}

test('a model service loads no package that its Docker image leaves out (the database driver, Electron, the views)', () => {
  const loaded = packagesLoadedBy(resolve(DIST_MAIN, 'serving', 'service-main.js'));
  const missing = [...loaded]
    .filter(([name]) => EXCLUDED_FROM_IMAGE.some((left) => name === left || name.startsWith(`${left}/`)))
    .map(([name, chain]) => `${name} via ${chain}`);
  assert.deepEqual(missing, []);
});
