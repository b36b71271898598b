import type { Clock } from '../common/clock.js';
import { sha256 } from '../common/files.js';
import { type PodiumConfig, redactConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import { stringifyModelConfig } from '../training/index.js';
import type { ModelConfig, SplitConfig } from '../training/types.js';
import type { CodeVersion } from './code-version.js';

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

type RunLineageRow = {
  run_id: string;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  podium_version: string;
  config_sha256: string;
  model_config_sha256: string;
  dataset_id: string | null;
  split_json: string;
  seeds_json: string;
  library_versions_json: string;
  backend: string;
  recorded_at: string;
};

/**
 * Stores what produced a training run. Recording twice for one run replaces the first record:
 * the latest call describes the run as it finished.
 */
export function recordRunLineage(db: Db, runId: string, input: RunLineageInput, clock: Clock): RunLineage {
  db.prepare(
    `INSERT OR REPLACE INTO run_lineage (run_id, git_commit, git_branch, git_dirty, podium_version,
       config_sha256, model_config_sha256, dataset_id, split_json, seeds_json, library_versions_json,
       backend, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    input.code.git_commit,
    input.code.git_branch,
    input.code.git_dirty === null ? null : Number(input.code.git_dirty),
    input.code.podium_version,
    configHash(input.config),
    sha256(stringifyModelConfig(input.modelConfig)),
    input.datasetId,
    JSON.stringify(input.split),
    JSON.stringify(input.seeds),
    JSON.stringify(input.libraryVersions),
    input.backend,
    clock.now().toISOString(),
  );
  return getRunLineage(db, runId)!;
}

export function getRunLineage(db: Db, runId: string): RunLineage | null {
  const row = db.prepare('SELECT * FROM run_lineage WHERE run_id = ?').get(runId) as
    | RunLineageRow
    | undefined;
  if (!row) return null;
  return {
    runId: row.run_id,
    code: {
      git_commit: row.git_commit,
      git_branch: row.git_branch,
      git_dirty: row.git_dirty === null ? null : row.git_dirty === 1,
      podium_version: row.podium_version,
    },
    configSha256: row.config_sha256,
    modelConfigSha256: row.model_config_sha256,
    datasetId: row.dataset_id,
    split: JSON.parse(row.split_json) as SplitLineage,
    seeds: JSON.parse(row.seeds_json) as Record<string, number>,
    libraryVersions: JSON.parse(row.library_versions_json) as Record<string, string>,
    backend: row.backend,
    recordedAt: row.recorded_at,
  };
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
