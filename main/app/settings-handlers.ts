import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { writeFileAtomic } from '../common/files.js';
import { loadConfig, redactConfig, SECRET_KEYS } from '../config/index.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { ConfigEntry, ConfigIssue, ConfigValue, Diagnostic, DomainHandlers } from '../contract/index.js';
import { assertSchedulerSettings } from '../scheduler/index.js';
import type { ApiContext } from './api-context.js';
import { reloadConfig } from './reload-config.js';

type Names = 'settings.config' | 'settings.validate' | 'settings.save' | 'settings.diagnostics';

const REDACTED = '***';

export function configHandlers(context: ApiContext): DomainHandlers<Names> {
  const { workspace } = context;
  const localSource = Object.values(workspace.configSources).find(
    (source) => source !== context.configFiles.base && !source.startsWith('env:'),
  );
  const editableFile = context.configFiles.local ?? localSource ?? join(context.cwd, 'config.local.yaml');
  const readEditable = () => readFile(editableFile, 'utf8').catch(() => '');

  /** Validates `yaml` as the local layer over the committed config and the environment. */
  const check = async (yaml: string): Promise<ConfigIssue[]> => {
    const folder = await mkdtemp(join(tmpdir(), 'podium-settings-'));
    const candidate = join(folder, 'config.local.yaml');
    try {
      await writeFile(candidate, yaml, 'utf8');
      const loaded = loadConfig({
        baseFile: context.configFiles.base,
        localFile: candidate,
        env: context.env,
        cwd: context.cwd,
      });
      // A cron the scheduler could not plan is refused here, naming its key, not found later.
      assertSchedulerSettings(loaded.config);
      return [];
    } catch (error) {
      if (!(error instanceof PodiumError)) throw error;
      const named = (text: string) => text.replaceAll(candidate, editableFile);
      const problems = Array.isArray(error.details?.problems) ? (error.details.problems as string[]) : null;
      const line = typeof error.details?.line === 'number' ? error.details.line : undefined;
      const key = typeof error.details?.key === 'string' ? error.details.key : '';
      if (!problems) return [{ key, message: named(error.message), ...(line ? { line } : {}) }];
      return problems.flatMap((problem) =>
        problem.split('\n').map((text) => ({ key: keyIn(text), message: named(text) })),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  };

  return {
    'settings.config': defineOperation('settings.config', async () => {
      const entries: ConfigEntry[] = flatten(redactConfig(workspace.config)).map(([key, value]) => {
        const source = workspace.configSources[key] ?? 'default';
        const layer: ConfigEntry['layer'] =
          source === 'default'
            ? 'default'
            : source === context.configFiles.base
              ? 'base'
              : source.startsWith('env:')
                ? 'env'
                : 'local';
        return { key, value: configValue(key, value), secret: SECRET_KEYS.has(key), source, layer };
      });
      return {
        entries,
        files: { base: context.configFiles.base, local: context.configFiles.local ?? localSource ?? null },
        editableFile,
        editableYaml: redactYaml(await readEditable()),
      };
    }),
    'settings.validate': defineOperation('settings.validate', async ({ yaml }) => {
      const issues = [...secretIssues(yaml, await readEditable()).issues, ...(await check(yaml))];
      return { valid: issues.length === 0, issues };
    }),
    'settings.save': defineOperation('settings.save', async ({ yaml }) => {
      const current = await readEditable();
      const secrets = secretIssues(yaml, current);
      if (secrets.issues.length > 0) {
        throw new PodiumError('CONFIG_INVALID', secrets.issues.map((i) => i.message).join('\n'), {
          field: secrets.issues[0].key,
          issues: secrets.issues,
        });
      }
      // Redacted placeholders mean "keep what the file has": the secret itself never crosses the bridge.
      const text = secrets.restore(yaml);
      const issues = await check(text);
      if (issues.length > 0) {
        throw new PodiumError('CONFIG_INVALID', `Not saved: ${issues.map((i) => i.message).join('\n')}`, {
          field: issues[0].key,
          issues,
        });
      }
      await writeFileAtomic(editableFile, text);
      const change = reloadConfig(workspace, {
        base: context.configFiles.base,
        local: editableFile,
        env: context.env,
        cwd: context.cwd,
        overrides: context.configOverrides,
      });
      context.logger.info(
        {
          file: editableFile,
          applied: change.applied,
          restartNeeded: change.restartNeeded.map((r) => r.key),
        },
        'settings saved',
      );
      return {
        file: editableFile,
        keys: flatten(parseDocument(text).toJS() ?? {}).map(([key]) => key),
        applied: change.applied,
        restartNeeded: change.restartNeeded,
      };
    }),
    'settings.diagnostics': defineOperation('settings.diagnostics', async () => ({
      checks: await diagnostics(context),
    })),
  };
}

function keyIn(problem: string): string {
  const match = /: ([a-z_]+\.[a-z_]+)(?::| is)/.exec(problem);
  return match ? match[1] : '';
}

/** The loaded config passed its schema, whose leaves are all of these: anything else is a bug here. */
function configValue(key: string, value: unknown): ConfigValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new PodiumError('INTERNAL', `Config key ${key} holds no plain value`, { key });
}

function flatten(value: unknown, prefix = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) =>
    flatten(inner, prefix === '' ? key : `${prefix}.${key}`),
  );
}

