export { type BaseImage, ensureBaseImage, LOCAL_BASE_REPOSITORY, sharedLibraries } from './base-image.js';
export { DockerRuntime, type DockerRuntimeOptions, type PreparedImages } from './docker-runtime.js';
export { DockerService, demuxLogs, type ServiceStats, toServiceState } from './docker-service.js';
export {
  createDockerClient,
  type DockerAvailability,
  type DockerConnection,
  isDockerAvailable,
} from './engine.js';
export { containerLabels, LABEL, specFromLabels, workspaceFilter } from './labels.js';
export { ensureModelImage, type ModelImage, modelImageRef } from './model-image.js';
export { EXCLUDED_FROM_IMAGE, type ProductionModule, productionModules } from './production-modules.js';
export {
  DEPENDENCIES_REPOSITORY,
  ensureRuntimeImage,
  RUNTIME_REPOSITORY,
  type RuntimeImage,
} from './runtime-image.js';
