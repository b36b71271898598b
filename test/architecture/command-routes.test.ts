import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importChain, staticGraph } from './static-graph.js';

/**
 * What a heavy command loads on the main thread before its work starts (issue 16): the CLI, the
 * modules `runWithClient` imports when the command runs (config, workspace, the API, the local
 * client), and the handler module of the operation's domain, each with everything it imports
 * statically. Its worker, and what a handler imports with `await import()` for other operations,
 * are not on this route. The route must stay clear of what the command does not run, so a
 * barrel import or a value import of a heavy file cannot silently bring them back.
 */
const here = dirname(fileURLToPath(import.meta.url));
const compiledMain = resolve(here, '..', '..', 'main');
const at = (path: string) => resolve(compiledMain, path);

const ROUTES = [
  { command: 'podium drift --data', operation: 'drift.check' },
  { command: 'podium data add', operation: 'data.ingestFile' },
  { command: 'podium predict', operation: 'predict.file' },
  { command: 'podium data list', operation: 'data.list' },
] as const;

/** Kept off every route above; each line says what loads it when it is needed. */
const NOT_ON_ROUTE: { pattern: RegExp; why: string }[] = [
  { pattern: /^scheduler\/(?!job-run-store\.js$|lease-lock\.js$)/, why: 'the scheduler: on its first use' },
  { pattern: /^environments\/(index|release)\.js$/, why: 'a release to prod: its domain' },
  {
    pattern:
      /^lifecycle\/(index|candidate-trainer|train-and-register|cycle|evaluate-challenger|model-comparison|register-version)\.js$/,
    why: 'training, evaluation and the cycle: the manager methods that run them',
  },
  { pattern: /^training\/(?!package-files\.js$)/, why: 'the model families: training and the workers' },
  { pattern: /^(features|onnx-graph|interop)\//, why: 'features and ONNX: the workers' },
  { pattern: /^maintenance\/(?!stored-path-store\.js$)/, why: 'backup, doctor, export: their domain' },
  {
    pattern: /^serving\/(?!service-store\.js$|traffic-store\.js$|service-id\.js$)/,
    why: 'serving, the gateway, deploy manifests: a serving session or their domain',
  },
  {
    pattern:
      /^monitoring\/(monitor-report|live-loss-estimate|cycle-checks|estimate-file|performance\/|multivariate\/(?!reference-sample-file\.js$)|drift\/(?!reference\.js$|sorted-sample\.js$))/,
    why: 'the monitoring report, estimates and the drift statistics: their operation or the drift worker',
  },
  {
    pattern: /^lineage\/(index|reproduce|reproduce-script|write-predictions)\.js$/,
    why: 'reproduction; the predict worker',
  },
  {
    pattern: /^data\/(index|columnar-ingest|export-snapshot|ingest-csv|load-table)\.js$|^data\/columnar\//,
    why: 'the columnar reader and exports: the ingest worker, small files or data.export',
  },
];
const WORKER_URL = /^[a-z-]+\/[a-z-]+-worker-url\.js$/;
const PACKAGES_NOT_ON_ROUTE = [
  'node-schedule',
  'cron-parser',
  'tar-stream',
  'onnx-proto',
  'onnxruntime-node',
  'csv-stringify',
  '@duckdb/node-api',
  'apache-arrow',
  '@tensorflow/tfjs',
  'fastify',
  'dockerode',
];

/** The modules `runWithClient` imports once a command runs, read from its `import('…')`s. */
function commandTimeImports(): string[] {
  const context = at('cli/context.js');
  const specs = [...readFileSync(context, 'utf8').matchAll(/import\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
  assert.ok(specs.length > 0, 'cli/context.js imports the API when a command runs');
  return [...new Set(specs)].map((spec) => resolve(dirname(context), spec));
}

/** The handler module the operation table loads for the operation's domain. */
async function domainModule(operation: string): Promise<string> {
  const { DOMAIN_HANDLERS } = await import('../../main/app/domain-handlers.js');
  const domain = DOMAIN_HANDLERS.find((entry) => (entry.operations as readonly string[]).includes(operation));
  assert.ok(domain, `a domain handles ${operation}`);
  const spec = /import\(['"]([^'"]+)['"]\)/.exec(domain.load.toString())?.[1];
  assert.ok(spec, `domain ${domain.domain} loads its handlers with import('…')`);
  return resolve(compiledMain, 'app', spec);
}

for (const { command, operation } of ROUTES) {
  test(`${command} (${operation}) loads none of what it does not run before its work starts`, async () => {
    const { files, packages } = staticGraph([
      at('cli/main.js'),
      ...commandTimeImports(),
      await domainModule(operation),
    ]);
    const loaded = [...files.keys()].map((file) => relative(compiledMain, file));
    // The route is what it claims: the CLI, the API and the domain's handlers are on it.
    for (const expected of ['cli/main.js', 'app/create-api.js', 'app/local-client.js', 'config/index.js']) {
      assert.ok(loaded.includes(expected), `${expected} is on the route`);
    }
    const offending = loaded.flatMap((path) => {
      // A worker's URL, one constant with no imports (cli-startup.test.ts keeps them so): the
      // command warms its worker thread with it before anything else loads.
      if (WORKER_URL.test(path)) return [];
      const rule = NOT_ON_ROUTE.find(({ pattern }) => pattern.test(path));
      return rule ? [`${importChain(compiledMain, files, at(path))} (${rule.why})`] : [];
    });
    assert.deepEqual(offending, []);
    const libraries = PACKAGES_NOT_ON_ROUTE.filter((name) => packages.has(name)).map(
      (name) => `${name} via ${importChain(compiledMain, files, packages.get(name) ?? null)}`,
    );
    assert.deepEqual(libraries, []);
  });
}
