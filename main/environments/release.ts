import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempPathFor } from '../common/files.js';
import { redactSecretValues } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { ReleaseView } from '../contract/index.js';
import type { AuditLog } from '../lifecycle/index.js';
import { type ExportStores, exportVersion, type ImportStores, importVersion } from '../maintenance/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import type { ReleaseStore } from './release-store.js';

export type { ReleaseRecord } from './release-store.js';

/** What a release did: the contract's `ReleaseView` (the version as prod numbers it; prod keeps its own sequence). */
export type ReleaseReport = ReleaseView;

/** What a release writes into prod: the imported version, its release record and audit entry. */
export type ReleaseTargetStores = ImportStores & { releases: ReleaseStore; audit: AuditLog };

/**
 * The one way a version reaches prod: the dev package (checked against its registered hash),
 * its lineage and its training dataset snapshot are written as a portable archive inside the
 * prod workspace, which import then verifies entry by entry before placing the package under
 * a temporary name and renaming it. The version row, its run and lineage, the release record
 * and the audit entry are one transaction on the prod side; a refused or failed release leaves
 * nothing registered and no files behind. Nothing is shared: prod holds its own copies. The new
 * prod version is a challenger; it becomes champion only by promote (and approval).
 */
export async function releaseVersion(input: {
  source: Workspace;
  target: Workspace;
  /** Each workspace's own stores: the export reads dev's, the import and the record write prod's. */
  stores: { source: ExportStores; target: ReleaseTargetStores };
  version: ModelVersion;
  actor: string;
  reason?: string;
}): Promise<ReleaseReport> {
  const { source, target, version, actor } = input;
  const { releases, audit } = input.stores.target;
  if (target.environment !== 'prod' || source.environment === target.environment) {
    throw new PodiumError(
      'USAGE',
      `A release goes from dev to prod; this would go from ${source.environment} to ${target.environment}`,
      { from: source.environment, to: target.environment },
    );
  }
  const earlier = releases.earlierRelease(source.id, version.modelName, version.packageSha256);
  if (earlier) {
    throw new PodiumError(
      'CONFLICT',
      `${version.modelName} v${version.version} (package ${version.packageSha256.slice(0, 12)}) was already released to ${target.environment} as v${earlier.version} at ${earlier.createdAt}; nothing was copied`,
      { model: version.modelName, version: version.version, released_as: earlier.version },
    );
  }
  const reason = redactSecretValues(
    input.reason ?? `released from ${source.environment} v${version.version}`,
    target.config,
  );
  const archive = tempPathFor(join(target.paths.models, 'release.tgz'));
  let auditId = 0;
  try {
    const exported = await exportVersion(source, input.stores.source, version, archive);
    const sourceName = `${source.environment} ${version.modelName} v${version.version}`;
    const imported = await importVersion(target, input.stores.target, archive, {
      release: {
        sourceName,
        cause: { actor, reason: `release from ${sourceName}: ${reason}` },
        onRegistered: (registered) => {
          releases.record({
            versionId: registered.id,
            sourceEnvironment: source.environment,
            sourceWorkspaceId: source.id,
            sourceWorkspacePath: source.paths.root,
            sourceModel: version.modelName,
            sourceVersion: version.version,
            sourcePackageSha256: exported.packageSha256,
            packageSha256: registered.packageSha256,
            actor,
            reason,
            createdAt: target.clock.now().toISOString(),
          });
          auditId = audit.record({
            action: 'release',
            modelName: registered.modelName,
            fromVersion: null,
            toVersion: registered.version,
            decisionId: null,
            actor,
            reason,
            details: {
              source_environment: source.environment,
              source_workspace_id: source.id,
              source_version: version.version,
              source_package_sha256: exported.packageSha256,
              package_sha256: registered.packageSha256,
            },
          });
        },
      },
    });
    target.logger.info(
      { model: imported.model, version: imported.version, source_version: version.version, actor },
      'version released',
    );
    return {
      model: imported.model,
      environment: target.environment,
      version: imported.version,
      stage: imported.stage,
      packageSha256: imported.packageSha256,
      source: {
        environment: source.environment,
        workspaceId: source.id,
        workspace: source.paths.root,
        version: version.version,
        packageSha256: exported.packageSha256,
      },
      datasetIncluded: imported.datasetIncluded,
      auditId,
    };
  } finally {
    await rm(archive, { force: true });
  }
}
