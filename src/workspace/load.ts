import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CargoConfig } from '../config/config.js';
import { UserError } from '../errors.js';
import { defaultResolver, type ResolverVersion } from '../manifest/edition.js';
import type { Manifest, PackageManifest } from '../manifest/manifest.js';
import { ancestorsOf, normalizePath } from '../manifest/paths.js';
import type { RegistryIndexes } from '../manifest/registries.js';
import type { WorkspaceConfig } from '../manifest/workspace-config.js';
import { findWorkspaceRoot } from './discover.js';
import { ManifestLoader } from './loader.js';
import { findMembers } from './members.js';
import { collectPathPackages } from './path-packages.js';
import type { Workspace, WorkspacePackage } from './types.js';
import { validateWorkspace } from './validate.js';

export interface LoadWorkspaceOptions {
  /**
   * Where `registry = "name"` points; by default cargo's configuration as cargo would read it
   * here (from the working directory upwards, not from `target`).
   */
  registries?: RegistryIndexes;
}

/**
 * The workspace containing `target` (a directory, searched upwards for a Cargo.toml as cargo does
 * from its working directory, or a Cargo.toml path as for `--manifest-path`), read the way
 * cargo 1.95's `Workspace::new` reads it (cargo 1.95, src/workspace/workspace.rs).
 */
export function loadWorkspace(target: string, options: LoadWorkspaceOptions = {}): Workspace {
  const current = currentManifest(target);
  const loader = new ManifestLoader(options.registries ?? CargoConfig.load());
  // Cargo reads the manifest it was pointed at first, so its own errors come before any other.
  loader.load(current);
  const found = rootOf(loader, current);
  const rootManifestPath = found?.manifestPath;

  let memberPaths: string[];
  let defaultPaths: string[];
  if (found === undefined) {
    memberPaths = [current];
    defaultPaths = [current];
  } else {
    const { config } = found;
    ({ members: memberPaths, defaultMembers: defaultPaths } = findMembers(loader, config.root, current));
    validateWorkspace(loader, config.root, memberPaths, current);
  }

  const root = loader.load(rootManifestPath ?? current);
  const members = memberPaths
    .map((p) => loader.load(p))
    .filter(isPackage)
    .map((m) => toPackage(m, true));
  const defaultMembers = defaultPaths
    .map((p) => loader.load(p))
    .filter(isPackage)
    .map((m) => m.summary.name);
  const pathPackages = collectPathPackages(loader, members, root, (m) => toPackage(m, false));

  return {
    rootDir: root.dir,
    rootManifestPath: root.manifestPath,
    resolver: resolverOf(root),
    members,
    defaultMembers,
    pathPackages,
    patches: root.patches,
    replacements: root.replacements,
    lockfilePath: path.join(root.dir, 'Cargo.lock'),
    warnings: warningsOf(root, members, loader),
  };
}

/**
 * The directory of the workspace root for `target`, found as loadWorkspace finds it, without
 * reading the members: where whatif.toml lives, before anything else is read.
 */
export function workspaceRootDir(target: string, options: LoadWorkspaceOptions = {}): string {
  const current = currentManifest(target);
  const loader = new ManifestLoader(options.registries ?? CargoConfig.load());
  loader.load(current);
  return path.dirname(rootOf(loader, current)?.manifestPath ?? current);
}

/** The workspace root `current` belongs to, checked as cargo checks it; none for a lone package. */
function rootOf(
  loader: ManifestLoader,
  current: string,
): { manifestPath: string; config: Extract<WorkspaceConfig, { kind: 'root' }> } | undefined {
  const manifestPath = findWorkspaceRoot(loader, current);
  if (manifestPath === undefined) return undefined;
  if (!existsSync(manifestPath)) {
    throw new UserError(`failed to read \`${manifestPath}\`: No such file or directory`, {
      file: current,
      keyPath: 'package.workspace',
    });
  }
  const config = loader.workspaceConfig(manifestPath);
  if (config.kind !== 'root') {
    throw new UserError(`root of a workspace inferred but wasn't a root: ${manifestPath}`, {
      file: current,
      keyPath: 'package.workspace',
    });
  }
  return { manifestPath, config };
}

function currentManifest(target: string): string {
  const abs = path.resolve(target);
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new UserError(`manifest path \`${target}\` does not exist`, { file: abs });
  }
  if (stat.isDirectory()) {
    for (const dir of [abs, ...ancestorsOf(abs)]) {
      const candidate = path.join(dir, 'Cargo.toml');
      if (existsSync(candidate)) return candidate;
    }
    throw new UserError(`could not find \`Cargo.toml\` in \`${abs}\` or any parent directory`, { file: abs });
  }
  if (path.basename(abs) !== 'Cargo.toml') {
    throw new UserError('the manifest-path must be a path to a Cargo.toml file', { file: abs });
  }
  return normalizePath(abs);
}

// cargo's `set_resolve_behavior` (cargo 1.95, src/workspace/workspace.rs): the root says so, or a
// root package's edition implies it; a virtual root without `resolver` stays on "1" whatever its
// members' editions.
function resolverOf(root: Manifest): ResolverVersion {
  if (root.kind === 'virtual') return root.resolver ?? '1';
  return root.resolver ?? defaultResolver(root.edition);
}

function isPackage(m: Manifest): m is PackageManifest {
  return m.kind === 'package';
}

function toPackage(m: PackageManifest, isMember: boolean): WorkspacePackage {
  return { summary: m.summary, manifestPath: m.manifestPath, dir: m.dir, isMember, edition: m.edition };
}

function warningsOf(root: Manifest, members: readonly WorkspacePackage[], loader: ManifestLoader) {
  const manifests = new Set<Manifest>([root, ...members.map((m) => loader.load(m.manifestPath))]);
  const warnings = [...manifests].flatMap((m) => m.warnings);
  for (const m of manifests) {
    if (m === root || m.kind !== 'package') continue;
    const ignored = [
      m.patches.length > 0 && 'patch',
      m.replacements.length > 0 && 'replace',
      m.resolver && m.resolver !== resolverOf(root) && 'resolver',
    ];
    for (const what of ignored) {
      if (!what) continue;
      warnings.push({
        file: m.manifestPath,
        message: `${what} for the non root package will be ignored, specify ${what} at the workspace root:\npackage:   ${m.manifestPath}\nworkspace: ${root.manifestPath}`,
      });
    }
  }
  if (root.kind === 'virtual' && root.resolver === undefined) {
    const newest = members
      .map((m) => m.edition)
      .filter((e) => e === '2021' || e === '2024')
      .sort()
      .at(-1);
    if (newest) {
      warnings.push({
        file: root.manifestPath,
        message: `virtual workspace defaulting to \`resolver = "1"\` despite one or more workspace members being on edition ${newest} which implies \`resolver = "${defaultResolver(newest)}"\``,
      });
    }
  }
  return warnings;
}
