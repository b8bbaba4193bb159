import { enumerateCores } from '../../solver/cores.js';
import type { Session } from '../../solver/session.js';
import type { Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/index.js';
import { applyEdits } from '../edits/index.js';
import { InternalError } from '../errors.js';
import type { Encoding } from '../resolve/encode.js';
import { FeatureError } from '../resolve/features.js';
import type { Requirement } from './suggest.js';

/**
 * Quick what-if verdicts for the fix search, on the encoding of the failed resolution: an edit
 * changes only the members' own requirements, so the registry's part of the problem is shared
 * and each question is one more set of requirement groups and a solver call, instead of a new
 * encoding. "Unsatisfiable" is final (the edited workspace cannot resolve); "satisfiable" is
 * confirmed by a full resolution before a fix is shown, which also accounts for Cargo.lock.
 */
export type QuickVerdict = { satisfiable: true } | { satisfiable: false; conflicts: Requirement[][] } | undefined;

export class WhatIfChecker {
  constructor(
    private readonly encoding: Encoding,
    private readonly session: Session,
    /** The members the edits apply to (the manifests plus edits already in force). */
    private readonly members: readonly Summary[],
  ) {}

  /** undefined when this question needs a full resolution (a pin changes the registry's part). */
  check(edits: readonly Edit[]): QuickVerdict {
    if (edits.some((e) => e.kind === 'pin' || e.kind === 'add' || e.kind === 'upgrade')) return undefined;
    let groups: number[];
    try {
      groups = applyEdits(this.members, edits).members.flatMap((m) => this.encoding.requirementsOf(m));
    } catch (err) {
      if (err instanceof FeatureError) return undefined;
      throw err;
    }
    this.session.extend();
    const sat = (gs: readonly number[]) => this.session.satisfiable([], gs);
    if (sat(groups)) return { satisfiable: true };
    const { cores } = enumerateCores([], groups, sat, { maxCores: 1 });
    const conflicts = cores.map((core) =>
      core.map((g) => {
        const tag = this.encoding.problem.groups[g]!.tag;
        if (tag.kind !== 'dependency') throw new InternalError('a requirement group without a dependency');
        return { member: tag.parent, dep: tag.dep };
      }),
    );
    return { satisfiable: false, conflicts };
  }
}
