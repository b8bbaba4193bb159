import type { Dependency, Summary } from '../cargo/summary.js';
import { comparePackages, dependencyKey, packageId } from './ids.js';
import type { ConflictMap } from './types.js';

/** Asks whether a package is active, and since when. */
export type IsActive = (s: Summary) => number | undefined;

/**
 * Cargo's ConflictCache (cargo 1.95, src/resolver/conflict_cache.rs): for each dependency, the sets
 * of packages that, all active together, leave it without a candidate. Stored as Cargo stores them
 * (a trie over the sets in PackageId order, where a subset replaces its supersets and a superset of
 * a stored set is not added), because which set it finds decides where the search jumps back to.
 *
 * Like Cargo's, it is keyed by the dependency declaration alone, not by the features the
 * parent asks of it: an answer that depends on those can be wrong here as it is in Cargo.
 */
export class ConflictCache {
  private readonly byDependency = new Map<string, Trie>();
  private readonly byPackage = new Map<string, Set<string>>();

  /**
   * The conflict for `dep` whose newest member (other than `mustContain`) is oldest, among
   * those whose members are all active (per `isActive`) and younger than `maxAge`.
   */
  find(dep: Dependency, isActive: IsActive, mustContain: Summary | undefined, maxAge: number): ConflictMap | undefined {
    return this.byDependency.get(dependencyKey(dep))?.find(isActive, mustContain, maxAge)?.[0];
  }

  findConflicting(isActive: IsActive, dep: Dependency, mustContain?: Summary): ConflictMap | undefined {
    return this.find(dep, isActive, mustContain, Number.MAX_SAFE_INTEGER);
  }

  insert(dep: Dependency, conflict: ConflictMap): void {
    const key = dependencyKey(dep);
    let trie = this.byDependency.get(key);
    if (!trie) {
      trie = new Trie();
      this.byDependency.set(key, trie);
    }
    const members = [...conflict.values()].sort(comparePackages);
    trie.insert(members, 0, new Map(conflict));
    for (const s of members) {
      const id = packageId(s);
      let deps = this.byPackage.get(id);
      if (!deps) {
        deps = new Set();
        this.byPackage.set(id, deps);
      }
      deps.add(key);
    }
  }

  /** Keys (see dependencyKey) of the dependencies with a stored conflict naming this package. */
  dependenciesConflictingWith(s: Summary): ReadonlySet<string> | undefined {
    return this.byPackage.get(packageId(s));
  }
}

class Trie {
  private leaf: ConflictMap | undefined;
  /** Sorted in PackageId order. */
  private children: { summary: Summary; id: string; node: Trie }[] | undefined = [];

  find(isActive: IsActive, mustContain: Summary | undefined, maxAge: number): [ConflictMap, number] | undefined {
    if (this.leaf) return mustContain ? undefined : [this.leaf, 0];
    let out: [ConflictMap, number] | undefined;
    const must = mustContain && packageId(mustContain);
    for (const child of this.children!) {
      // Members are sorted, so a set containing `mustContain` cannot pass it.
      if (mustContain && comparePackages(child.summary, mustContain) > 0) break;
      const ageThis = isActive(child.summary);
      if (ageThis === undefined) continue;
      const isMust = child.id === must;
      if (ageThis >= maxAge && !isMust) continue;
      const found = child.node.find(isActive, isMust ? undefined : mustContain, maxAge);
      if (!found) continue;
      const age = isMust ? found[1] : Math.max(ageThis, found[1]);
      if (maxAge > age) {
        out = [found[0], age];
        maxAge = age;
      }
    }
    return out;
  }

  insert(members: readonly Summary[], i: number, conflict: ConflictMap): void {
    if (i === members.length) {
      this.leaf = conflict;
      this.children = undefined;
      return;
    }
    // A stored subset already covers this set.
    if (!this.children) return;
    const s = members[i]!;
    const id = packageId(s);
    let lo = 0;
    let hi = this.children.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (comparePackages(this.children[mid]!.summary, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    let child = this.children[lo];
    if (!child || child.id !== id) {
      child = { summary: s, id, node: new Trie() };
      this.children.splice(lo, 0, child);
    }
    child.node.insert(members, i + 1, conflict);
  }
}
