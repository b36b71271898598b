import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * What `podium` loads before it knows the command: the static imports reachable from the CLI's
 * entry (the compiled JavaScript, where type-only imports are gone). Every command registers its
 * options from light modules and imports its handler's dependencies (the operation table, the
 * contract's schemas, the workspace, servers) with `await import()` when it runs, so `--help`,
 * `--version` and a typo pay for commander alone (issue 16).
 */
const here = dirname(fileURLToPath(import.meta.url));
const compiledMain = resolve(here, '..', '..', 'main');
const entry = resolve(compiledMain, 'cli', 'main.js');

/** Static `import … from` / `export … from` / bare `import '…'`; not `import()`. */
const STATIC_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function startupGraph(): { files: Map<string, string | null>; packages: Map<string, string> } {
  const files = new Map<string, string | null>([[entry, null]]);
  const packages = new Map<string, string>();
  const queue = [entry];
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
function chain(files: Map<string, string | null>, last: string | null): string {
  const steps: string[] = [];
  for (let file = last; file !== null && file !== undefined; file = files.get(file) ?? null) {
    steps.unshift(relative(compiledMain, file));
  }
  return steps.join(' → ');
}

test('podium starts with commander as its only package: every other library loads when a command runs', () => {
  const { files, packages } = startupGraph();
  const unexpected = [...packages]
    .filter(([name]) => name !== 'commander')
    .map(([name, file]) => `${name} via ${chain(files, file)}`);
  assert.deepEqual(unexpected, []);
});

test('podium starts without the contract schemas, the config, the workspace, the app or a domain', () => {
  const { files } = startupGraph();
  // What registering the commands may load: the CLI itself, the contract's plain types and data
  // (not its zod schemas), pure helpers, the constants help texts print, and what a command needs
  // to start its operation's worker thread while the domains load: the app's table of worker
  // scripts and each script's URL (`<domain>/<task>-worker-url.js`, which imports nothing). The
  // first test keeps any of them from pulling in a library.
  const light = [
    /^cli\//,
    /^[a-z]+\/[a-z-]+-worker-url\.js$/,
    /^contract\/(?!schemas\/)/,
    /^common\//,
    /^workspace\/environment\.js$/,
    /^app\/shadow-check-interval\.js$/,
    /^app\/warm-operation-worker\.js$/,
    /^server\/default-ui-port\.js$/,
  ];
  const heavy = [...files.keys()]
    .map((file) => relative(compiledMain, file))
    .filter((path) => !light.some((pattern) => pattern.test(path)))
    .map((path) => chain(files, resolve(compiledMain, path)));
  assert.deepEqual(heavy, []);
});
