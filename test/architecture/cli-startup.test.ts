import assert from 'node:assert/strict';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importChain, staticGraph } from './static-graph.js';

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

function startupGraph(from = entry) {
  return staticGraph([from]);
}

const chain = (files: Map<string, string | null>, last: string | null) =>
  importChain(compiledMain, files, last);

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

test('the operation table loads no domain handlers until an operation of that domain runs', async () => {
  const { DOMAIN_HANDLERS } = await import('../../main/app/domain-handlers.js');
  const { files } = startupGraph(resolve(compiledMain, 'app', 'create-api.js'));
  // Every domain's module, read from its loader's `import('…')`, must stay out of the static graph.
  const modules = DOMAIN_HANDLERS.map((domain) => {
    const spec = /import\(['"]([^'"]+)['"]\)/.exec(domain.load.toString())?.[1];
    assert.ok(spec, `domain ${domain.domain} loads its handlers with import('…')`);
    return resolve(compiledMain, 'app', spec);
  });
  const eager = modules.filter((file) => files.has(file)).map((file) => chain(files, file));
  assert.deepEqual(eager, []);
});
