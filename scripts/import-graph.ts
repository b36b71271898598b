import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layering of `main/`, read from the compiled JavaScript, where type-only imports are
 * already gone, so what is read is what runs (VS Code keeps its layers with such a check), and
 * from the TypeScript sources, where a type-only import still names the layer it depends on.
 * Shared by the layer test and the `layers` benchmark.
 */
export const LAYERS: Record<string, number> = {
  contract: 0,
  common: 1,
  db: 1,
  config: 1,
  workspace: 1,
  /** ONNX graph building, shared by the export (interop) and the ecd scorer (training). */
  'onnx-graph': 1,
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
  interop: 2,
  app: 3,
  demo: 3,
  cli: 4,
  server: 4,
  electron: 4,
};
export const LAYER_NAMES = ['contract', 'base', 'domain', 'app', 'shell'];

export type Import = { from: string; to: string; file: string; spec: string };

export function sourceFiles(dir: string, pattern: RegExp): string[] {
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

function moduleOf(root: string, file: string): string {
  return relative(root, file)
    .split(sep)[0]
    .replace(/\.[jt]s$/, '');
}

/** Every import from one `main/*` module to another in the files under `root` named like `pattern`. */
function moduleImports(root: string, pattern: RegExp): Import[] {
  const imports: Import[] = [];
  for (const file of sourceFiles(root, pattern)) {
    const from = moduleOf(root, file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(root + sep)) continue;
      const to = moduleOf(root, target);
      if (to !== from) imports.push({ from, to, file: relative(root, file), spec });
    }
  }
  return imports;
}

/** Every runtime import from one `main/*` module to another in the compiled JavaScript under `compiledMain`. */
export function runtimeImports(compiledMain: string): Import[] {
  return moduleImports(compiledMain, /\.js$/);
}

/**
 * Every import in the TypeScript sources under `sourceMain`, type-only ones included: a type
 * imported from a layer above is a dependency on it too, though the compiled code never loads it.
 */
export function sourceImports(sourceMain: string): Import[] {
  return moduleImports(sourceMain, /\.ts$/);
}

/** Strongly connected components of more than one module (Tarjan). */
export function cycles(imports: Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)?.add(to);
  }
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

/** Imports that go up a layer, in words. */
export function upwardImports(imports: Import[]): string[] {
  return imports
    .filter(({ from, to }) => (LAYERS[to] ?? 0) > (LAYERS[from] ?? 0))
    .map(
      ({ from, to, file, spec }) =>
        `${file} (${LAYER_NAMES[LAYERS[from]]}) imports ${spec} (${to}, ${LAYER_NAMES[LAYERS[to]]})`,
    );
}

/** Runtime imports from a shell (cli, server, electron) straight into a domain, in words. */
export function shellDomainImports(imports: Import[]): string[] {
  const shells = new Set(['cli', 'server', 'electron']);
  return imports
    .filter(({ from, to }) => shells.has(from) && LAYERS[to] === 2)
    .map(({ file, spec, to }) => `${file} imports ${spec} (${to})`);
}
