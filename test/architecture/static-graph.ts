import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** Static `import … from` / `export … from` / bare `import '…'`; not `import()`. */
const STATIC_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/**
 * The compiled files (each with the file that first imports it, null for a root) and packages
 * reachable by static imports from the roots: what loading them loads before any code runs.
 * The compiled JavaScript, so type-only imports are gone.
 */
export function staticGraph(roots: readonly string[]): {
  files: Map<string, string | null>;
  packages: Map<string, string>;
} {
  const files = new Map<string, string | null>(roots.map((root) => [root, null]));
  const packages = new Map<string, string>();
  const queue = [...roots];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = match[1] ?? match[2];
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!files.has(target)) {
          files.set(target, file);
          queue.push(target);
        }
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!packages.has(name)) packages.set(name, file);
      }
    }
  }
  return { files, packages };
}

/** "cli/main.js → cli/commands/x.js → …" for a failure message that shows where to cut. */
export function importChain(base: string, files: Map<string, string | null>, last: string | null): string {
  const steps: string[] = [];
  for (let file = last; file !== null && file !== undefined; file = files.get(file) ?? null) {
    steps.unshift(relative(base, file));
  }
  return steps.join(' → ');
}
