import { type CrateRef, sourceKey, uniqueCrates } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import { packageId } from './ids.js';
import type { VersionPreferences } from './preferences.js';
import { sortCandidates } from './preferences.js';
import type { PackageUniverse } from './registry.js';

/**
 * The answer for a dependency on a crate the registry has not fetched yet (cargo's
 * `Poll::Pending`): no candidates for now. It is never cached, and whoever holds it knows by
 * identity that it is not a real answer.
 */
export const NOT_FETCHED: readonly Summary[] = Object.freeze([]);

/**
 * Thrown by a run that cannot go on without crates the registry has not fetched (the SAT
 * encoding expanding a package, the replay taking a dependency): whoever drives it fetches them
 * and runs it again. What the run built so far holds no "none yet" answer, so it can go on.
 */
export class PendingCrates extends Error {
  constructor(readonly crates: readonly CrateRef[]) {
    super(`internal: crates not fetched yet: ${crates.map((c) => c.name).join(', ')}`);
  }
}

/**
 * Answers "which packages could satisfy this dependency, in the order Cargo tries them"
 * (Cargo's RegistryQueryer plus PackageRegistry::query): requirement matching, yanked
 * versions only when preferred, and `[patch]` entries beside the registry's versions.
 */
export class CandidateQueryer {
  private readonly cache = new Map<string, readonly Summary[]>();
  /** The same answers by dependency object: the search asks again for the same ones, often. */
  private readonly byDependency = new WeakMap<Dependency, readonly Summary[]>();
  /** Crates answered NOT_FETCHED since the last `takeNotFetched`. */
  private notFetched: CrateRef[] = [];

  constructor(
    private readonly universe: PackageUniverse,
    readonly preferences: VersionPreferences,
    /** sourceKey of the patched source -> the summaries patched in. */
    private readonly patches: ReadonlyMap<string, readonly Summary[]> = new Map(),
    /** Rewrites a candidate before use (pinning its dependencies to a lockfile). */
    private readonly adjust: (s: Summary) => Summary = (s) => s,
    /** What-if pins: crate name -> the only version it may have. */
    private readonly pins: ReadonlyMap<string, Version> = new Map(),
  ) {}

  /** The version a what-if `--pin` restricts this crate to, if any. */
  pinOf(name: string): Version | undefined {
    return this.pins.get(name);
  }

  /** The crates answered "none yet" since the last call that are still not fetched. */
  takeNotFetched(): CrateRef[] {
    const crates = uniqueCrates(this.notFetched).filter((c) => this.isPending(c));
    this.notFetched = [];
    return crates;
  }

  /** Whether `crate`'s registry has yet to fetch it (see PackageUniverse.isPending). */
  isPending(crate: CrateRef): boolean {
    return crate.source.kind === 'registry' && this.universe.isPending(crate.name, crate.source);
  }

  candidates(dep: Dependency): readonly Summary[] {
    let hit = this.byDependency.get(dep);
    if (hit) return hit;
    if (this.isPending(dep)) {
      // Asking notes the crate as wanted; the answer waits for it.
      this.universe.registryVersions(dep.name, dep.source);
      this.notFetched.push(dep);
      return NOT_FETCHED;
    }
    const key = `${dep.name}\0${sourceKey(dep.source)}\0${dep.req}`;
    hit = this.cache.get(key);
    if (!hit) {
      hit = this.query(dep).map(this.adjust);
      this.cache.set(key, hit);
    }
    this.byDependency.set(dep, hit);
    return hit;
  }

  private query(dep: Dependency): Summary[] {
    if (dep.source.kind !== 'registry') {
      const fixed = this.universe.fixedPackage(dep.name, dep.source);
      return fixed && dep.req.matches(fixed.version) ? [fixed] : [];
    }
    const patches = (this.patches.get(sourceKey(dep.source)) ?? []).filter(
      (p) => p.name === dep.name && dep.req.matches(p.version),
    );
    const patchedVersions = new Set(patches.map((p) => p.version.toString()));
    const found: Summary[] = [...patches];
    const pin = this.pins.get(dep.name);
    for (const s of this.universe.registryVersions(dep.name, dep.source, (v) => dep.req.matches(v))) {
      if (patchedVersions.has(s.version.toString())) continue;
      if (pin && !pin.equals(s.version)) continue;
      // A pin names its version on purpose (see apply.ts), as `cargo update --precise` does a yanked one.
      if (s.yanked && !pin && !this.preferences.preferred.has(packageId(s))) continue;
      found.push(s);
    }
    return sortCandidates(found, this.preferences);
  }
}
