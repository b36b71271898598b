import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import { modelRefs } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { createBackup } from './backup.js';
import { runDoctor } from './doctor.js';
import { type ExportStores, exportVersion } from './export-version.js';
import { type ImportStores, importVersion } from './import-version.js';
import type { StoredPathStore } from './stored-path-store.js';

type Names =
  | 'maintenance.doctor'
  | 'maintenance.backup'
  | 'versions.export'
  | 'versions.import'
  | 'versions.importMlflow';

export function maintenanceHandlers(context: {
  workspace: Workspace;
  stores: ExportStores & ImportStores & { storedPaths: StoredPathStore };
}): DomainHandlers<Names> {
  const { workspace, stores } = context;
  const refs = modelRefs(stores.versions, workspace);
  return {
    'maintenance.doctor': defineOperation('maintenance.doctor', (options) =>
      runDoctor(workspace, stores, options),
    ),
    'maintenance.backup': defineOperation('maintenance.backup', ({ file: target }) =>
      createBackup(workspace, stores, target),
    ),
    'versions.export': defineOperation(
      'versions.export',
      async ({ model, version, file: target, includeDataset, format }) => {
        const chosen = refs.version({ model, version }, 'champion');
        if (format === 'onnx' || format === 'mlflow') {
          // ONNX (protobufjs) loads for an ONNX or MLflow export, not with every API.
          const { exportPortable } = await import('../interop/onnx/index.js');
          const written = await exportPortable(chosen, target, format);
          return {
            ...written,
            format,
            model: chosen.modelName,
            version: chosen.version,
            packageSha256: chosen.packageSha256,
            datasetIncluded: false,
          };
        }
        return exportVersion(workspace, stores, chosen, target, { includeDataset: includeDataset ?? true });
      },
    ),
    // importVersion refuses in prod itself: a version reaches prod only by release.
    'versions.import': defineOperation('versions.import', ({ file: source, model }) =>
      importVersion(workspace, stores, source, { modelName: model }),
    ),
    'versions.importMlflow': defineOperation(
      'versions.importMlflow',
      async ({ directory, model, data, target }) => {
        const { importMlflowModel } = await import('../interop/mlflow/index.js');
        return importMlflowModel(workspace, stores, directory, {
          modelName: model,
          ...(data === undefined ? {} : { data }),
          ...(target === undefined ? {} : { target }),
        });
      },
    ),
  };
}
