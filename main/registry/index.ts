export { type ModelRefs, modelCatalog, modelRefs } from './model-refs.js';
export {
  MANIFEST_FILE,
  MODEL_CONFIG_FILE,
  type PackageManifest,
  type PackageState,
  packageState,
  REFERENCE_PROFILE_FILE,
  readManifest,
  verifyPackage,
  writeModelPackage,
} from './package.js';
export { packageDetails } from './package-details.js';
export {
  type ModelSummary,
  type ModelVersion,
  type Stage,
  type Transition,
  type TransitionCause,
  VersionStore,
} from './versions.js';
