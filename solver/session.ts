import Logic from 'logic-solver';
import type { Lit, Problem } from './problem.js';

/**
 * One MiniSat instance loaded with a Problem. Groups can be switched on and off per call
 * (through selector variables) when the session is built for explanations; otherwise every
 * constraint is added as is, which is cheaper.
 *
 * MiniSat here has a fixed 64 MB heap, so: clauses are written directly as numeric clauses
 * (no formula objects that add helper variables), at-most-one uses a linear encoding, and
 * assumptions are literals, never optimisation objectives.
 */
export interface SessionOptions {
  /** Make every group switchable; needed for cores, costs one variable per group. */
  selectable?: boolean;
}

export class Model {
  constructor(private readonly assignment: boolean[]) {}

  /** Whether a literal of the problem is true in this model. */
  holds(lit: Lit): boolean {
    const v = this.assignment[Math.abs(lit) + OFFSET] ?? false;
    return lit > 0 ? v : !v;
  }
}

// logic-solver numbers its own $F and $T as 1 and 2; problem variable v is solver variable v + 2.
const OFFSET = 2;

export class Session {
  private readonly solver = new Logic.Solver();
  private readonly selectors = new Map<number, number>();
  private extraVars = 0;
  private solves = 0;

  constructor(
    private readonly problem: Problem<unknown>,
    private readonly options: SessionOptions = {},
  ) {
    Logic.disablingAssertions(() => {
      for (let v = 1; v <= problem.varCount; v++) this.solver.getVarNum(`v${v}`);
      for (const c of problem.constraints) {
        const sel = c.group !== undefined && options.selectable ? this.selector(c.group) : undefined;
        if (c.kind === 'clause') this.clause(c.lits.map(toSolver), sel);
        else this.atMostOne(c.lits.map(toSolver), sel);
      }
    });
  }

  /** Number of solver calls so far (for measurements). */
  get solveCount(): number {
    return this.solves;
  }

  /** Makes a literal permanently true. */
  commit(lit: Lit): void {
    Logic.disablingAssertions(() => this.clause([toSolver(lit)]));
  }

  /**
   * A model in which every assumption holds, or null. With a selectable session, `groups`
   * names the groups in force (all others are off); without, every group is in force.
   */
  solve(assumptions: readonly Lit[] = [], groups?: Iterable<number>): Model | null {
    const terms = assumptions.map(toSolver);
    if (groups) {
      if (!this.options.selectable) throw new Error('solve(groups) needs a selectable session');
      const on = new Set(groups);
      for (const [group, sel] of this.selectors) terms.push(on.has(group) ? sel : -sel);
    }
    this.solves++;
    const solution = Logic.disablingAssertions(() => {
      if (terms.length === 0) return this.solver.solve();
      if (terms.length === 1) return this.solver.solveAssuming(terms[0]!);
      return this.solver.solveAssuming(Logic.and(terms));
    });
    return solution ? new Model(solution._assignment) : null;
  }

  private selector(group: number): number {
    let sel = this.selectors.get(group);
    if (sel === undefined) {
      sel = this.freshVar();
      this.selectors.set(group, sel);
    }
    return sel;
  }

  private freshVar(): number {
    return this.solver.getVarNum(`s${++this.extraVars}`);
  }

  private clause(terms: number[], selector?: number): void {
    if (selector !== undefined) terms = [...terms, -selector];
    if (terms.length === 0) terms = [Logic.NUM_FALSE];
    this.solver._addClause(new Logic.Clause(terms));
  }

  // Sinz's sequential counter: n-1 helper variables and about 3n binary/ternary clauses,
  // instead of n^2/2 pairwise clauses, which matters for long version lists and `links` groups.
  private atMostOne(terms: number[], selector?: number): void {
    if (terms.length <= 4) {
      for (let i = 0; i < terms.length; i++)
        for (let j = i + 1; j < terms.length; j++) this.clause([-terms[i]!, -terms[j]!], selector);
      return;
    }
    let prev = this.freshVar();
    this.clause([-terms[0]!, prev], selector);
    for (let i = 1; i < terms.length - 1; i++) {
      const s = this.freshVar();
      this.clause([-terms[i]!, s], selector);
      this.clause([-prev, s], selector);
      this.clause([-terms[i]!, -prev], selector);
      prev = s;
    }
    this.clause([-terms[terms.length - 1]!, -prev], selector);
  }
}

function toSolver(lit: Lit): number {
  return lit > 0 ? lit + OFFSET : lit - OFFSET;
}
