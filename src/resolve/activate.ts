import type { Dependency, Summary } from '../cargo/summary.js';
import { Conflict, ResolverContext } from './context.js';
import { DependencyCache } from './dep-cache.js';
import type { EdgeChoice } from './encode.js';
import type { ResolvedGraph } from './graph.js';
import type { CandidateQueryer } from './query.js';
import { NOT_FETCHED, PendingCrates } from './query.js';
import { RemainingDeps } from './remaining-deps.js';
import type { DepsFrame } from './types.js';

/**
 * Cargo's activation loop replayed without backtracking: the same order of dependencies and
 * candidates and the same rules for skipping a candidate as search.ts, but at each step it
 * takes the first candidate the oracle allows and never goes back. Without an oracle it stops
 * at the first dead end; with the SAT-backed oracle (the fallback when Cargo's own search is
 * not used) its first complete path is the first one Cargo's depth-first search would find.
 */
export interface Oracle {
  /** At this step (the n-th dependency taken from the queue), may the edge pick this candidate? */
  feasible(step: number, choice: EdgeChoice): boolean;
  /** The edge picked the candidate at this step. */
  commit(step: number, choice: EdgeChoice): void;
}

/** The replay ran into a dependency none of whose candidates can be taken. */
export class DeadEnd extends Error {
  constructor(
    readonly parent: Summary,
    readonly dep: Dependency,
    readonly candidates: readonly Summary[],
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
  dependencies = new DependencyCache(queryer),
): ResolvedGraph {
  const cx = new ResolverContext(dependencies);
  const queue = new RemainingDeps();
  const choices: EdgeChoice[] = [];
  for (const frame of cx.activateRoots(roots)) queue.push(frame);
  for (;;) {
    const next = queue.pop();
    if (!next) break;
    const [parent, info] = next;
    // Over an index that is fetched: this dependency's crate is not, so the path cannot go on.
    if (info.candidates === NOT_FETCHED) throw new PendingCrates([info.dep]);
    const step = choices.length;
    stats.steps++;
    let done = false;
    for (const candidate of info.candidates) {
      if (cx.blocker(candidate)) continue;
      const choice: EdgeChoice = { parent, dep: info.dep, features: info.features, candidate };
      if (oracle) {
        stats.oracleCalls++;
        if (!oracle.feasible(step, choice)) continue;
      }
      const mark = cx.mark();
      let frame: DepsFrame | undefined;
      try {
        frame = cx.activate(
          { parent, dep: info.dep },
          candidate,
          { kind: 'dep', features: info.features, defaultFeatures: info.dep.defaultFeatures },
          false,
        );
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        cx.undo(mark);
        continue;
      }
      oracle?.commit(step, choice);
      choices.push(choice);
      if (frame) queue.push(frame);
      done = true;
      break;
    }
    if (!done) throw new DeadEnd(parent, info.dep, info.candidates, choices);
  }
  return cx.graph();
}
