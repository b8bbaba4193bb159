import path from 'node:path';
import { UserError } from '../errors.js';
import type { WorkspaceRootConfig } from '../manifest/workspace-config.js';
import { findWorkspaceRoot } from './discover.js';
import type { ManifestLoader } from './loader.js';
import { expandMemberPaths } from './membership.js';

/**
 * cargo's `Workspace::validate` (cargo 1.95, src/workspace/workspace.rs), in its order: unique
 * member names, exactly one root among the members, every member agreeing on the root, and the
 * manifest cargo was pointed at being a member.
 */
export function validateWorkspace(
  loader: ManifestLoader,
  root: WorkspaceRootConfig,
  members: readonly string[],
  currentManifest: string,
): void {
  const rootFile = { file: root.manifestPath };
  const names = new Map<string, string>();
  for (const m of members) {
    const manifest = loader.load(m);
    if (manifest.kind !== 'package') continue;
    const prev = names.get(manifest.summary.name);
    if (prev !== undefined) {
      // Cargo names both files; the error points at the second one's name, one of the two lines to change.
      throw loader
        .doc(m)
        .error(`two packages named \`${manifest.summary.name}\` in this workspace:\n- ${prev}\n- ${m}`, [
          'package',
          'name',
        ]);
    }
    names.set(manifest.summary.name, m);
  }

  const roots = members.filter((m) => loader.workspaceConfig(m).kind === 'root').map((m) => path.dirname(m));
  if (roots.length === 0) {
    throw new UserError(
      `\`package.workspace\` configuration points to a crate which is not configured with [workspace]: \nconfiguration at: ${currentManifest}\npoints to: ${root.manifestPath}`,
      { file: currentManifest, keyPath: 'package.workspace' },
    );
  }
  if (roots.length > 1) {
    throw new UserError(
      `multiple workspace roots found in the same workspace:\n${roots.map((r) => `  ${r}`).join('\n')}`,
      rootFile,
    );
  }

  for (const m of members) {
    const found = findWorkspaceRoot(loader, m);
    if (found === root.manifestPath) continue;
    const message =
      found === undefined
        ? `workspace member \`${m}\` is not hierarchically below the workspace root \`${root.manifestPath}\``
        : `package \`${m}\` is a member of the wrong workspace\nexpected: ${root.manifestPath}\nactual:   ${found}`;
    // The line to change is the `members` entry that brought it in, when one did.
    const entry = expandMemberPaths(root, root.members ?? []).find((e) => path.join(e.dir, 'Cargo.toml') === m);
    throw entry
      ? loader.doc(root.manifestPath).error(message, ['workspace', 'members', entry.index])
      : new UserError(message, { file: m });
  }

  if (!members.includes(currentManifest)) {
    const rel = path.relative(root.rootDir, path.dirname(currentManifest));
    const rootManifest = loader.load(root.manifestPath);
    const hint =
      rootManifest.kind === 'package' && root.members === undefined
        ? `this may be fixable by ensuring that this crate is depended on by the workspace root: ${root.manifestPath}`
        : `this may be fixable by adding \`${rel}\` to the \`workspace.members\` array of the manifest located at: ${root.manifestPath}`;
    throw new UserError(
      `current package believes it's in a workspace when it's not:\ncurrent:   ${currentManifest}\nworkspace: ${root.manifestPath}\n\n${hint}\nAlternatively, to keep it out of the workspace, add the package to the \`workspace.exclude\` array, or add an empty \`[workspace]\` table to the package's manifest.`,
      { file: currentManifest },
    );
  }
}
