import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, parse as parseYamlScalar } from 'yaml';
import type { z } from 'zod';
import { closestKey } from '../common/closest-key.js';
import { PodiumError } from '../contract/errors.js';
import { configSchema, type PodiumConfig, SECRET_KEYS } from './schema.js';

type Plain = Record<string, unknown>;

/** Where each effective value came from, by dotted key: a file path or `env:NAME`. */
export type ConfigSources = Record<string, string>;

export type LoadedConfig = {
  config: PodiumConfig;
  sources: ConfigSources;
  files: { base: string; local: string | null };
};

export type LoadConfigOptions = {
  /** The committed defaults; by default the package's own config/config.yaml. */
  baseFile?: string;
  /** config.local.yaml; by default the first of ./config.local.yaml and ./config/config.local.yaml. */
  localFile?: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
};

/** PODIUM_* variables that are not config keys but select where and how Podium runs. */
const NON_CONFIG_VARIABLES = new Set([
  'PODIUM_WORKSPACE',
  'PODIUM_ENV',
  'PODIUM_SKIP_DOCKER',
  'PODIUM_TF_BACKEND',
  'PODIUM_CONFIG_LOCAL',
  'PODIUM_LOG_LEVEL',
  'PODIUM_PROMETHEUS_BIN',
]);

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const baseFile = options.baseFile ?? join(PACKAGE_ROOT, 'config', 'config.yaml');
  const localFile =
    options.localFile !== undefined ? options.localFile : findLocalFile(cwd, env.PODIUM_CONFIG_LOCAL);

  const merged: Plain = {};
  const sources: ConfigSources = {};
  mergeLayer(merged, sources, readYamlLayer(baseFile), baseFile);
  const envLayer = readEnvLayer(env);
  for (const [name, layer] of envLayer) mergeLayer(merged, sources, layer, `env:${name}`);
  if (localFile !== null) mergeLayer(merged, sources, readYamlLayer(localFile), localFile);

  const result = configSchema.safeParse(merged);
  if (!result.success) throw configError(result.error.issues, sources, baseFile);
  // The committed file travels with the repository; a secret there would too.
  for (const secret of SECRET_KEYS) {
    if (sources[secret] === baseFile) {
      throw new PodiumError(
        'CONFIG_INVALID',
        `${baseFile}: ${secret} is a secret and must not be in the committed config; put it in config.local.yaml (git-ignored) or ${envName(secret)}`,
        { file: baseFile, key: secret },
      );
    }
  }
  return { config: result.data, sources, files: { base: baseFile, local: localFile } };
}

function findLocalFile(cwd: string, explicit: string | undefined): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      throw new PodiumError('CONFIG_INVALID', `PODIUM_CONFIG_LOCAL names ${path}, which does not exist`, {
        file: path,
      });
    }
    return path;
  }
  for (const candidate of [join(cwd, 'config.local.yaml'), join(cwd, 'config', 'config.local.yaml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function readYamlLayer(file: string): Plain {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PodiumError('CONFIG_INVALID', `Cannot read config file ${file}: ${(error as Error).message}`, {
      file,
    });
  }
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first.linePos?.[0]?.line;
    throw new PodiumError(
      'CONFIG_INVALID',
      `${file}${line ? `:${line}` : ''}: not valid YAML (${first.message.split('\n')[0]})`,
      { file, line },
    );
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (!isPlain(value)) {
    throw new PodiumError('CONFIG_INVALID', `${file}: expected a mapping of sections at the top level`, {
      file,
    });
  }
  return value;
}

/**
 * Maps PODIUM_SECTION_KEY variables onto the schema's keys. Section and key names contain
 * underscores themselves (champion_challenger.max_metric_regression), so the split is found by
 * matching against the schema rather than by a separator convention.
 */
