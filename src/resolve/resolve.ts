import type { Session } from '../../solver/session.js';
import { type CrateRef, uniqueCrates } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import { InternalError } from '../errors.js';
import type { ReplayStats } from './activate.js';
import { DeadEnd, replay } from './activate.js';
import { findCycle } from './cycles.js';
import { DependencyCache } from './dep-cache.js';
import type { Encoding } from './encode.js';
import { encode } from './encode.js';
import { ResolvedGraph } from './graph.js';
import { PrefixOracle } from './oracle.js';
import type { CandidateQueryer } from './query.js';
import { PendingCrates } from './query.js';
import type { SearchFailure } from './search.js';
import { searchSteps } from './search.js';
import { withoutFetching } from './without-fetching.js';

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
  | { kind: 'cycle'; graph: ResolvedGraph; cycle: Summary[]; stats: ResolveStats }
  /** Cargo's search failed, asked with `verdictOnly`: cargo's verdict, without the SAT engine. */
  | { kind: 'failed'; failure: SearchFailure; stats: ResolveStats };

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
  /** The index is fetched as the search asks (see SearchOptions.fetching). */
  fetching?: boolean;
  /**
   * Only the verdict (and the graph when it resolves) is wanted: when Cargo's search fails, that
   * is the answer, and neither the SAT engine nor its encoding is built. Without it a failure is
   * encoded for the explanation (and the solver may settle the search's passes sooner).
   */
  verdictOnly?: boolean;
  /** Cargo's search hands its thread back when this says so (see SearchOptions.pause). */
  pause?: () => boolean;
  /** Told where Cargo's search failed, before the SAT engine is asked (SearchOptions.failed). */
  searchFailed?: (failure: SearchFailure) => void;
}

/** Resolution over an index that answers at once (or whose crates are all fetched). */
export function resolveGraph(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  options: ResolveOptions = {},
): ResolveOutcome {
  return withoutFetching(resolveSteps(roots, queryer, options));
}

/**
 * Resolution step by step: it yields, between Cargo's passes, the crates the next pass needs
 * and the registry has not fetched (see searchSteps); the driver fetches them and resumes it.
 * Over an index that is fetched, what comes after a failed search (the replay, the SAT
 * encoding) runs over what is fetched, then again with the crates it lacked, until it lacks
 * none. Should something else still read a crate not fetched, the registry notes it as wanted,
 * and the driver resolves again.
 */
export function* resolveSteps(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  options: ResolveOptions = {},
): Generator<CrateRef[], ResolveOutcome, void> {
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
  // What activating a package brings, worked out once for the search and any replay after it.
  const dependencies = new DependencyCache(queryer);
  let sat = new Sat(roots, queryer, stats);
  const searched = yield* searchSteps(roots, queryer, {
    budget: options.searchBudget ?? SEARCH_BUDGET,
    dependencies,
    onePass: options.onePass,
    fetching: options.fetching,
    solvable: options.verdictOnly ? undefined : () => sat.solve().oracle !== undefined,
    pause: options.pause,
    failed: options.searchFailed,
  });
  stats.searchSteps = searched.steps;
  stats.backjumps = searched.backjumps;
  stats.searchPasses = searched.passes;
  if (searched.kind === 'resolved') {
    sat.dispose();
    return withCycle(searched.graph, stats);
  }
  if (searched.kind === 'failed' && options.verdictOnly) return { kind: 'failed', failure: searched.failure, stats };
  if (!options.fetching) return afterSearch(roots, queryer, dependencies, sat, stats, false);
  // Over an index that is fetched, the SAT engine first (a conflict needs no replay), and the
  // encoding and the replay stop where they need a crate not fetched yet (PendingCrates). The
  // crates are fetched and they go on: the encoding as it was (it holds no "none yet"), unless
  // the replay had already committed choices to its session.
  for (;;) {
    let pending: PendingCrates;
    try {
      return afterSearch(roots, queryer, dependencies, sat, stats, true);
    } catch (err) {
      if (!(err instanceof PendingCrates)) throw err;
      pending = err;
    }
    const missing = uniqueCrates([...pending.crates, ...queryer.takeNotFetched()]).filter((c) => queryer.isPending(c));
    if (missing.length === 0) throw new InternalError(`${pending.message}, though they are`);
    if (sat.committed) {
      sat.dispose();
      sat = new Sat(roots, queryer, stats);
    }
    yield missing;
  }
}

/**
 * The SAT encoding, built once Cargo's search fails or gives up, and only then; the session it
 * owns lives in MiniSat's shared heap, so an encoding given up on is disposed. Over an index
 * that is fetched, building it may stop for crates not fetched yet and be taken up again.
 */
class Sat {
  private built: { encoding: Encoding; session: Session } | undefined;
  /** The oracle once the encoding's satisfiability is known: null when nothing resolves. */
  private oracle: PrefixOracle | null | undefined;
  private disposed = false;

  constructor(
    private readonly roots: readonly Summary[],
    private readonly queryer: CandidateQueryer,
    private readonly stats: ResolveStats,
  ) {}

  get exists(): boolean {
    return this.built !== undefined;
  }

  /** Whether the replay has committed choices to the session, which a new run cannot undo. */
  get committed(): boolean {
    return this.oracle?.hasCommitted === true;
  }

  solve(): { encoding: Encoding; session: Session; oracle: PrefixOracle | undefined } {
    if (!this.built) {
      this.stats.usedSolver = true;
      const encoding = encode(this.roots, this.queryer);
      this.built = { encoding, session: PrefixOracle.session(encoding) };
    }
    const { encoding, session } = this.built;
    if (this.oracle === undefined) {
      this.oracle = PrefixOracle.create(encoding, session) ?? null;
      // The encoding grows as the solver's models reach packages: its size once this answered.
      this.stats.encodedPackages = encoding.packages.size;
      this.stats.clauses = encoding.problem.constraints.length;
    }
    return { encoding, session, oracle: this.oracle ?? undefined };
  }

  dispose(): void {
    if (this.built && !this.disposed) this.built.session.dispose();
    this.disposed = true;
  }
}

/** Cargo's search found nothing (or gave up): the replay, guided by the SAT engine where needed. */
function afterSearch(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  dependencies: DependencyCache,
  sat: Sat,
  stats: ResolveStats,
  /** Ask the solver before any replay: where nothing resolves, no replay is needed. */
  satFirst: boolean,
): ResolveOutcome {
  const replayStats: ReplayStats = { steps: 0, oracleCalls: 0 };
  let graph: ResolvedGraph;
  // Unless the solver already said that nothing resolves, a replay without it finds its first
  // dead end, which starts the SAT-guided replay.
  const first = (satFirst || sat.exists ? sat.solve().oracle : true)
    ? replayed(roots, queryer, undefined, replayStats, dependencies)
    : undefined;
  if (first instanceof ResolvedGraph) {
    graph = first;
    if (sat.exists) stats.solverCalls = sat.solve().session.solveCount;
    sat.dispose();
  } else {
    const { encoding, session, oracle } = sat.solve();
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
        throw new InternalError(
          `the SAT encoding and the replay disagree at ${again.dep.name} ${again.dep.req} (required by ${again.parent.name} ${again.parent.version})`,
        );
      }
      deadEnd = again;
    }
    stats.solverCalls = oracle.solverCalls;
    sat.dispose();
  }
  stats.replaySteps = replayStats.steps;
  return withCycle(graph, stats);
}

function withCycle(graph: ResolvedGraph, stats: ResolveStats): ResolveOutcome {
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
