import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST_MAIN = fileURLToPath(new URL('../../main/', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every compiled module a file loads, following relative imports (type-only ones are erased). */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
    }
  };
  visit(entry);
  return new Set([...seen].map((file) => relative(DIST_MAIN, file)));
}

test('the Electron main process loads no core: no database, workspace, API table or session', () => {
  const loaded = importClosure(resolve(DIST_MAIN, 'electron/main.js'));
  assert.ok(loaded.has('app/core-host-client.js'), [...loaded].join('\n'));
  const core = [...loaded].filter(
    (file) =>
      /^(db|data|training|lifecycle|serving|scheduler|monitoring|registry|jobs|config)\//.test(file) ||
      ['app/create-api.js', 'app/ui-session.js', 'workspace/workspace.js', 'workspace/index.js'].includes(
        file,
      ),
  );
  assert.deepEqual(core, []);
});
