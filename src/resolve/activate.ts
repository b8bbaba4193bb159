import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { RequestedFeatures } from './features.js';
import { enabledDependencies, FeatureError } from './features.js';
import { ResolvedGraph } from './graph.js';
import { activationKey, packageId } from './ids.js';
import type { CandidateQueryer } from './query.js';
import type { EdgeChoice } from './encode.js';

/**
 * Cargo's activation loop (`activate_deps_loop` in src/resolver/mod.rs), replayed step for
 * step: the same order of dependencies (fewest candidates first, then oldest frame), the same
 * order of candidates, the same rules for skipping a candidate (another version of its
 * semver-compatible line is active, or another package already `links` the same library).
 *
 * Cargo backtracks when a choice leads to a dead end. This replay never does: without an
 * oracle it stops at the first dead end (so a run without dead ends is exactly Cargo's), and
 * with an oracle it only takes a candidate the oracle says can still be completed, which makes
 * its first complete path the first one Cargo's depth-first search would find.
 */
export interface Oracle {
  /** At this step (the n-th dependency taken from the queue), may the edge pick this candidate? */
  feasible(step: number, choice: EdgeChoice): boolean;
  /** The edge picked the candidate at this step. */
  commit(step: number, choice: EdgeChoice): void;
}

export interface DepInfo {
  dep: Dependency;
  candidates: readonly Summary[];
  features: ReadonlySet<string>;
}

interface Frame {
  parent: Summary;
  deps: DepInfo[];
  offset: number;
  time: number;
}

/** The replay ran into a dependency none of whose candidates can be taken. */
export class DeadEnd extends Error {
  constructor(
    readonly parent: Summary,
    readonly dep: Dependency,
    readonly candidates: readonly Summary[],
    readonly graph: ResolvedGraph,
    /** The choice made at each step before this one. */
    readonly choices: readonly EdgeChoice[],
  ) {
    super(`no candidate for ${dep.name} ${dep.req} (required by ${parent.name} v${parent.version})`);
  }
}

export interface ReplayStats {
  steps: number;
  oracleCalls: number;
}

export function replay(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  oracle: Oracle | undefined,
  stats: ReplayStats = { steps: 0, oracleCalls: 0 },
): ResolvedGraph {
  const state = new State(queryer);
  const queue = new FrameQueue();
  const choices: EdgeChoice[] = [];
  for (const root of roots) {
    const frame = state.activate(undefined, root, { kind: 'all' }, true);
    if (frame) queue.push(frame);
  }
  for (;;) {
    const next = queue.pop();
    if (!next) break;
    const [parent, info] = next;
    const step = choices.length;
    stats.steps++;
    let done = false;
    for (const candidate of info.candidates) {
      if (!state.canTake(candidate)) continue;
      const choice: EdgeChoice = { parent, dep: info.dep, features: info.features, candidate };
      if (oracle) {
        stats.oracleCalls++;
        if (!oracle.feasible(step, choice)) continue;
      }
      let frame: Frame | undefined;
      try {
        frame = state.activate(
          { parent, dep: info.dep },
          candidate,
          { kind: 'dep', features: info.features, defaultFeatures: info.dep.defaultFeatures },
          false,
        );
      } catch (err) {
        if (err instanceof FeatureError || err instanceof ActivationConflict) continue;
        throw err;
      }
      oracle?.commit(step, choice);
      choices.push(choice);
      if (frame) queue.push(frame);
      done = true;
      break;
    }
    if (!done) throw new DeadEnd(parent, info.dep, info.candidates, state.graph, choices);
  }
  return state.graph;
}

class ActivationConflict extends Error {}

class State {
  readonly graph = new ResolvedGraph();
  private readonly activations = new Map<string, Summary>();
  private readonly links = new Map<string, string>();
  private readonly featureSets = new Map<string, Set<string>>();
  private time = 0;

  constructor(private readonly queryer: CandidateQueryer) {}

  /** Cargo's RemainingCandidates::next filter. */
  canTake(candidate: Summary): boolean {
    const active = this.activations.get(activationKey(candidate));
    if (active && active !== candidate && packageId(active) !== packageId(candidate)) return false;
    if (candidate.links) {
      const holder = this.links.get(candidate.links);
      if (holder !== undefined && holder !== packageId(candidate)) return false;
    }
    return true;
  }

  /**
   * Activates `candidate` (or adds features to it). Returns the frame of dependencies it
   * brings, or undefined when it was already active with at least these features.
   * Throws FeatureError / ActivationConflict without changing any state.
   */
  activate(
    edge: { parent: Summary; dep: Dependency } | undefined,
    candidate: Summary,
    requested: RequestedFeatures,
    isRoot: boolean,
  ): Frame | undefined {
    const id = packageId(candidate);
    const key = activationKey(candidate);
    const isNew = !this.activations.has(key);
    // A [patch] from another source also claims the line of the source it stands in for.
    let patchKey: string | undefined;
    if (isNew && edge && sourceKey(edge.dep.source) !== sourceKey(candidate.source)) {
      patchKey = `${candidate.name} ${candidate.version.line} ${sourceKey(edge.dep.source)}`;
      const other = this.activations.get(patchKey);
      if (other && packageId(other) !== id) throw new ActivationConflict();
    }
    if (!isNew && requested.kind === 'dep') {
      const prev = this.featureSets.get(id) ?? new Set<string>();
      const covered =
        [...requested.features].every((f) => prev.has(f)) &&
        (!requested.defaultFeatures || prev.has('default') || !candidate.features.has('default'));
      if (covered) {
        if (edge) this.graph.link(edge.parent, candidate, edge.dep);
        return undefined;
      }
    }
    const enabled = enabledDependencies(candidate, requested, isRoot);

    if (isNew) {
      this.activations.set(key, candidate);
      if (patchKey) this.activations.set(patchKey, candidate);
      if (candidate.links) this.links.set(candidate.links, id);
      this.graph.add(candidate);
    }
    if (edge) this.graph.link(edge.parent, candidate, edge.dep);
    let used = this.featureSets.get(id);
    if (!used) {
      used = new Set();
      this.featureSets.set(id, used);
      this.graph.features.set(id, used);
    }
    for (const f of enabled.usedFeatures) used.add(f);

    const deps = enabled.deps.map(({ dep, features }) => ({
      dep,
      candidates: this.queryer.candidates(dep),
      features,
    }));
    // Array.prototype.sort is stable, as Cargo's sort_by_key is.
    deps.sort((a, b) => a.candidates.length - b.candidates.length);
    return { parent: candidate, deps, offset: 0, time: this.time++ };
  }
}

/**
 * Cargo's RemainingDeps: frames ordered by the candidate count of their next dependency, then
 * by age (an ordered set popped from its minimum). A binary heap gives the same order.
 */
class FrameQueue {
  private readonly heap: { frame: Frame; count: number }[] = [];

  push(frame: Frame): void {
    const count = frame.deps[frame.offset]?.candidates.length ?? 0;
    this.heap.push({ frame, count });
    this.up(this.heap.length - 1);
  }

  pop(): [Summary, DepInfo] | undefined {
    for (;;) {
      const top = this.popMin();
      if (!top) return undefined;
      const info = top.deps[top.offset];
      if (!info) continue;
      top.offset++;
      this.push(top);
      return [top.parent, info];
    }
  }

  private less(a: { frame: Frame; count: number }, b: { frame: Frame; count: number }): boolean {
    return a.count !== b.count ? a.count < b.count : a.frame.time < b.frame.time;
  }

  private popMin(): Frame | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.down(0);
    }
    return top.frame;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
