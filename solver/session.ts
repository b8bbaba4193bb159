import { createRequire } from 'node:module';
import type LogicModule from 'logic-solver';
import type { Lit, Problem } from './problem.js';

// MiniSat arrives as a large asm.js module that takes a few hundred milliseconds to compile;
// load it on first use, so that resolutions that never need the solver never pay for it.
let loaded: typeof LogicModule | undefined;
function logic(): typeof LogicModule {
  loaded ??= createRequire(import.meta.url)('logic-solver') as typeof LogicModule;
  return loaded;
}

/**
 * One MiniSat instance loaded with a Problem. Groups can be switched on and off per call
 * (through selector variables) when the session is built for explanations; otherwise every
 * constraint is added as is, which is cheaper.
 *
 * MiniSat here has a fixed 64 MB heap, so: clauses are written directly as numeric clauses
 * (no formula objects that add helper variables), at-most-one uses a linear encoding, and
 * assumptions are literals, never optimisation objectives.
 */
export type GroupMode = 'hard' | 'switch' | 'off';

export interface SessionOptions {
  /**
   * Per group: always in force ('hard', the default), switchable per solve call ('switch',
   * one selector variable each; needed for cores), or left out of this session ('off').
   * `true` makes every group switchable.
   */
  selectable?: boolean | ((group: number) => GroupMode);
  /**
   * Groups that stand or fall together share one selector: `representative(g)` names the
   * group whose selector g uses. Solve calls then name representatives only.
   */
  representative?: (group: number) => number;
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
  private readonly solver: InstanceType<typeof LogicModule.Solver>;
  private readonly selectors = new Map<number, number>();
  private extraVars = 0;
  private solves = 0;

  constructor(problem: Problem<unknown>, options: SessionOptions = {}) {
    const Logic = logic();
    this.solver = new Logic.Solver();
    Logic.disablingAssertions(() => {
      for (let v = 1; v <= problem.varCount; v++) this.solver.getVarNum(`v${v}`);
      const mode = modeOf(options.selectable);
      for (const c of problem.constraints) {
        const m = c.group === undefined ? 'hard' : mode(c.group);
        if (m === 'off') continue;
        const sel = m === 'switch' ? this.selector(options.representative ? options.representative(c.group!) : c.group!) : undefined;
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
    logic().disablingAssertions(() => this.clause([toSolver(lit)]));
  }

  /**
   * A model in which every assumption holds, or null. `groups` names the switchable groups in
   * force; the others may be dropped by the solver (leaving a selector free is the same as
   * switching its group off, and keeps each call's assumption small).
   */
  solve(assumptions: readonly Lit[] = [], groups: Iterable<number> = []): Model | null {
    const terms = assumptions.map(toSolver);
    for (const group of groups) {
      const sel = this.selectors.get(group);
      if (sel !== undefined) terms.push(sel);
    }
    this.solves++;
    const Logic = logic();
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
    const Logic = logic();
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

function modeOf(selectable: SessionOptions['selectable']): (group: number) => GroupMode {
  if (typeof selectable === 'function') return selectable;
  return selectable ? () => 'switch' : () => 'hard';
}

function toSolver(lit: Lit): number {
  return lit > 0 ? lit + OFFSET : lit - OFFSET;
}
