import type { Summary } from '../cargo/summary.js';
import type { ReplayStats } from './activate.js';
import { DeadEnd, replay } from './activate.js';
import type { Encoding } from './encode.js';
import { encode } from './encode.js';
import { findCycle } from './cycles.js';
import { ResolvedGraph } from './graph.js';
import { PrefixOracle } from './oracle.js';
import { search } from './search.js';
import { DependencyCache } from './dep-cache.js';
import type { CandidateQueryer } from './query.js';
import type { Session } from '../../solver/session.js';

/**
 * Resolution as Cargo does it, in two gears. First Cargo's own search runs, backtracking and
 * all, with no solver: when it finds a resolution, that is Cargo's answer. When Cargo would
 * fail (or the search runs past its budget) the SAT encoding is built: unsatisfiable means
 * Cargo fails too and the same session explains why; otherwise a replay guided by the solver
 * goes to the first complete path of one depth-first pass over the index (Cargo's answer
 * except where its passes over a sparse index matter, see search.ts).
 */
export type ResolveOutcome =
  | { kind: 'resolved'; graph: ResolvedGraph; stats: ResolveStats }
  | { kind: 'unresolvable'; encoding: Encoding; session: Session; stats: ResolveStats }
  | { kind: 'cycle'; graph: ResolvedGraph; cycle: Summary[]; stats: ResolveStats };

export interface ResolveStats {
  /** Candidates tried by Cargo's search, and how often it jumped back. */
  searchSteps: number;
  backjumps: number;
  /** Cargo's passes over the index, one per wave of crates fetched; 1 when they cannot matter (see search.ts). */
  searchPasses: number;
  replaySteps: number;
  usedSolver: boolean;
  solverCalls: number;
  encodedPackages: number;
  clauses: number;
}

/**
 * Candidates Cargo's search may try, over all its passes, before the SAT engine takes over:
 * far above what real workspaces need (popular-20 over the 2019 index tries 5,436: one pass
 * over the whole index, then 7 passes), low enough that a search lost in backtracking stops within seconds.
 */
const SEARCH_BUDGET = 200_000;

export interface ResolveOptions {
  /** Candidates Cargo's search may try before the solver takes over (0: the solver at once). */
  searchBudget?: number;
  /** Search once over the whole index, as Cargo does offline, rather than in Cargo's passes over a sparse index (see search.ts). */
  onePass?: boolean;
}

export function resolveGraph(roots: readonly Summary[], queryer: CandidateQueryer, options: ResolveOptions = {}): ResolveOutcome {
  const stats: ResolveStats = {
    searchSteps: 0,
    backjumps: 0,
    searchPasses: 0,
    replaySteps: 0,
    usedSolver: false,
    solverCalls: 0,
    encodedPackages: 0,
    clauses: 0,
  };
  const replayStats: ReplayStats = { steps: 0, oracleCalls: 0 };
  // What activating a package brings, worked out once for the search and any replay after it.
  const dependencies = new DependencyCache(queryer);
  // The SAT encoding, built once Cargo's search fails or gives up, and only then.
  let sat: { encoding: Encoding; session: Session; oracle: PrefixOracle | undefined } | undefined;
  const solve = () => {
    if (!sat) {
      stats.usedSolver = true;
      const encoding = encode(roots, queryer);
      const session = PrefixOracle.session(encoding);
      sat = { encoding, session, oracle: PrefixOracle.create(encoding, session) };
      // The encoding grows as the solver's models reach packages: its size once this answered.
      stats.encodedPackages = encoding.packages.size;
      stats.clauses = encoding.problem.constraints.length;
    }
    return sat;
  };
  const searched = search(roots, queryer, {
    budget: options.searchBudget ?? SEARCH_BUDGET,
    dependencies,
    onePass: options.onePass,
    solvable: () => solve().oracle !== undefined,
  });
  stats.searchSteps = searched.steps;
  stats.backjumps = searched.backjumps;
  stats.searchPasses = searched.passes;
  let graph: ResolvedGraph;
  let first: ResolvedGraph | DeadEnd | undefined;
  if (searched.kind === 'resolved') first = searched.graph;
  // Cargo's search found nothing (or gave up). Unless the solver already said that nothing
  // resolves, a replay without it finds its first dead end, which starts the SAT-guided replay.
  else if (!sat || sat.oracle) first = replayed(roots, queryer, undefined, replayStats, dependencies);
  if (first instanceof ResolvedGraph) {
    graph = first;
    if (sat) {
      stats.solverCalls = sat.session.solveCount;
      sat.session.dispose();
    }
  } else {
    const { encoding, session, oracle } = solve();
    if (!oracle) {
      stats.replaySteps = replayStats.steps;
      stats.solverCalls = session.solveCount;
      return { kind: 'unresolvable', encoding, session, stats };
    }
    let deadEnd = first!;
    for (;;) {
      oracle.learnFrom(deadEnd.choices);
      const again = replayed(roots, queryer, oracle, replayStats, dependencies);
      if (again instanceof ResolvedGraph) {
        graph = again;
        break;
      }
      // The solver said this step could be completed and the replay found no way to: the
      // encoding and cargo's rules disagree here. Say so rather than loop.
      if (again.choices.length <= oracle.checkedStep) {
        throw new Error(`internal: the SAT encoding and the replay disagree at ${again.dep.name} ${again.dep.req} (required by ${again.parent.name} ${again.parent.version})`);
      }
      deadEnd = again;
    }
    stats.solverCalls = oracle.solverCalls;
    session.dispose();
  }
  stats.replaySteps = replayStats.steps;
  const cycle = findCycle(graph);
  if (cycle) return { kind: 'cycle', graph, cycle, stats };
  return { kind: 'resolved', graph, stats };
}

function replayed(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  oracle: PrefixOracle | undefined,
  stats: ReplayStats,
  dependencies: DependencyCache,
): ResolvedGraph | DeadEnd {
  try {
    return replay(roots, queryer, oracle, stats, dependencies);
  } catch (err) {
    if (err instanceof DeadEnd) return err;
    throw err;
  }
}
