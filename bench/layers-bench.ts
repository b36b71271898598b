import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cycles, runtimeImports, shellDomainImports, upwardImports } from '../scripts/import-graph.js';

const COMPILED_MAIN = fileURLToPath(new URL('../main', import.meta.url));

/**
 * The structure's figures, read from the compiled JavaScript of this build (type-only imports
 * are gone there, so these are the imports that run): cycles between `main/*` modules, imports
 * that go up a layer, and shells (CLI commands above all) that reach into a domain directly.
 * The layer test asserts all three are zero; this section records them with the rest.
 */
export async function benchLayers(): Promise<string> {
  const imports = runtimeImports(COMPILED_MAIN);
  const modules = readdirSync(COMPILED_MAIN, { withFileTypes: true }).filter((e) => e.isDirectory());
  const found = cycles(imports);
  const largest = Math.max(0, ...found.map((cycle) => cycle.length));
  const commands = resolve(COMPILED_MAIN, 'cli', 'commands');
  const commandFiles = readdirSync(commands).filter((name) => name.endsWith('.js'));
  const fromCommands = shellDomainImports(imports).filter((line) => line.startsWith('cli/commands/'));
  const rows = [
    `| \`main/*\` modules | ${modules.length} | |`,
    `| runtime import cycles between them | ${found.length} (largest ${largest}) | 0 (was one cycle of 17 of 22 modules) |`,
    `| imports that go up a layer | ${upwardImports(imports).length} | 0 |`,
    `| CLI command files importing a domain directly | ${new Set(fromCommands.map((l) => l.split(' ')[0])).size} of ${commandFiles.length} | 0 (was 17 reaching into stores) |`,
    `| shell files (cli, server, electron) importing a domain directly | ${new Set(shellDomainImports(imports).map((l) => l.split(' ')[0])).size} | 0 |`,
  ];
  return [
    '## Layers: import cycles and the one front door',
    '',
    'Read from the compiled `dist/main` of the same build (`scripts/import-graph.ts`, shared with',
    '`test/architecture/layers.test.ts`).',
    '',
    '| figure | now | goal |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
