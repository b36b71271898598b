/** Registry safety: doctor, backup and restore, and portable export/import of one version. */
export {
  type ArchiveLimits,
  type ExtractedFile,
  extractArchive,
  IMPORT_LIMITS,
  RESTORE_LIMITS,
} from './archive-reader.js';
export { ArchiveWriter, type FileHashes, writeArchive } from './archive-writer.js';
export { type BackupManifest, type BackupReport, createBackup } from './backup.js';
export {
  DEFAULT_MIN_AGE_MS,
  DEFAULT_STALE_RUN_AFTER_MS,
  type DoctorOptions,
  type DoctorReport,
  type Finding,
  type FindingCheck,
  runDoctor,
} from './doctor.js';
export { type ExportReport, type ExportStores, exportVersion } from './export-version.js';
export { type ImportOptions, type ImportReport, type ImportStores, importVersion } from './import-version.js';
export { maintenancePaths, RESTORE_SNAPSHOT_PREFIX } from './layout.js';
export {
  listPreviousStates,
  type PreviousState,
  type UndoReport,
  undoRestore,
} from './previous-states.js';
export { type RestoreReport, restoreBackup } from './restore.js';
export { STORED_PATH_COLUMNS, StoredPathStore } from './stored-path-store.js';
