// Types for the parts of logic-solver (Meteor's MiniSat wrapper) that the session uses.
declare module 'logic-solver' {
  namespace Logic {
    type Term = number | string;
    interface Formula {}
    class Clause {
      constructor(...terms: (Term | Term[])[]);
      terms: number[];
    }
    class Solution {
      getMap(): Record<string, boolean>;
      getTrueVars(): string[];
      evaluate(f: Formula | Term): boolean;
      _assignment: boolean[];
    }
    class Solver {
      constructor();
      getVarNum(name: string, noCreate?: boolean): number;
      require(...f: (Formula | Term | (Formula | Term)[])[]): void;
      forbid(...f: (Formula | Term | (Formula | Term)[])[]): void;
      solve(): Solution | null;
      solveAssuming(f: Formula | Term): Solution | null;
      _addClause(cls: Clause): void;
      _num2name: string[];
      clauses: Clause[];
    }
    function and(...f: (Formula | Term | (Formula | Term)[])[]): Formula;
    function or(...f: (Formula | Term | (Formula | Term)[])[]): Formula;
    function not(f: Formula | Term): Formula;
    function disablingAssertions<T>(f: () => T): T;
    const NUM_FALSE: number;
    const NUM_TRUE: number;
  }
  export default Logic;
}
