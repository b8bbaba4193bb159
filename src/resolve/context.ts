import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { InternalError } from '../errors.js';
import type { DependencyCache } from './dep-cache.js';
import type { RequestedFeatures } from './features.js';
import { FeatureError } from './features.js';
import { ResolvedGraph } from './graph.js';
import { activationKey, comparePackages, packageId } from './ids.js';
import type { ConflictMap, DepsFrame } from './types.js';

/** Cargo's ActivateError::Conflict: activation failed because `blocker` is active. */
export class Conflict extends Error {
  constructor(readonly blocker: Summary) {
    super(`conflicts with ${packageId(blocker)}`);
  }
}

interface Activation {
  summary: Summary;
  age: number;
}

interface Edge {
  parent: Summary;
  child: Summary;
  dep: Dependency;
}

/**
 * Cargo's ResolverContext (cargo 1.95, src/resolver/context.rs): what is active, since when (its
 * "age"), which package holds each `links` value, the features turned on, and who activated whom.
 *
 * Cargo clones the context at every choice point and throws clones away when it backtracks.
 * Here every change is recorded on a trail instead, and going back to a choice point undoes
 * the trail down to that point's mark: the same states, without copying maps at each step.
 */
export class ResolverContext {
  private ageNow = 0;
  private readonly activations = new Map<string, Activation>();
  private readonly links = new Map<string, Summary>();
  private readonly features = new Map<string, ReadonlySet<string>>();
  /** child id -> parent id -> (the parent, the dependencies that made the edge): Cargo's `parents`. */
  private readonly parents = new Map<string, Map<string, { parent: Summary; deps: Dependency[] }>>();
  /** Packages and edges in the order they were made, for the finished graph. */
  private readonly packages: Summary[] = [];
  private readonly edges: Edge[] = [];
  private readonly trail: (() => void)[] = [];

  /**
   * @param isReady whether a dependency's candidates are known yet (see search.ts on Cargo's
   *   passes); a dependency not ready is left out of its frame, as Cargo leaves it out.
   */
  constructor(
    private readonly dependencies: DependencyCache,
    private readonly isReady?: (dep: Dependency) => boolean,
  ) {}

  get age(): number {
    return this.ageNow;
  }

  /** A point to come back to with undo(). */
  mark(): number {
    return this.trail.length;
  }

  undo(mark: number): void {
    while (this.trail.length > mark) this.trail.pop()!();
  }

  /** Cargo's is_active: the age at which exactly this package was activated, if it is active. */
  isActive(s: Summary): number | undefined {
    const a = this.activations.get(activationKey(s));
    return a && packageId(a.summary) === packageId(s) ? a.age : undefined;
  }

  /** Cargo's is_conflicting: the newest age among parent and the conflict, if all are active. */
  isConflicting(parent: Summary | undefined, conflict: ConflictMap): number | undefined {
    let max = 0;
    if (parent) {
      const age = this.isActive(parent);
      if (age === undefined) return undefined;
      max = age;
    }
    for (const s of conflict.values()) {
      const age = this.isActive(s);
      if (age === undefined) return undefined;
      if (age > max) max = age;
    }
    return max;
  }

  /**
   * Cargo's candidate filter: the active package that keeps `candidate` out, holding its
   * semver-compatible line or its `links` value; undefined when it may be taken.
   */
  blocker(candidate: Summary): Summary | undefined {
    const active = this.activations.get(activationKey(candidate))?.summary;
    if (active && active !== candidate && packageId(active) !== packageId(candidate)) return active;
    if (candidate.links) {
      const holder = this.links.get(candidate.links);
      if (holder && holder !== candidate && packageId(holder) !== packageId(candidate)) return holder;
    }
    return undefined;
  }

  /** Who activated `child`, in Cargo's PackageId order. */
  parentsOf(child: Summary): { parent: Summary; deps: Dependency[] }[] {
    return this.sortedParents(packageId(child)) ?? [];
  }

  private sortedParents(id: string): { parent: Summary; deps: Dependency[] }[] | undefined {
    const m = this.parents.get(id);
    return m && [...m.values()].sort((a, b) => comparePackages(a.parent, b.parent));
  }

  /**
   * Cargo's Graph::is_path_from_to over `parents`: is `to` an ancestor of `from`? Kept as
   * Cargo has it, including that the walk stops at the first package nobody activated.
   */
  isPathFromTo(from: Summary, to: Summary): boolean {
    const target = packageId(to);
    const stack = [packageId(from)];
    const seen = new Set(stack);
    for (;;) {
      const id = stack.pop();
      if (id === undefined) return false;
      const sorted = this.sortedParents(id);
      if (!sorted) return false;
      for (const { parent } of sorted) {
        const pid = packageId(parent);
        if (pid === target) return true;
        if (!seen.has(pid)) {
          seen.add(pid);
          stack.push(pid);
        }
      }
    }
  }

