import type { Edit } from '../edits/index.js';
import { editFlag } from '../edits/index.js';
import type { MoveSize } from '../plan/moves.js';
import type { Plan, PlanEntry } from '../plan/planner.js';
import { blockerText, coMoveText, entryEdits, noCoMovesText } from '../report/upgrades.js';

/**
 * The upgrade plan as the TUI shows it, as plain data: each move with its words already made
 * (report/upgrades.ts), what it does when applied, and how far the planner has got with it.
 */
export interface PlanView {
  baseline: Plan['baseline'];
  /** Every move decided. */
  done: boolean;
  entries: PlanEntryView[];
}

export type PlanVerdict = 'resolves' | 'with' | 'blocked';

export interface PlanEntryView {
  crate: string;
  members: string[];
  from: string;
  to: string;
  newest: string;
  size: MoveSize;
  state: PlanEntry['state'];
  /** Once known: resolves alone, resolves with co-moves, or blocked. */
  verdict?: PlanVerdict;
  /** The move alone, as flags. */
  flags: string[];
  blockers: string[];
  coMoves: string[];
  /** Why nothing moves with it, when nothing does. */
  blocked?: string;
  resolvesWith?: string[];
  /** What applying it makes: the move and, when it needs them, its co-moves; and as flags. */
  edits: Edit[];
  applyFlags: string[];
}

export function planView(plan: Plan): PlanView {
  return { baseline: plan.baseline, done: plan.done, entries: plan.entries.map(entryView) };
}

function entryView(e: PlanEntry): PlanEntryView {
  const m = e.move;
  const verdict: PlanVerdict | undefined =
    e.resolvesAlone === true
      ? 'resolves'
      : e.state !== 'decided'
        ? e.resolvesAlone === false
          ? 'blocked'
          : undefined
        : e.with
          ? 'with'
          : 'blocked';
  return {
    crate: m.crate,
    members: m.members,
    from: m.from.join(', '),
    to: m.to,
    newest: m.newest,
    size: m.size,
    state: e.state,
    ...(verdict && { verdict }),
    flags: m.edits.map(editFlag),
    blockers: e.blockers.map(blockerText),
    coMoves: (e.with ?? []).map(coMoveText),
    ...(e.state === 'decided' && e.resolvesAlone === false && !e.with && { blocked: noCoMovesText(e) }),
    ...(e.resolvesWith && { resolvesWith: e.resolvesWith }),
    edits: entryEdits(e),
    applyFlags: entryEdits(e).map(editFlag),
  };
}

/** The plan's entry for a crate, if it is behind its newest release. */
export function planEntryFor(plan: PlanView | undefined, crate: string): PlanEntryView | undefined {
  return plan?.entries.find((e) => e.crate === crate);
}
