import { Engine } from './engine.js';
import type { Lit, Problem } from './problem.js';

/**
 * A Problem loaded into a solver. Groups can be switched on and off per call (through
 * selector variables) for explanations; otherwise every constraint is simply in force.
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
  /**
   * Lazy constraints: shown every model found, it returns true when it added to the problem
   * constraints the model may break; they are loaded and the solve repeated. A problem can so
   * start as a relaxation (fewer constraints) and grow only where models reach: its
   * "unsatisfiable" is final, and a model is only returned once nothing more is added.
   */
  refine?: (model: Model) => boolean;
}

export class Model {
  constructor(
    private readonly assignment: Int8Array,
    private readonly engineVar: (v: number) => number,
  ) {}

  /** Whether a literal of the problem is true in this model. */
  holds(lit: Lit): boolean {
    const v = this.assignment[this.engineVar(Math.abs(lit)) - 1] === 0;
    return lit > 0 ? v : !v;
  }
}

export class Session {
  private readonly engine: Engine;
  /** Engine variable = problem variable + base, for the variables the problem had at first. */
  private readonly base: number;
  private readonly initialVars: number;
  /** Engine variables of problem variables created after the session was built. */
  private readonly laterVars = new Map<number, number>();
  /** Constraints of the problem already loaded. */
  private loaded = 0;
  /** Assumed true by every solve of this session; every clause of it is void without it. */
  private readonly active: number;
  private readonly selectors = new Map<number, number>();
  private readonly mode: (group: number) => GroupMode;
  private readonly rep: (group: number) => number;
  private readonly refine: ((model: Model) => boolean) | undefined;
  private solves = 0;
  private disposed = false;

  constructor(
    private readonly problem: Problem<unknown>,
    options: SessionOptions = {},
  ) {
    const mode = modeOf(options.selectable);
    const rep = options.representative ?? ((g: number) => g);
    this.mode = mode;
    this.rep = rep;
    this.refine = options.refine;
    // Count helper variables first so that the session's variables are one block.
    let extra = 1;
    const switched = new Set<number>();
    for (const c of problem.constraints) {
      const m = c.group === undefined ? 'hard' : mode(c.group);
      if (m === 'off') continue;
      if (m === 'switch') switched.add(rep(c.group!));
      if (c.kind === 'at-most-one' && c.lits.length > 4) extra += c.lits.length - 1;
    }
    extra += switched.size;
    this.engine = Engine.forVariables(problem.varCount + extra);
    this.base = this.engine.allocate(problem.varCount + extra) - 1;
    this.initialVars = problem.varCount;
    let next = this.base + problem.varCount + 1;
    const fresh = () => next++;
    this.active = fresh();
    for (const g of switched) this.selectors.set(g, fresh());
    this.load(fresh);
  }

  /**
   * Loads what was added to the problem since the session was built (a what-if search grows
   * one problem instead of encoding the workspace again for every question).
   */
  extend(): void {
    if (this.loaded === this.problem.constraints.length) return;
    this.load(() => this.engine.allocate(1));
  }

  private load(fresh: () => number): void {
    const constraints = this.problem.constraints;
    for (; this.loaded < constraints.length; this.loaded++) {
      const c = constraints[this.loaded]!;
      const m = c.group === undefined ? 'hard' : this.mode(c.group);
      if (m === 'off') continue;
      let sel: number | undefined;
      if (m === 'switch') {
        const g = this.rep(c.group!);
        sel = this.selectors.get(g);
        if (sel === undefined) {
          sel = this.engine.allocate(1);
          this.selectors.set(g, sel);
        }
      }
      const lits = c.lits.map((l) => this.toEngine(l));
      if (c.kind === 'clause') this.clause(lits, sel);
      else this.atMostOne(lits, sel, fresh);
    }
  }

  /** Number of solver calls so far (for measurements). */
  get solveCount(): number {
    return this.solves;
  }

  /** Makes a literal permanently true (for this session). */
  commit(lit: Lit): void {
    this.clause([this.toEngine(lit)]);
  }

  /**
   * Is there a model in which every assumption holds and the named switchable groups are in
   * force? Switchable groups not named may be dropped by the solver: a free selector is the
   * same as a group switched off, and keeps each call's assumption small.
   */
  satisfiable(assumptions: readonly Lit[] = [], groups: Iterable<number> = []): boolean {
    return this.run(assumptions, groups);
  }

  /** Like satisfiable, returning the model. */
  solve(assumptions: readonly Lit[] = [], groups: Iterable<number> = []): Model | null {
    return this.run(assumptions, groups) ? this.model() : null;
  }

  /** The session's clauses stop weighing on the shared solver. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.engine.retire(this.active);
  }

  private model(): Model {
    return new Model(this.engine.solution(), (v) => this.engineVar(v));
  }

  private run(assumptions: readonly Lit[], groups: Iterable<number>): boolean {
    const named = [...groups];
    for (;;) {
      // The problem may have grown since (another session's refinement, a what-if).
      this.extend();
      if (!this.runOnce(assumptions, named)) return false;
      if (!this.refine?.(this.model())) return true;
    }
  }

  private runOnce(assumptions: readonly Lit[], groups: readonly number[]): boolean {
    if (this.disposed) throw new Error('solve on a disposed session (a bug in its caller)');
    this.solves++;
    const terms = assumptions.map((l) => this.toEngine(l));
    for (const group of groups) {
      const sel = this.selectors.get(group);
      if (sel !== undefined) terms.push(sel);
    }
    if (terms.length === 0) return this.engine.solve(this.active);
    // MiniSat here takes a single assumption variable: a fresh one implies the session's
    // activation and every literal, and is retired afterwards.
    const a = this.engine.allocate(1);
    this.engine.addClause([-a, this.active]);
    for (const t of terms) this.engine.addClause([-a, t]);
    const sat = this.engine.solve(a);
    this.engine.retire(a);
    return sat;
  }

  private engineVar(v: number): number {
    if (v <= this.initialVars) return v + this.base;
    let e = this.laterVars.get(v);
    if (e === undefined) {
      e = this.engine.allocate(1);
      this.laterVars.set(v, e);
    }
    return e;
  }

  private toEngine(lit: Lit): number {
    return lit > 0 ? this.engineVar(lit) : -this.engineVar(-lit);
  }

  private clause(terms: number[], selector?: number): void {
    const guarded = [...terms, -this.active];
    if (selector !== undefined) guarded.push(-selector);
    this.engine.addClause(guarded);
  }

  // Sinz's sequential counter: n-1 helper variables and about 3n short clauses instead of
  // n^2/2 pairwise ones, which matters for long version lists and `links` groups.
  private atMostOne(terms: number[], selector: number | undefined, fresh: () => number): void {
    if (terms.length <= 4) {
      for (let i = 0; i < terms.length; i++)
        for (let j = i + 1; j < terms.length; j++) this.clause([-terms[i]!, -terms[j]!], selector);
      return;
    }
    let prev = fresh();
    this.clause([-terms[0]!, prev], selector);
    for (let i = 1; i < terms.length - 1; i++) {
      const s = fresh();
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
