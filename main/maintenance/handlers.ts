import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs } from '../registry/index.js';
import { createBackup } from './backup.js';
import { runDoctor } from './doctor.js';
import { exportVersion } from './export-version.js';
import { importVersion } from './import-version.js';

type Names = 'maintenance.doctor' | 'maintenance.backup' | 'versions.export' | 'versions.import';

export function maintenanceHandlers(context: ApiContext): DomainHandlers<Names> {
  const { workspace, manager } = context;
  const refs = modelRefs(manager.versionStore, workspace.config);
  return {
    'maintenance.doctor': defineOperation('maintenance.doctor', (options) => runDoctor(workspace, options)),
    'maintenance.backup': defineOperation('maintenance.backup', ({ file: target }) =>
      createBackup(workspace, target),
    ),
    'versions.export': defineOperation(
      'versions.export',
      ({ model, version, file: target, includeDataset }) =>
        exportVersion(workspace, refs.version({ model, version }, 'champion'), target, {
          includeDataset: includeDataset ?? true,
        }),
    ),
    // importVersion refuses in prod itself: a version reaches prod only by release.
    'versions.import': defineOperation('versions.import', ({ file: source, model }) =>
      importVersion(workspace, source, { modelName: model }),
    ),
  };
}
