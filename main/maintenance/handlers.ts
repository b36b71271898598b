import { z } from 'zod';
import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers } from '../contract/index.js';
import { createBackup } from './backup.js';
import { runDoctor } from './doctor.js';
import { exportVersion } from './export-version.js';
import { importVersion } from './import-version.js';

type Names = 'maintenance.doctor' | 'maintenance.backup' | 'versions.export' | 'versions.import';

const file = z.string().trim().min(1);

export function maintenanceHandlers(context: ApiContext): DomainHandlers<Names> {
  const { workspace, manager } = context;
  return {
    'maintenance.doctor': defineOperation(
      'maintenance.doctor',
      z.strictObject({
        repair: z.boolean().optional(),
        staleRunAfterMs: z.number().int().min(0).optional(),
        minAgeMs: z.number().int().min(0).optional(),
      }),
      (options) => runDoctor(workspace, options),
    ),
    'maintenance.backup': defineOperation(
      'maintenance.backup',
      z.strictObject({ file }),
      ({ file: target }) => createBackup(workspace, target),
    ),
    'versions.export': defineOperation(
      'versions.export',
      z.strictObject({
        model: z.string().min(1),
        version: z.number().int().min(1),
        file,
        includeDataset: z.boolean().optional(),
      }),
      ({ model, version, file: target, includeDataset }) =>
        exportVersion(workspace, manager.versionStore.get(model, version), target, {
          includeDataset: includeDataset ?? true,
        }),
    ),
    // importVersion refuses in prod itself: a version reaches prod only by release.
    'versions.import': defineOperation(
      'versions.import',
      z.strictObject({ file, model: z.string().min(1).optional() }),
      ({ file: source, model }) => importVersion(workspace, source, { modelName: model }),
    ),
  };
}
