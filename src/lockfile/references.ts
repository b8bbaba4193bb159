import type { LockedDependency, LockedPackage, Lockfile } from './model.js';
import { sourceIdentity } from './source.js';
import type { LockGraphPackage } from './write.js';

export interface Lookup {
  package?: LockedPackage;
  /** The reference left out a version or source that had to be inferred: a v2+ spelling. */
  implicit: boolean;
}

/**
 * Follows `dependencies` references to packages the way cargo's `into_resolve` does (cargo 1.95,
 * src/resolver/encode.rs): a missing version means "the only version of that name", a missing
 * source means "the path package", or failing that "the only source". References that stay
 * ambiguous or name nothing find nothing; cargo drops such edges silently (they come from bad
 * merges).
 */
export class LockIndex {
  private readonly byName = new Map<string, Map<string, LockedPackage[]>>();

  constructor(packages: readonly LockedPackage[]) {
    for (const p of packages) {
      let byVersion = this.byName.get(p.name);
      if (!byVersion) this.byName.set(p.name, (byVersion = new Map()));
      const same = byVersion.get(p.version) ?? [];
      same.push(p);
      byVersion.set(p.version, same);
    }
  }

  lookup(ref: LockedDependency): Lookup {
    const byVersion = this.byName.get(ref.name);
    if (!byVersion) return { implicit: false };
    let implicit = false;
    let candidates: LockedPackage[] | undefined;
    if (ref.version !== undefined) {
      candidates = byVersion.get(ref.version);
    } else {
      implicit = true;
      candidates = byVersion.size === 1 ? [...byVersion.values()][0] : undefined;
    }
    if (!candidates) return { implicit };
    if (ref.source !== undefined) {
      const want = sourceIdentity(ref.source);
      return { package: candidates.find((p) => p.source !== undefined && sourceIdentity(p.source) === want), implicit };
    }
    // Path packages never carry a source, so a reference without one means the path package.
    const paths = candidates.filter((p) => p.source === undefined);
    if (paths.length) return { package: paths.length === 1 ? paths[0] : undefined, implicit };
    if (candidates.length === 1) return { package: candidates[0], implicit: true };
    return { implicit };
  }

  find(ref: LockedDependency): LockedPackage | undefined {
    return this.lookup(ref).package;
  }
}

export interface DanglingReference {
  from: LockedPackage;
  reference: LockedDependency;
}

/**
 * The lockfile as a graph with every reference spelled out, ready for `writeLockfile`. Edges
 * that name no package are left out, as cargo leaves them out, and reported in `dangling`.
 */
export function lockGraph(lock: Lockfile): {
  packages: LockGraphPackage[];
  unusedPatches: LockGraphPackage[];
  dangling: DanglingReference[];
} {
  const index = new LockIndex(lock.packages);
  const dangling: DanglingReference[] = [];
  const spell = (p: LockedPackage) => ({
    name: p.name,
    version: p.version,
    ...(p.source !== undefined && { source: p.source }),
  });
  const follow = (from: LockedPackage, reference: LockedDependency) => {
    const target = index.find(reference);
    if (!target) dangling.push({ from, reference });
    return target && spell(target);
  };
  const packages = lock.packages.map((p): LockGraphPackage => {
    const out: LockGraphPackage = { ...spell(p), dependencies: [] };
    if (p.checksum !== undefined) out.checksum = p.checksum;
    for (const d of p.dependencies) {
      const target = follow(p, d);
      if (target) out.dependencies.push(target);
    }
    if (p.replace) {
      const target = follow(p, p.replace);
      if (target) out.replace = target;
    }
    return out;
  });
  const unusedPatches = lock.unusedPatches.map(
    (p): LockGraphPackage => ({
      ...spell(p),
      ...(p.checksum !== undefined && { checksum: p.checksum }),
      dependencies: [],
    }),
  );
  return { packages, unusedPatches, dangling };
}
