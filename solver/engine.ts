import { createRequire } from 'node:module';

/**
 * One MiniSat instance (logic-solver's emscripten build, driven through its own MiniSat
 * wrapper) shared by many sessions. Creating an instance allocates its fixed 64 MB heap, which
 * costs milliseconds and, worse, garbage-collection pressure when a what-if search creates
 * dozens; so sessions share one, each guarding its clauses with an activation variable that
 * is assumed while the session solves and falsified for good when it is disposed (MiniSat then
 * drops those clauses as satisfied). A new instance is started once enough variables have
 * accumulated, since models are read for every variable ever created.
 */
interface MiniSatInstance {
  /** The emscripten module: the C functions and the heap. */
  _C: {
    _getNumVars(): number;
    _getSolution(): number;
    _addClause(ptr: number): number;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    HEAP8: Int8Array;
    HEAP32: Int32Array;
  };
  ensureVar(v: number): void;
  addClause(terms: number[]): boolean;
  solve(): boolean;
  solveAssuming(v: number): boolean;
  getSolution(): boolean[];
  retireVar(v: number): void;
  _clauses: number[][];
}

type MiniSatConstructor = new () => MiniSatInstance;

// The asm.js module takes a few hundred milliseconds to compile: load it on first use, so
// resolutions that never need the solver never pay for it.
let MiniSat: MiniSatConstructor | undefined;
function miniSat(): MiniSatConstructor {
  MiniSat ??= createRequire(import.meta.url)('logic-solver/minisat_wrapper.js') as MiniSatConstructor;
  return MiniSat;
}

/**
 * Loads MiniSat now rather than on first use: a caller that will need the engine and is waiting
 * for something else (the network) overlaps the load with that wait.
 */
export function loadEngine(): void {
  miniSat();
}

// A satisfiable call assigns every variable the instance has ever had, retired sessions'
// included, so an instance is replaced before their number dwarfs a live problem's.
const MAX_VARS_PER_ENGINE = 20_000;

export class Engine {
  private static current: Engine | undefined;
  private readonly minisat: MiniSatInstance = new (miniSat())();
  private vars = 0;
  /** Instances created in this process, for measurements. */
  static instances = 0;

  private constructor() {
    Engine.instances++;
  }

  /** The shared engine, or a fresh one when the shared one has grown large. */
  static forVariables(count: number): Engine {
    if (!Engine.current || Engine.current.vars + count > MAX_VARS_PER_ENGINE) Engine.current = new Engine();
    return Engine.current;
  }

  /** Reserves `count` consecutive variables; returns the first. */
  allocate(count: number): number {
    const first = this.vars + 1;
    this.vars += count;
    this.minisat.ensureVar(this.vars);
    return first;
  }

  /**
   * Adds a clause by writing its zero-terminated literals into one reused buffer of the C heap:
   * a single call into the solver, where the wrapper makes one per literal (and keeps a debug
   * copy of every clause).
   */
  addClause(terms: readonly number[]): void {
    const C = this.minisat._C;
    if (terms.length + 1 > this.bufferSize) {
      if (this.buffer) C._free(this.buffer);
      this.bufferSize = Math.max(64, 2 * (terms.length + 1));
      this.buffer = C._malloc(this.bufferSize * 4);
    }
    const at = this.buffer >> 2;
    C.HEAP32.set(terms, at);
    C.HEAP32[at + terms.length] = 0;
    C._addClause(this.buffer);
  }

  private buffer = 0;
  private bufferSize = 0;

  /** Satisfiable with variable `assumption` true? */
  solve(assumption: number): boolean {
    return this.minisat.solveAssuming(assumption);
  }

  /**
   * The last model: byte v-1 is 0 when variable v is true (MiniSat's l_True). Copied out of
   * the C heap in one go; the wrapper's getSolution reads it a variable at a time.
   */
  solution(): Int8Array {
    const C = this.minisat._C;
    const ptr = C._getSolution();
    return C.HEAP8.slice(ptr, ptr + C._getNumVars());
  }

  /** Makes `v` false forever (and everything guarded by it inert). */
  retire(v: number): void {
    this.minisat.retireVar(v);
  }
}