function readEnvLayer(env: NodeJS.ProcessEnv): [string, Plain][] {
  const layers: [string, Plain][] = [];
  const known = knownKeys();
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('PODIUM_') || NON_CONFIG_VARIABLES.has(name) || name.startsWith('PODIUM_SKIP_'))
      continue;
    const raw = env[name] ?? '';
    const path = known.find((key) => envName(key) === name);
    if (!path) {
      const hint = closestKey(name, known.map(envName));
      throw new PodiumError(
        'CONFIG_INVALID',
        `Environment variable ${name} does not name a config key${hint ? ` (did you mean ${hint}?)` : ''}`,
        { variable: name },
      );
    }
    const [section, key] = path.split('.');
    layers.push([name, { [section]: { [key]: parseEnvValue(raw) } }]);
  }
  return layers;
}

function parseEnvValue(raw: string): unknown {
  try {
    return parseYamlScalar(raw);
  } catch {
    return raw;
  }
}

function envName(dottedKey: string): string {
  return `PODIUM_${dottedKey.replace('.', '_').toUpperCase()}`;
}

function knownKeys(): string[] {
  const keys: string[] = [];
  for (const [section, schema] of Object.entries(configSchema.shape)) {
    for (const key of Object.keys((schema as z.ZodObject).shape)) keys.push(`${section}.${key}`);
  }
  return keys;
}

function mergeLayer(target: Plain, sources: ConfigSources, layer: Plain, origin: string, prefix = ''): void {
  for (const [key, value] of Object.entries(layer)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlain(value)) {
      if (!isPlain(target[key])) target[key] = {};
      mergeLayer(target[key] as Plain, sources, value, origin, path);
    } else {
      target[key] = value;
      sources[path] = origin;
    }
  }
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function configError(issues: z.core.$ZodIssue[], sources: ConfigSources, baseFile: string): PodiumError {
  const messages = issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => {
          const full = path === '' ? key : `${path}.${key}`;
          const origin = originOf(full, sources, baseFile);
          const siblings = path === '' ? Object.keys(configSchema.shape) : sectionKeys(path);
          const hint = closestKey(key, siblings);
          return `${origin}: ${full} is not a config key${hint ? ` (did you mean ${path === '' ? hint : `${path}.${hint}`}?)` : ''}`;
        })
        .join('\n');
    }
    const origin = originOf(path, sources, baseFile);
    return `${origin}: ${path || '(top level)'}: ${issue.message}`;
  });
  const message = `Invalid configuration:\n${messages.join('\n')}`;
  return new PodiumError('CONFIG_INVALID', message, { problems: messages });
}

function sectionKeys(section: string): string[] {
  const schema = (configSchema.shape as Record<string, z.ZodObject | undefined>)[section];
  return schema ? Object.keys(schema.shape) : [];
}

function originOf(path: string, sources: ConfigSources, baseFile: string): string {
  if (sources[path]) return sources[path];
  const nested = Object.keys(sources).find((key) => key.startsWith(`${path}.`));
  return nested ? sources[nested] : baseFile;
}

/** The effective config with secrets replaced, for `config show`, logs and exports. */
export function redactConfig(config: PodiumConfig): Plain {
  const copy = structuredClone(config) as unknown as Record<string, Plain>;
  for (const secret of SECRET_KEYS) {
    const [section, key] = secret.split('.');
    if (copy[section]?.[key] !== undefined) copy[section][key] = '***';
  }
  return copy;
}

/**
 * Free text a user typed (a reason, an actor name) with every configured secret value replaced,
 * before it is stored in a decision or the audit log: a token pasted by mistake stays out.
 */
export function redactSecretValues(text: string, config: PodiumConfig): string {
  let result = text;
  const values = config as unknown as Record<string, Record<string, unknown>>;
  for (const secret of SECRET_KEYS) {
    const [section, key] = secret.split('.');
    const value = values[section]?.[key];
    if (typeof value === 'string' && value.length > 0) result = result.split(value).join('***');
  }
  return result;
}
