export {
  defaultWorkspaceDir,
  openWorkspace,
  type Workspace,
  type WorkspacePaths,
  workspacePaths,
} from './workspace.js';
