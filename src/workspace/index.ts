export { loadWorkspace, workspaceRootDir } from './load.js';
export type {
  Edition,
  ManifestWarning,
  PatchEntry,
  Replacement,
  ResolverVersion,
  Workspace,
  WorkspacePackage,
} from './types.js';
