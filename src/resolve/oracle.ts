import { Session } from '../../solver/session.js';
import type { Oracle } from './activate.js';
import type { EdgeChoice, Encoding } from './encode.js';
import { packageId } from './ids.js';

/**
 * Steers the replay to the first complete path of cargo's depth-first search with few solver
 * calls. Cargo's search takes, at each step, the first candidate from which a resolution can
 * still be completed. A run that takes the first valid candidate everywhere agrees with that up
 * to its first choice that cannot be completed. That choice is found by binary search over the
 * run's choices (are the first j choices satisfiable together?); the next run replays the
 * verified prefix, checks that one step candidate by candidate, and goes on optimistically
 * again. Each run costs one replay and about log2(steps) solver calls.
 */
export class PrefixOracle implements Oracle {
  /** Choices known to be on cargo's path, step by step; committed in the session. */
  private verified: EdgeChoice[] = [];
  /** The one step this run checks with the solver (-1: none, the first, greedy run). */
  private checkStep = -1;
  private calls = 0;
  private commits = 0;

  private constructor(
    private readonly session: Session,
    private readonly encoding: Encoding,
  ) {}

  /**
   * A session over the encoding in which the members' requirements are switchable groups (all
   * on when resolving): when the answer is "unsatisfiable", the same session serves the search
   * for which requirements clash, without loading the problem into a second solver.
   */
  static session(encoding: Encoding): Session {
    const roots = new Set(encoding.roots.map(packageId));
    // Tag-based rather than a fixed list, so requirements a what-if adds later switch too.
    return new Session(encoding.problem, {
      refine: (model) => encoding.refine(model),
      selectable: (g) => {
        const tag = encoding.problem.groups[g]!.tag;
        return tag.kind === 'dependency' && roots.has(packageId(tag.parent)) ? 'switch' : 'hard';
      },
    });
  }

  /** An oracle for a satisfiable encoding, or undefined when nothing resolves. */
  static create(encoding: Encoding, session: Session): PrefixOracle | undefined {
    const oracle = new PrefixOracle(session, encoding);
    return oracle.satisfiable([]) ? oracle : undefined;
  }

  get solverCalls(): number {
    return this.calls;
  }

  /** Whether choices were committed to the session: it then answers for this replay only. */
  get hasCommitted(): boolean {
    return this.commits > 0;
  }

  /** The step the current run checks. */
  get checkedStep(): number {
    return this.checkStep;
  }

  /** Prepares the next run from the choices of a run that hit a dead end. */
  learnFrom(choices: readonly EdgeChoice[]): void {
    const from = this.verified.length;
    let lo = from;
    let hi = choices.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.satisfiable(choices.slice(from, mid))) lo = mid;
      else hi = mid - 1;
    }
    for (const c of choices.slice(from, lo)) this.commitLiteral(c);
    this.verified = choices.slice(0, lo);
    this.checkStep = lo;
  }

  feasible(step: number, choice: EdgeChoice): boolean {
    if (step < this.checkStep) return packageId(this.verified[step]!.candidate) === packageId(choice.candidate);
    if (step > this.checkStep) return true;
    return this.satisfiable([choice]);
  }

  commit(step: number, choice: EdgeChoice): void {
    if (step !== this.checkStep) return;
    this.commitLiteral(choice);
    this.verified = [...this.verified, choice];
  }

  private satisfiable(choices: readonly EdgeChoice[]): boolean {
    this.calls++;
    const lits: number[] = [];
    for (const c of choices) {
      const lit = this.encoding.choiceLiteral(c);
      // The encoding rules the pick out (a feature the candidate lacks): not satisfiable.
      if (lit === undefined) return false;
      lits.push(lit);
    }
    return this.session.satisfiable(lits, this.encoding.requirementGroups);
  }

  private commitLiteral(c: EdgeChoice): void {
    const lit = this.encoding.choiceLiteral(c);
    if (lit !== undefined) {
      this.session.commit(lit);
      this.commits++;
    }
  }
}
