import { existsSync } from 'node:fs';
import type { Dependency } from '../cargo/summary.js';
import { UserError } from '../errors.js';
import type { Manifest, PackageManifest } from '../manifest/manifest.js';
import type { ManifestLoader } from './loader.js';
import { missingDependency, originLocation } from './members.js';
import { manifestIn } from './membership.js';
import type { WorkspacePackage } from './types.js';

/**
 * The path packages outside the workspace that cargo's resolver can reach: `path` dependencies
 * of members that are not members themselves, transitively, and what the root's `[patch]` and
 * `[replace]` point at. Depth-first, in dependency order.
 *
 * Cargo only opens a path package when the resolver asks for it, so a broken one is an error only
 * when it is certainly asked for. Every dependency of a member is (the lockfile is resolved with
 * all features and dev-dependencies of every member), and so are patch targets (registered before
 * resolving); below those, only non-optional, non-dev edges are certain. A package cargo may never
 * ask for is loaded if it can be and silently left out if not; dev-dependencies of non-members
 * are never followed, since cargo never resolves them.
 */
export function collectPathPackages(
  loader: ManifestLoader,
  members: readonly WorkspacePackage[],
  root: Manifest,
  toPackage: (m: PackageManifest) => WorkspacePackage,
): WorkspacePackage[] {
  const memberPaths = new Set(members.map((m) => m.manifestPath));
  const reached = new Map<string, { certain: boolean }>();
  const out: WorkspacePackage[] = [];

  const visit = (dep: Dependency, certain: boolean, childrenCertain: boolean): void => {
    if (dep.source.kind !== 'path') return;
    const manifestPath = manifestIn(dep.source.url);
    if (memberPaths.has(manifestPath)) return;
    const prev = reached.get(manifestPath);
    if (prev && (prev.certain || !certain)) return;
    reached.set(manifestPath, { certain });
    if (!existsSync(manifestPath)) {
      if (certain) throw missingDependency(dep, manifestPath);
      return;
    }
    let manifest: Manifest;
    try {
      manifest = loader.load(manifestPath);
    } catch (err) {
      if (certain || !(err instanceof UserError)) throw err;
      return;
    }
    if (manifest.kind !== 'package') {
      if (!certain) return;
      const message = `found a virtual manifest at \`${manifestPath}\` instead of a package manifest`;
      throw new UserError(message, originLocation(dep, manifestPath));
    }
    if (!prev) out.push(toPackage(manifest));
    for (const d of manifest.summary.dependencies) {
      if (d.kind !== 'dev') visit(d, childrenCertain && !d.optional, childrenCertain && !d.optional);
    }
  };

  for (const m of members) for (const d of m.summary.dependencies) visit(d, true, true);
  for (const p of root.patches) visit(p.dependency, true, false);
  for (const r of root.replacements) visit(r.dependency, true, false);
  return out;
}
