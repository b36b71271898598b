import type { Clock } from '../common/clock.js';
import { sha256 } from '../common/files.js';
import { type PodiumConfig, redactConfig } from '../config/index.js';
import { stringifyModelConfig } from '../training/index.js';
import type { ModelConfig, SplitConfig } from '../training/types.js';
import type { CodeVersion } from './code-version.js';
import type { RunLineageStore } from './run-lineage-store.js';

export type SplitLineage = {
  config: SplitConfig;
  /** Rows per part, when known (the trainer reports them). */
  sizes?: { train: number; validation: number; test: number };
};

/** Everything a caller knows about a finished training run, as plain values. */
export type RunLineageInput = {
  code: CodeVersion;
  /** The effective Podium config: hashed only after its secrets are redacted. */
  config: PodiumConfig;
  /** Hashed the way the package manifest hashes it (SHA-256 of the YAML text). */
  modelConfig: ModelConfig;
  datasetId: string | null;
  split: SplitLineage;
  seeds: Record<string, number>;
  libraryVersions: Record<string, string>;
  backend: string;
};

export type RunLineage = {
  runId: string;
  code: CodeVersion;
  configSha256: string;
  modelConfigSha256: string;
  datasetId: string | null;
  split: SplitLineage;
  seeds: Record<string, number>;
  libraryVersions: Record<string, string>;
  backend: string;
  recordedAt: string;
};

/**
 * Stores what produced a training run. Recording twice for one run replaces the first record:
 * the latest call describes the run as it finished.
 */
export function recordRunLineage(
  store: RunLineageStore,
  runId: string,
  input: RunLineageInput,
  clock: Clock,
): RunLineage {
  store.record({
    runId,
    code: input.code,
    configSha256: configHash(input.config),
    modelConfigSha256: sha256(stringifyModelConfig(input.modelConfig)),
    datasetId: input.datasetId,
    split: input.split,
    seeds: input.seeds,
    libraryVersions: input.libraryVersions,
    backend: input.backend,
    recordedAt: clock.now().toISOString(),
  });
  return store.get(runId)!;
}

/** Redact first, then hash a key-sorted rendering, so equal configs hash equal whatever their key order. */
export function configHash(config: PodiumConfig): string {
  return sha256(canonicalJson(redactConfig(config)));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