function secretValue(text: string, key: string): unknown {
  const document = parseDocument(text);
  return document.getIn(key.split('.'));
}

/** The file's text with every secret's value replaced by the placeholder. */
function redactYaml(text: string): string {
  if (text.trim() === '') return text;
  const document = parseDocument(text);
  if (document.errors.length > 0 || !isMap(document.contents))
    return '# (config.local.yaml could not be read as YAML)\n';
  for (const key of SECRET_KEYS) {
    const path = key.split('.');
    if (document.hasIn(path)) document.setIn(path, REDACTED);
  }
  return document.toString();
}

/**
 * A secret may stay in the local file (set there by hand) but is never typed into the app: a
 * secret key is accepted only with the placeholder, which keeps the file's current value.
 */
function secretIssues(
  yaml: string,
  current: string,
): { issues: ConfigIssue[]; restore: (text: string) => string } {
  const issues: ConfigIssue[] = [];
  const document = parseDocument(yaml);
  if (document.errors.length === 0) {
    for (const key of SECRET_KEYS) {
      const node = document.getIn(key.split('.'), true);
      if (node === undefined) continue;
      const value = isScalar(node) ? node.value : node;
      if (value !== REDACTED) {
        const variable = `PODIUM_${key.replace('.', '_').toUpperCase()}`;
        issues.push({
          key,
          message: `${key} is a secret: set it with the ${variable} environment variable (or by hand in config.local.yaml), not in the app`,
        });
      } else if (secretValue(current, key) === undefined) {
        issues.push({ key, message: `${key} has no stored value to keep; remove the ${REDACTED} line` });
      }
    }
  }
  return {
    issues,
    restore: (text) => {
      const out = parseDocument(text);
      // Text that is not YAML is left as it is: the schema check that follows names the problem.
      if (out.errors.length > 0) return text;
      for (const key of SECRET_KEYS) {
        const path = key.split('.');
        if (out.getIn(path) === REDACTED) out.setIn(path, secretValue(current, key));
      }
      return out.toString();
    },
  };
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The seed's checks: which tfjs backend trains, whether Docker answers, whether the ports are free. */
async function diagnostics(context: ApiContext): Promise<Diagnostic[]> {
  const { config } = context.workspace;
  const checks: Diagnostic[] = [];
  try {
    const { selectBackend } = await import('../training/backend.js');
    checks.push({ name: 'tfjs backend', status: 'ok', detail: await selectBackend() });
  } catch (error) {
    checks.push({ name: 'tfjs backend', status: 'failed', detail: (error as Error).message });
  }
  try {
    const { isDockerAvailable } = await import('../serving/docker/engine.js');
    const docker = await isDockerAvailable();
    checks.push({
      name: 'Docker engine',
      status: docker.ok ? 'ok' : 'warning',
      detail: docker.ok
        ? 'reachable'
        : `not reachable: ${docker.reason ?? 'unknown reason'} (the process runtime still works)`,
    });
  } catch (error) {
    checks.push({ name: 'Docker engine', status: 'warning', detail: (error as Error).message });
  }
  const serving = new Set(context.serving.runningModels().length > 0 ? [config.serving.port] : []);
  for (const [name, port] of [
    ['gateway port (serving.port)', config.serving.port],
    ['first service port (serving.service_port_start)', config.serving.service_port_start],
    ['app metrics port (monitoring.metrics_port)', config.monitoring.metrics_port],
  ] as const) {
    if (port === 0) continue;
    const free = await portFree(config.serving.host, port);
    checks.push({
      name,
      status: free || serving.has(port) ? 'ok' : 'warning',
      detail: free
        ? `${config.serving.host}:${port} is free`
        : `${config.serving.host}:${port} is in use${serving.has(port) ? ' (by services started here)' : ''}`,
    });
  }
  return checks;
}
