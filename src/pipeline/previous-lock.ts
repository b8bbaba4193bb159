import { Requirement } from '../cargo/requirement.js';
import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import type { Lockfile } from '../lockfile/model.js';
import { lockGraph } from '../lockfile/references.js';
import { withoutPrecise } from '../lockfile/source.js';
import { packageId } from '../resolve/ids.js';

/**
 * How an existing Cargo.lock steers resolution, as cargo's `resolve_with_previous` does it (cargo
 * 1.95, src/ops/resolve.rs): every locked package is preferred over newer ones, and dependencies
 * that a locked version still satisfies are pinned to it (`register_previous_locks` +
 * `PackageRegistry::lock`). When a member asks for something the lockfile has nothing for (a new or
 * changed dependency), cargo stops pinning every package of that source, keeping only the
 * preference.
 */
interface LockedId {
  id: string;
  name: string;
  version: Version;
  source: string;
}

export interface LockSteering {
  /** Package ids tried before all others. */
  preferred: Set<string>;
  /** Cargo's `lock()`: pins the dependencies of a summary. */
  lock(s: Summary): Summary;
}

export function steerByLockfile(
  lock: Lockfile,
  members: readonly Summary[],
  pathPackages: readonly Summary[],
): LockSteering {
  const pathByName = new Map<string, Summary>();
  for (const s of [...members, ...pathPackages]) pathByName.set(s.name, s);

  const graph = lockGraph(lock);
  const idOf = (p: { name: string; version: string; source?: string }): LockedId | undefined => {
    const version = Version.tryParse(p.version);
    if (!version) return undefined;
    const source = p.source === undefined ? pathSourceKey(pathByName.get(p.name)) : lockSourceKey(p.source);
    if (source === undefined) return undefined;
    return { id: `${p.name} ${version} ${source}`, name: p.name, version, source };
  };
  const nodes = new Map<string, LockedId>();
  const edges = new Map<string, LockedId[]>();
  for (const p of graph.packages) {
    const id = idOf(p);
    if (!id) continue;
    nodes.set(id.id, id);
    edges.set(
      id.id,
      p.dependencies.map(idOf).filter((x): x is LockedId => x !== undefined),
    );
  }

  const avoid = new Set<string>();
  const poison = (id: string) => {
    if (avoid.has(id)) return;
    avoid.add(id);
    for (const d of edges.get(id) ?? []) poison(d.id);
  };
  const memberIds = new Set(members.map(packageId));
  const stack = [...members];
  const visited = new Set<string>();
  while (stack.length) {
    const pkg = stack.pop()!;
    if (visited.has(packageId(pkg))) continue;
    visited.add(packageId(pkg));
    const isMember = memberIds.has(packageId(pkg));
    for (const dep of pkg.dependencies) {
      if (!isMember && (dep.optional || dep.kind === 'dev')) continue;
      if (dep.source.kind === 'path') {
        const target = pathPackages.find((p) => p.name === dep.name && sourceKey(p.source) === sourceKey(dep.source));
        if (target) stack.push(target);
        continue;
      }
      if ([...nodes.values()].some((n) => n.name === dep.name && dep.req.matches(n.version))) continue;
      const key = sourceKey(dep.source);
      for (const n of nodes.values()) if (n.source === key) poison(n.id);
    }
  }
  for (const n of nodes.values()) {
    const path = pathByName.get(n.name);
    if (path && n.source === pathSourceKey(path) && !path.version.equals(n.version)) avoid.add(n.id);
  }

  // (source, name) -> locked packages with their locked dependencies.
  const locked = new Map<string, { id: LockedId; deps: LockedId[] }[]>();
  for (const n of nodes.values()) {
    if (avoid.has(n.id)) continue;
    const key = `${n.source}\0${n.name}`;
    const deps = (edges.get(n.id) ?? []).filter((d) => !avoid.has(d.id));
    locked.set(key, [...(locked.get(key) ?? []), { id: n, deps }]);
  }

  const matchesId = (dep: Dependency, id: LockedId) =>
    dep.name === id.name && sourceKey(dep.source) === id.source && dep.req.matches(id.version);
  const pin = (dep: Dependency, to: LockedId): Dependency => ({
    ...dep,
    req: Requirement.exact(to.version),
    lockedFrom: dep.lockedFrom ?? dep.req,
  });

  const cache = new Map<Summary, Summary>();
  const lockSummary = (s: Summary): Summary => {
    const hit = cache.get(s);
    if (hit) return hit;
    const mine = locked.get(`${sourceKey(s.source)}\0${s.name}`)?.find((l) => l.id.id === packageId(s));
    let changed = false;
    const dependencies = s.dependencies.map((dep) => {
      const first = mine?.deps.find((id) => matchesId(dep, id));
      const second =
        first ?? locked.get(`${sourceKey(dep.source)}\0${dep.name}`)?.find((l) => matchesId(dep, l.id))?.id;
      if (!second) return dep;
      changed = true;
      return pin(dep, second);
    });
    const out = changed ? { ...s, dependencies } : s;
    cache.set(s, out);
    return out;
  };

  return { preferred: new Set(nodes.keys()), lock: lockSummary };
}

function lockSourceKey(source: string): string {
  const bare = withoutPrecise(source);
  if (bare.startsWith('sparse+')) return `registry+${bare}`;
  return bare;
}

function pathSourceKey(s: Summary | undefined): string | undefined {
  return s && s.source.kind === 'path' ? sourceKey(s.source) : undefined;
}
