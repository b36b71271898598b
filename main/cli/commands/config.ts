import type { Command } from 'commander';
import { runPlain, selectedWorkspace } from '../context.js';
import { formatTable, print, printJson } from '../output.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('The effective configuration');
  config
    .command('show')
    .description('Every setting with its value (secrets redacted) and the layer it came from')
    .option('--json', 'print {settings: [{key, value, source, secret}], files} as JSON')
    .action(async (_options: unknown, command: Command) => {
      await runPlain(command, async (json) => {
        const { loadConfig, redactConfig, SECRET_KEYS } = await import('../../config/index.js');
        const loaded = loadConfig();
        const selected = await selectedWorkspace(command, loaded);
        const redacted = redactConfig(loaded.config) as Record<string, Record<string, unknown>>;
        const settings = Object.entries(redacted).flatMap(([section, values]) =>
          Object.entries(values).map(([key, value]) => {
            const dotted = `${section}.${key}`;
            return {
              key: dotted,
              value,
              source: describeSource(loaded.sources[dotted], loaded.files.base),
              secret: SECRET_KEYS.has(dotted),
            };
          }),
        );
        if (json) {
          printJson({
            settings,
            files: loaded.files,
            environment: selected.environment,
            workspace: selected.dir,
          });
          return;
        }
        print(
          formatTable(
            ['key', 'value', 'from'],
            settings.map((setting) => [
              setting.key,
              JSON.stringify(setting.value) ?? '(unset)',
              setting.source,
            ]),
          ),
        );
        print();
        print(`Environment: ${selected.environment} (workspace ${selected.dir})`);
        print(`Defaults: ${loaded.files.base}`);
        print(
          `Local overrides: ${loaded.files.local ?? 'none (create config.local.yaml here, git-ignored, for secrets)'}`,
        );
      });
    });
}

function describeSource(source: string | undefined, base: string): string {
  if (source === undefined) return 'unset';
  if (source === base) return 'default (config.yaml)';
  if (source.startsWith('env:')) return `environment (${source.slice(4)})`;
  return `local (${source})`;
}
