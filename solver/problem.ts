/**
 * A satisfiability problem over boolean variables, with every constraint filed under a group.
 * A group is the unit an explanation talks about ("pyo3 0.22.x depends on pyo3-ffi =0.22.x",
 * "only one package may link `python`"); the caller attaches whatever describes it. Constraints
 * without a group are definitions that hold by construction and are never blamed.
 *
 * This module knows nothing about Cargo: callers map their domain onto variables and groups.
 */
export type Lit = number;

export interface GroupInfo<T> {
  id: number;
  tag: T;
}

export interface Constraint {
  kind: 'clause' | 'at-most-one';
  lits: readonly Lit[];
  group: number | undefined;
}

export class Problem<T = unknown> {
  private nextVar = 1;
  readonly constraints: Constraint[] = [];
  readonly groups: GroupInfo<T>[] = [];
  private readonly names: (string | undefined)[] = [undefined];

  /** A fresh variable; `name` only helps debugging. */
  newVar(name?: string): number {
    const v = this.nextVar++;
    this.names[v] = name;
    return v;
  }

  get varCount(): number {
    return this.nextVar - 1;
  }

  varName(v: number): string {
    return this.names[Math.abs(v)] ?? `x${Math.abs(v)}`;
  }

  addGroup(tag: T): number {
    const id = this.groups.length;
    this.groups.push({ id, tag });
    return id;
  }

  /** At least one literal holds. An empty clause makes the group unsatisfiable on its own. */
  addClause(lits: readonly Lit[], group?: number): void {
    this.constraints.push({ kind: 'clause', lits: [...lits], group });
  }

  /** `all(cond) -> any(then)`, written as one clause. */
  addImplication(cond: readonly Lit[], then: readonly Lit[], group?: number): void {
    this.addClause([...cond.map((l) => -l), ...then], group);
  }

  /** At most one of `lits` holds (the session picks a compact encoding). */
  addAtMostOne(lits: readonly Lit[], group?: number): void {
    if (lits.length > 1) this.constraints.push({ kind: 'at-most-one', lits: [...lits], group });
  }
}
