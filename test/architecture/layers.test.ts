import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layering of `main/` checked over the compiled JavaScript, where type-only imports are
 * already gone, so what is checked is what runs (VS Code keeps its layers with such a check).
 * Imports point down only, and no two modules import each other through any chain.
 */
const LAYERS: Record<string, number> = {
  contract: 0,
  common: 1,
  db: 1,
  config: 1,
  workspace: 1,
  data: 2,
  features: 2,
  training: 2,
  jobs: 2,
  tracking: 2,
  registry: 2,
  lifecycle: 2,
  serving: 2,
  monitoring: 2,
  scheduler: 2,
  lineage: 2,
  environments: 2,
  maintenance: 2,
  app: 3,
  demo: 3,
  cli: 4,
  server: 4,
  electron: 4,
};
const LAYER_NAMES = ['contract', 'base', 'domain', 'app', 'shell'];

const here = dirname(fileURLToPath(import.meta.url));
const compiledMain = resolve(here, '..', '..', 'main');
const repoRoot = resolve(here, '..', '..', '..');

type Import = { from: string; to: string; file: string; spec: string };

function sourceFiles(dir: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(path, pattern));
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function moduleOf(file: string): string {
  return relative(compiledMain, file).split(sep)[0].replace(/\.js$/, '');
}

function runtimeImports(): Import[] {
  const imports: Import[] = [];
  for (const file of sourceFiles(compiledMain, /\.js$/)) {
    const from = moduleOf(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(compiledMain + sep)) continue;
      const to = moduleOf(target);
      if (to !== from) imports.push({ from, to, file: relative(compiledMain, file), spec });
    }
  }
  return imports;
}

/** Strongly connected components of more than one module (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          component.push(w);
        }
      } while (w !== undefined && w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

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
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of runtimeImports()) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
  assert.deepEqual(cycles(edges), []);
});

test('imports point down the layers: contract → base → domains → app → shells', () => {
  const upward = runtimeImports()
    .filter(({ from, to }) => (LAYERS[to] ?? 0) > (LAYERS[from] ?? 0))
    .map(
      ({ from, to, file, spec }) =>
        `${file} (${LAYER_NAMES[LAYERS[from]]}) imports ${spec} (${to}, ${LAYER_NAMES[LAYERS[to]]})`,
    );
  assert.deepEqual(upward, []);
});

test('the shells import no domain: they go through the app layer (one front door)', () => {
  const shells = new Set(['cli', 'server', 'electron']);
  const direct = runtimeImports()
    .filter(({ from, to }) => shells.has(from) && LAYERS[to] === 2)
    .map(({ file, spec, to }) => `${file} imports ${spec} (${to})`);
  assert.deepEqual(direct, []);
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
