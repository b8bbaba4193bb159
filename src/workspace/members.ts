import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Dependency } from '../cargo/summary.js';
import { type Location, UserError } from '../errors.js';
import { normalizePath, pathStartsWith } from '../manifest/paths.js';
import type { WorkspaceRootConfig } from '../manifest/workspace-config.js';
import { findWorkspaceRoot } from './discover.js';
import type { ManifestLoader } from './loader.js';
import { expandMemberPaths, isExcluded, manifestIn } from './membership.js';

export interface MemberSet {
  /** Member manifest paths in cargo's order (a virtual root's own path included, as cargo does). */
  members: string[];
  defaultMembers: string[];
}

/**
 * cargo's `find_members` (cargo 1.95, src/workspace/workspace.rs), whose insertion order is the
 * order `Workspace::members()` yields and hence the order the resolver activates members in
 * (`resolve_with_registry` passes `ws.members_with_features()` to `resolver::resolve`, which
 * activates the summaries in turn):
 *
 * 1. each `members` entry in list order (a glob's matches in sorted path order), each followed
 *    depth-first by its `path` dependencies, in the package's dependency order, that live under
 *    the root directory (or that point back at this root) and are not excluded;
 * 2. then the root manifest itself, followed the same way by its path dependencies.
 *
 * A package reached twice keeps its first position.
 */
export function findMembers(loader: ManifestLoader, root: WorkspaceRootConfig, currentManifest: string): MemberSet {
  const members = new Set<string>();
  const rootDoc = loader.doc(root.manifestPath);

  const visit = (manifestPath: string, isPathDep: boolean, missing: () => UserError): void => {
    const m = normalizePath(manifestPath);
    if (members.has(m)) return;
    if (!existsSync(m)) throw missing();
    if (
      isPathDep &&
      !pathStartsWith(path.dirname(m), root.rootDir) &&
      findWorkspaceRoot(loader, m) !== root.manifestPath
    ) {
      return;
    }
    if (isExcluded(root, m)) return;
    members.add(m);
    const manifest = loader.load(m);
    if (manifest.kind !== 'package') return;
    for (const dep of manifest.summary.dependencies) {
      if (dep.source.kind !== 'path') continue;
      const target = manifestIn(dep.source.url);
      visit(target, true, () => missingDependency(dep, target));
    }
  };

  const listed = expandMemberPaths(root, root.members ?? []);
  for (const entry of listed) {
    const target = path.join(entry.dir, 'Cargo.toml');
    visit(target, false, () => {
      const via = entry.glob ? ` via \`${entry.glob}\`` : '';
      return rootDoc.error(
        `failed to load manifest for workspace member \`${entry.dir}\` referenced${via} by workspace at \`${root.manifestPath}\`: failed to read \`${target}\`: No such file or directory`,
        ['workspace', 'members', entry.index],
      );
    });
  }
  visit(root.manifestPath, false, () => rootDoc.error(`failed to read \`${root.manifestPath}\``, []));

  return { members: [...members], defaultMembers: defaultMembers(loader, root, currentManifest, members, listed) };
}

function defaultMembers(
  loader: ManifestLoader,
  root: WorkspaceRootConfig,
  currentManifest: string,
  members: ReadonlySet<string>,
  listed: ReturnType<typeof expandMemberPaths>,
): string[] {
  // `default-members` only applies when cargo runs on the root manifest itself.
  if (currentManifest === root.manifestPath && root.defaultMembers) {
    const out: string[] = [];
    for (const entry of expandMemberPaths(root, root.defaultMembers)) {
      const dir = normalizePath(entry.dir);
      const manifestPath = path.join(dir, 'Cargo.toml');
      if (!members.has(manifestPath)) {
        // An excluded directory may be named, as long as `members` names it too.
        if (listed.some((l) => normalizePath(l.dir) === dir) && isExcluded(root, dir)) continue;
        const via = entry.glob ? ` via \`${entry.glob}\`` : '';
        throw loader
          .doc(root.manifestPath)
          .error(
            `package \`${entry.dir}\` is listed in default-members${via} but is not a member\nfor workspace at \`${root.manifestPath}\`.`,
            ['workspace', 'default-members', entry.index],
          );
      }
      out.push(manifestPath);
    }
    return out;
  }
  if (loader.load(root.manifestPath).kind === 'virtual' && currentManifest === root.manifestPath) return [...members];
  return [currentManifest];
}

export function missingDependency(dep: Dependency, manifestPath: string): UserError {
  return new UserError(
    `failed to load manifest for dependency \`${dep.nameInToml}\`: failed to read \`${manifestPath}\`: No such file or directory`,
    originLocation(dep, manifestPath),
  );
}

/** Where a dependency was declared, to blame a problem with its target on that line. */
export function originLocation(dep: Dependency, fallbackFile: string): Location {
  const o = dep.origin;
  return o?.kind === 'manifest' ? { file: o.file, line: o.line, keyPath: o.keyPath } : { file: fallbackFile };
}