  /**
   * Cargo's `activate`: activates `candidate` (or adds features to it) and returns the frame of
   * dependencies it brings, or undefined when it was already active with these features.
   * Like Cargo, a failure may leave part of the activation behind: callers undo to a mark.
   * @throws Conflict when a dependency edge cannot take the candidate; FeatureError for a root.
   */
  activate(
    edge: { parent: Summary; dep: Dependency } | undefined,
    candidate: Summary,
    requested: RequestedFeatures,
    isRoot: boolean,
  ): DepsFrame | undefined {
    const id = packageId(candidate);
    this.setAge(this.ageNow + 1);
    if (edge) this.link(edge.parent, candidate, edge.dep);

    if (this.flagActivated(edge, candidate, requested)) return undefined;

    let enabled;
    try {
      enabled = this.dependencies.build(candidate, requested, isRoot);
    } catch (err) {
      // Cargo names the parent that asked for the feature as the conflict.
      if (err instanceof FeatureError && edge) throw new Conflict(edge.parent);
      throw err;
    }
    if (enabled.usedFeatures.size > 0 || !this.features.has(id)) {
      const prev = this.features.get(id);
      const next = new Set(prev);
      for (const f of enabled.usedFeatures) next.add(f);
      this.features.set(id, next);
      this.trail.push(() => (prev ? this.features.set(id, prev) : this.features.delete(id)));
    }
    // Leaving out what is not ready keeps the order: the sort is stable.
    const ready = this.isReady;
    const deps = ready ? enabled.deps.filter(({ dep }) => ready(dep)) : enabled.deps;
    return { parent: candidate, deps };
  }

  /** Cargo's initial activations: the workspace members, every feature on; their frames. */
  activateRoots(roots: readonly Summary[]): DepsFrame[] {
    const frames: DepsFrame[] = [];
    for (const root of roots) {
      const frame = this.activate(undefined, root, { kind: 'all' }, true);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  /** The finished resolution. */
  graph(): ResolvedGraph {
    const g = new ResolvedGraph();
    for (const s of this.packages) {
      g.add(s);
      g.features.set(packageId(s), new Set(this.features.get(packageId(s))));
    }
    for (const e of this.edges) g.link(e.parent, e.child, e.dep);
    return g;
  }

  /** Cargo's flag_activated: true when the package is active already with these features. */
  private flagActivated(
    edge: { parent: Summary; dep: Dependency } | undefined,
    candidate: Summary,
    requested: RequestedFeatures,
  ): boolean {
    const key = activationKey(candidate);
    if (!this.activations.has(key)) {
      if (candidate.links) {
        if (this.links.has(candidate.links)) {
          // Cargo's candidate filter rules this out before activation; reaching it is a bug.
          throw new InternalError(`two packages with links = "${candidate.links}" activated`);
        }
        this.setIn(this.links, candidate.links, candidate);
      }
      const activation = { summary: candidate, age: this.ageNow };
      this.setIn(this.activations, key, activation);
      this.packages.push(candidate);
      this.trail.push(() => this.packages.pop());
      // A [patch] from another source also claims the line of the source it stands in for.
      if (edge && sourceKey(edge.dep.source) !== sourceKey(candidate.source)) {
        const patchKey = `${candidate.name} ${candidate.version.line} ${sourceKey(edge.dep.source)}`;
        const prev = this.activations.get(patchKey);
        this.setIn(this.activations, patchKey, activation);
        if (prev) throw new Conflict(prev.summary);
      }
      return false;
    }
    if (requested.kind === 'all') return false;
    const prev = this.features.get(packageId(candidate));
    for (const f of requested.features) if (!prev?.has(f)) return false;
    return !requested.defaultFeatures || prev?.has('default') === true || !candidate.features.has('default');
  }

  private link(parent: Summary, child: Summary, dep: Dependency): void {
    const cid = packageId(child);
    const pid = packageId(parent);
    let byParent = this.parents.get(cid);
    if (!byParent) {
      byParent = new Map();
      this.setIn(this.parents, cid, byParent);
    }
    const entry = byParent.get(pid);
    if (!entry) {
      this.setIn(byParent, pid, { parent, deps: [dep] });
    } else if (!entry.deps.includes(dep)) {
      entry.deps.push(dep);
      this.trail.push(() => entry.deps.pop());
    }
    this.edges.push({ parent, child, dep });
    this.trail.push(() => this.edges.pop());
  }

  private setAge(age: number): void {
    const prev = this.ageNow;
    this.ageNow = age;
    this.trail.push(() => (this.ageNow = prev));
  }

  private setIn<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const prev = map.get(key);
    map.set(key, value);
    this.trail.push(() => (had ? map.set(key, prev as V) : map.delete(key)));
  }
}
