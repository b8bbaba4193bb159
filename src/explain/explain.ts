import type { Session } from '../../solver/session.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/index.js';
import { InternalError } from '../errors.js';
import type { UnusableLine } from '../index/index-file.js';
import type { Encoding } from '../resolve/encode.js';
import type { CandidateQueryer } from '../resolve/query.js';
import type { Conflict } from './conflict.js';
import { buildConflict } from './conflict.js';
import { findCores } from './cores.js';
import type { DeadEnd } from './dead-ends.js';
import { noCompatibleRelease } from './dead-ends.js';
import type { Attempt, Requirement, SuggestContext, Suggestion } from './suggest.js';
import { defaultSuggestOptions, suggestFixes } from './suggest.js';
import type { WhatIfChecker } from './what-if.js';

/**
 * Why an unresolvable workspace does not resolve: every independent conflict as a minimal,
 * merged derivation, notes on packages that have no release for the line the conflict needs,
 * and fixes found by resolving again with edited requirements.
 */
export interface Explanation {
  conflicts: Conflict[];
  suggestions: Suggestion[];
  /** Packages no release of which works with what a conflict needs (report/explanation.ts notes them). */
  deadEnds: DeadEnd[];
  /** The conflict search stopped at its limit; more conflicts may exist. */
  truncated: boolean;
  stats: { solverCalls: number; attempts: number; millis: number };
}

export interface ExplainContext {
  encoding: Encoding;
  queryer: CandidateQueryer;
  members: readonly Summary[];
  versionsOf(name: string): readonly Summary[];
  /** The index lines of a dependency's crate that cargo leaves out, to say why it has no candidates. */
  unusableOf?(dep: Dependency): readonly UnusableLine[];
  /** Resolves again with extra edits (fetching what that needs); used to verify suggestions. */
  resolveWith(
    edits: readonly Edit[],
  ): Promise<
    | { resolved: true; packages: Map<string, string[]> }
    | { resolved: false; encoding?: Encoding; session?: Session; queryer: CandidateQueryer }
  >;
  /** The resolver's session for `encoding`, reused for the first level of the core search. */
  session?: Session;
  /** Quick verdicts for the fix search (see what-if.ts); without it every try is resolved in full. */
  whatIf?: Pick<WhatIfChecker, 'check'>;
  /**
   * Runs `run` until it no longer stops for crates the index has not fetched (PendingCrates
   * from the encoding as the core search or a quick verdict extends it), fetching them in
   * between. Without it, `run` runs once: an index on this machine has everything.
   */
  settled?<T>(run: () => T): Promise<T>;
  baseline?: ReadonlyMap<string, string[]>;
  suggestions?: boolean;
}

export async function explain(ctx: ExplainContext): Promise<Explanation> {
  const started = Date.now();
  const stats = { solverCalls: 0 };
  const settled = <T>(run: () => T): Promise<T> => (ctx.settled ? ctx.settled(run) : Promise.resolve(run()));
  const { cores, truncated } = await settled(() =>
    findCores(ctx.encoding, ctx.queryer, { session: ctx.session }, stats),
  );
  // The most direct conflicts first: fewest facts between the members and the clash.
  const conflicts = cores
    .map((c) =>
      buildConflict(c, ctx.encoding, ctx.queryer, ctx.versionsOf, ctx.unusableOf && ((d) => ctx.unusableOf!(d))),
    )
    .sort((a, b) => a.facts.length - b.facts.length);
  const deadEnds = noCompatibleRelease(conflicts, ctx.versionsOf);

  let suggestions: Suggestion[] = [];
  let attempts = 0;
  if (ctx.suggestions !== false) {
    const sctx: SuggestContext = {
      members: ctx.members,
      versionsOf: ctx.versionsOf,
      baseline: ctx.baseline,
      attempt: async (edits): Promise<Attempt> => {
        const whatIf = ctx.whatIf;
        const quick = whatIf && (await settled(() => whatIf.check(edits)));
        if (quick && !quick.satisfiable) return { kind: 'unresolvable', conflicts: quick.conflicts };
        const r = await ctx.resolveWith(edits);
        if (r.resolved) return { kind: 'resolved', packages: r.packages };
        if (!r.encoding) return { kind: 'unresolvable', conflicts: [] };
        const encoding = r.encoding;
        let found: ReturnType<typeof findCores>;
        try {
          found = await settled(() =>
            findCores(encoding, r.queryer, { requirementsOnly: true, maxConflicts: 1, session: r.session }, stats),
          );
        } finally {
          r.session?.dispose();
        }
        const requirements: Requirement[][] = found.cores.map((c) =>
          c.requirements.map((g) => {
            const tag = r.encoding!.problem.groups[g]!.tag;
            if (tag.kind !== 'dependency') throw new InternalError('requirement group without a dependency');
            return { member: tag.parent, dep: tag.dep };
          }),
        );
        return { kind: 'unresolvable', conflicts: requirements };
      },
    };
    const result = await suggestFixes(
      sctx,
      conflicts.map((c) => c.requirements),
      defaultSuggestOptions(),
    );
    suggestions = result.suggestions;
    attempts = result.attempts ?? 0;
  }
  return {
    conflicts,
    suggestions,
    deadEnds,
    truncated,
    stats: { solverCalls: stats.solverCalls, attempts, millis: Date.now() - started },
  };
}
