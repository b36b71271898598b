import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  cycles,
  LAYERS,
  runtimeImports,
  shellDomainImports,
  sourceFiles,
  sourceImports,
  upwardImports,
} from '../../scripts/import-graph.js';

/**
 * The layers of `main/` over the compiled imports: imports point down only, no two modules
 * import each other through any chain, the shells reach the domains only through the app layer,
 * and the views import nothing of `main/` but the contract. Over the sources, type-only imports
 * point down only as well (a domain's handlers type their context themselves, not as the app's).
 */
const here = dirname(fileURLToPath(import.meta.url));
const compiledMain = resolve(here, '..', '..', 'main');
const repoRoot = resolve(here, '..', '..', '..');

test('every module under main/ has a layer', () => {
  const modules = readdirSync(compiledMain, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const unplaced = modules.filter((name) => LAYERS[name] === undefined);
  assert.deepEqual(
    unplaced,
    [],
    `give these modules a layer in ${relative(repoRoot, fileURLToPath(import.meta.url))}`,
  );
});

test('no runtime import cycle between main/* modules', () => {
  assert.deepEqual(cycles(runtimeImports(compiledMain)), []);
});

test('imports point down the layers: contract → base → domains → app → shells', () => {
  assert.deepEqual(upwardImports(runtimeImports(compiledMain)), []);
});

test('type-only imports point down the layers too: a domain states what it needs in its own terms', () => {
  assert.deepEqual(upwardImports(sourceImports(join(repoRoot, 'main'))), []);
});

test('the shells import no domain: they go through the app layer (one front door)', () => {
  assert.deepEqual(shellDomainImports(runtimeImports(compiledMain)), []);
});

test('the renderer imports nothing from main/ but the contract', () => {
  const outside = sourceFiles(join(repoRoot, 'renderer'), /\.tsx?$/).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(/from\s*['"]([^'"]*\/main\/[^'"]+)['"]/g)]
      .map((match) => match[1])
      .filter((spec) => !/\/main\/contract\//.test(spec))
      .map((spec) => `${relative(repoRoot, file)} imports ${spec}`);
  });
  assert.deepEqual(outside, []);
});
