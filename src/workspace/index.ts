export { loadWorkspace } from './load.js';
export type { Workspace, WorkspacePackage, PatchEntry, Replacement, ManifestWarning, ResolverVersion, Edition } from './types.js';
