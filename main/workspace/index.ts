export { claimEnvironment } from './claim-environment.js';
export {
  approvalSettings,
  defaultWorkspaceDir,
  ENVIRONMENTS,
  type EnvironmentName,
  environmentConfig,
  environmentWorkspaceDir,
  isEnvironmentName,
  parseEnvironment,
} from './environment.js';
export {
  fromStoredPath,
  fromStoredPathOrNull,
  isInsideRoot,
  isStoredAbsolute,
  toStoredPath,
  toStoredPathOrNull,
} from './stored-path.js';
export {
  openWorkspace,
  type Workspace,
  type WorkspacePaths,
  workspacePaths,
} from './workspace.js';
