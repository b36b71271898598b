import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

/** Where a prod version came from: the dev workspace, model, version and package it was copied from. */
export type ReleaseRecord = {
  version: number;
  sourceEnvironment: string;
  sourceWorkspaceId: string;
  sourceVersion: number;
  sourcePackageSha256: string;
  packageSha256: string;
  actor: string;
  reason: string;
  createdAt: string;
};

export type NewRelease = Omit<ReleaseRecord, 'version'> & {
  versionId: number;
  sourceWorkspacePath: string;
  sourceModel: string;
};

/** The releases a prod workspace received, one per dev package. */
export class ReleaseStore {
  constructor(private readonly db: Db) {}

  /** The earlier release of this exact dev package, if it was released already. */
  earlierRelease(
    sourceWorkspaceId: string,
    sourceModel: string,
    sourcePackageSha256: string,
  ): { createdAt: string; version: number } | null {
    const row = prepared(
      this.db,
      `SELECT r.created_at, v.version FROM releases r JOIN model_versions v ON v.id = r.version_id
       WHERE r.source_workspace_id = ? AND r.source_model = ? AND r.source_package_sha256 = ?`,
    ).get(sourceWorkspaceId, sourceModel, sourcePackageSha256) as
      | { created_at: string; version: number }
      | undefined;
    return row ? { createdAt: row.created_at, version: row.version } : null;
  }

  record(release: NewRelease): void {
    prepared(
      this.db,
      `INSERT INTO releases (version_id, source_environment, source_workspace_id, source_workspace_path,
         source_model, source_version, source_package_sha256, package_sha256, actor, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      release.versionId,
      release.sourceEnvironment,
      release.sourceWorkspaceId,
      release.sourceWorkspacePath,
      release.sourceModel,
      release.sourceVersion,
      release.sourcePackageSha256,
      release.packageSha256,
      release.actor,
      release.reason,
      release.createdAt,
    );
  }

  /** Where a prod version came from, or null when it did not arrive by release. */
  releaseOf(modelName: string, version: number): ReleaseRecord | null {
    const row = prepared(
      this.db,
      `SELECT v.version, r.source_environment, r.source_workspace_id, r.source_version, r.source_package_sha256,
         r.package_sha256, r.actor, r.reason, r.created_at
       FROM releases r JOIN model_versions v ON v.id = r.version_id WHERE v.model_name = ? AND v.version = ?`,
    ).get(modelName, version) as Record<string, string | number> | undefined;
    if (!row) return null;
    return {
      version: Number(row.version),
      sourceEnvironment: String(row.source_environment),
      sourceWorkspaceId: String(row.source_workspace_id),
      sourceVersion: Number(row.source_version),
      sourcePackageSha256: String(row.source_package_sha256),
      packageSha256: String(row.package_sha256),
      actor: String(row.actor),
      reason: String(row.reason),
      createdAt: String(row.created_at),
    };
  }
}
