import type { Summary } from '../cargo/summary.js';
import type { ReplayStats } from './activate.js';
import { DeadEnd, replay } from './activate.js';
import type { Encoding } from './encode.js';
import { encode } from './encode.js';
import { findCycle } from './cycles.js';
import type { ResolvedGraph } from './graph.js';
import { PrefixOracle } from './oracle.js';
import type { CandidateQueryer } from './query.js';
import type { Session } from '../../solver/session.js';

/**
 * Resolution as Cargo does it, in two gears. First the replay of Cargo's search runs with no
 * solver at all: when Cargo would never have had to backtrack, that is already its answer.
 * Only at a dead end is the SAT encoding built: unsatisfiable means Cargo fails too; otherwise
 * the replay runs again, guided by the solver, to the first complete path Cargo would find.
 */
export type ResolveOutcome =
  | { kind: 'resolved'; graph: ResolvedGraph; stats: ResolveStats }
  | { kind: 'unresolvable'; encoding: Encoding; session: Session; deadEnd: DeadEnd; stats: ResolveStats }
  | { kind: 'cycle'; graph: ResolvedGraph; cycle: Summary[]; stats: ResolveStats };

export interface ResolveStats {
  replaySteps: number;
  usedSolver: boolean;
  solverCalls: number;
  encodedPackages: number;
  clauses: number;
}

export function resolveGraph(roots: readonly Summary[], queryer: CandidateQueryer): ResolveOutcome {
  const stats: ResolveStats = { replaySteps: 0, usedSolver: false, solverCalls: 0, encodedPackages: 0, clauses: 0 };
  const replayStats: ReplayStats = { steps: 0, oracleCalls: 0 };
  let graph: ResolvedGraph;
  try {
    graph = replay(roots, queryer, undefined, replayStats);
  } catch (err) {
    if (!(err instanceof DeadEnd)) throw err;
    stats.usedSolver = true;
    const encoding = encode(roots, queryer);
    stats.encodedPackages = encoding.packages.size;
    stats.clauses = encoding.problem.constraints.length;
    const session = PrefixOracle.session(encoding);
    const oracle = PrefixOracle.create(encoding, session);
    if (!oracle) {
      stats.replaySteps = replayStats.steps;
      stats.solverCalls = session.solveCount;
      return { kind: 'unresolvable', encoding, session, deadEnd: err, stats };
    }
    let deadEnd = err;
    for (;;) {
      oracle.learnFrom(deadEnd.choices);
      try {
        graph = replay(roots, queryer, oracle, replayStats);
        break;
      } catch (again) {
        if (!(again instanceof DeadEnd)) throw again;
        // The solver said this step could be completed and the replay found no way to: the
        // encoding and cargo's rules disagree here. Say so rather than loop.
        if (again.choices.length <= oracle.checkedStep) {
          throw new Error(`internal: the SAT encoding and the replay disagree at ${again.dep.name} ${again.dep.req} (required by ${again.parent.name} ${again.parent.version})`);
        }
        deadEnd = again;
      }
    }
    stats.solverCalls = oracle.solverCalls;
    session.dispose();
  }
  stats.replaySteps = replayStats.steps;
  const cycle = findCycle(graph);
  if (cycle) return { kind: 'cycle', graph, cycle, stats };
  return { kind: 'resolved', graph, stats };
}
