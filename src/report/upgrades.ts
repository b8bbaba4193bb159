import type { Edit } from '../edits/edit.js';
import { editFlag } from '../edits/edit.js';
import type { Blocker, CoMove } from '../plan/co-moves.js';
import type { Move } from '../plan/moves.js';
import type { Plan, PlanEntry } from '../plan/planner.js';
import type { Invocation } from './command-line.js';
import { commandLine } from './command-line.js';
import { conflictSummary } from './facts.js';

/**
 * The upgrade plan in words: each move as cargo prints a step (a right-aligned verb, then what),
 * its blockers, its co-moves, and the command that applies it, runnable as printed from any
 * directory; and the plan as `upgrades --json` gives it to scripts.
 */
export interface PlanWords {
  invocation: Invocation;
  /** The user's edits the plan was made on top of (command line, TUI stack). */
  userEdits: readonly Edit[];
}

const verb = (v: string) => v.padStart(12);
const INDENT = ' '.repeat(13);

/** `pyo3 ^0.22, ^0.20 -> 0.25 (major) in arrow_quant_v2, arrow_storage`. */
export function moveText(m: Move): string {
  return `${m.crate} ${m.from.join(', ')} -> ${m.to} (${m.size}) in ${m.members.join(', ')}`;
}

/** A blocker as one sentence ("pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20"). */
export function blockerText(b: Blocker): string {
  switch (b.kind) {
    case 'requires':
      return b.noRelease
        ? `${b.dependent}'s newest release, ${b.release}, requires ${b.crate} ${b.requires}`
        : `${b.member}'s ${b.dependent} ${b.dependentReq} takes ${b.dependent} ${b.release}, which requires ${b.crate} ${b.requires}`;
    case 'needs':
      return `${b.release} requires ${b.crate} ${b.requires}, and ${b.member} has ${b.crate} ${b.memberReq}`;
    case 'conflict':
      return conflictSummary(b.conflict);
    case 'cycle':
      return `a dependency cycle: ${b.packages.join(' -> ')}`;
  }
}

/** "numpy 0.20 -> 0.25 in arrow_storage". */
export function coMoveText(c: CoMove): string {
  return `${c.crate} ${c.from.join(', ')} -> ${c.to}${c.members.length ? ` in ${c.members.join(', ')}` : ''}`;
}

/** Why nothing moves with it: the crates in the way with no release for the new line, or the search's limit. */
export function noCoMovesText(e: PlanEntry): string {
  if (e.deadEnds.length > 0) {
    const line = `${e.move.crate} ${lineLabel(e.move.to)}`;
    // A crate that depends on the moved one has no release that supports its new line; any other
    // (pyo3-asyncio, for numpy's move) has none that can be in one graph with it.
    const depends = (d: string) => e.blockers.some((b) => b.kind === 'requires' && b.dependent === d);
    const supports = e.deadEnds.filter(depends);
    const others = e.deadEnds.filter((d) => !depends(d));
    return [
      ...(supports.length > 0 ? [`no release of ${supports.join(' or ')} supports ${line}`] : []),
      ...(others.length > 0 ? [`no release of ${others.join(' or ')} works with ${line}`] : []),
    ].join('; ');
  }
  if (e.search && !e.search.complete)
    return `no set of co-moves found in ${e.search.attempts} tries (the search stopped there)`;
  return 'no set of co-moves among the dependencies in the way resolves';
}

function lineLabel(to: string): string {
  return /^\d+(\.\d+)?$/.test(to) && !/^0\.0/.test(to) ? `${to}.x` : to;
}

/** The edits that apply an entry: the move, and its co-moves when it needs them. */
export function entryEdits(e: PlanEntry): Edit[] {
  return [...e.move.edits, ...(e.with ?? []).flatMap((c) => c.edits)];
}

/** Whether applying `entryEdits` resolves (as far as the plan has decided). */
export function entryResolves(e: PlanEntry): boolean {
  return e.resolvesAlone === true || (e.with !== undefined && e.with !== null);
}

function command(e: PlanEntry, words: PlanWords): string {
  return commandLine({ ...words.invocation, command: 'lock' }, [...words.userEdits, ...entryEdits(e)]);
}

/** One decided entry, as `upgrades` prints it. */
export function entryText(e: PlanEntry, words: PlanWords): string {
  const out: string[] = [];
  const picked = e.resolvesWith?.length ? `${e.move.crate} ${e.resolvesWith.join(' + ')}` : undefined;
  if (e.resolvesAlone) {
    out.push(`${verb('Resolves')} ${moveText(e.move)}${picked ? ` (resolves with ${picked})` : ''}`);
    out.push(`${INDENT}${command(e, words)}`);
    return out.join('\n') + '\n';
  }
  out.push(`${verb('Blocked')} ${moveText(e.move)}`);
  for (const b of e.blockers) out.push(`${INDENT}blocked by: ${blockerText(b)}`);
  if (e.with) {
    out.push(`${INDENT}resolves with: ${e.with.map(coMoveText).join('; ')}${picked ? ` (${picked})` : ''}`);
    out.push(`${INDENT}${command(e, words)}`);
  } else {
    out.push(`${INDENT}blocked: ${noCoMovesText(e)}`);
    out.push(`${INDENT}alone: ${e.move.edits.map(editFlag).join(' ')}`);
  }
  return out.join('\n') + '\n';
}

/** The line before the moves: how many, and what the workspace does without them. */
export function planHeader(plan: Plan, workspace: string): string {
  const n = plan.entries.length;
  const what =
    n === 0
      ? 'no dependency is behind its newest release'
      : `${n} dependenc${n === 1 ? 'y' : 'ies'} behind the newest release`;
  const lines = [`${verb('Planning')} ${workspace}: ${what}`];
  if (plan.baseline === 'unresolvable')
    lines.push(
      'note: the workspace does not resolve as it is (`cargo-whatif explain` says why); each move is resolved on top of that',
    );
  if (plan.baseline === 'cycle')
    lines.push('note: the workspace has a dependency cycle as it is; each move is resolved on top of that');
  return lines.join('\n') + '\n';
}

export function planSummary(plan: Plan): string {
  const alone = plan.entries.filter((e) => e.resolvesAlone).length;
  const withCo = plan.entries.filter((e) => !e.resolvesAlone && e.with).length;
  const blocked = plan.entries.length - alone - withCo;
  return `${verb('Planned')} ${plan.entries.length} move${plan.entries.length === 1 ? '' : 's'}: ${alone} resolve${alone === 1 ? 's' : ''} alone, ${withCo} with co-moves, ${blocked} blocked\n`;
}

/** `upgrades --json`: the contract's document. */
export function planJson(plan: Plan, words: PlanWords): Record<string, unknown> {
  return {
    status: 'plan',
    baseline: plan.baseline,
    moves: plan.entries.map((e) => {
      const m = e.move;
      const doc: Record<string, unknown> = {
        crate: m.crate,
        members: m.members,
        from: m.from.join(', '),
        to: m.to,
        resolvesAlone: e.resolvesAlone === true,
        flags: m.edits.map(editFlag),
        size: m.size,
        line: m.line,
        newest: m.newest,
        uses: m.uses.map((u) => ({
          member: u.member,
          key: u.key,
          req: u.req,
          kind: u.kind,
          ...(u.target && { target: u.target }),
          resolved: u.resolved,
          moves: u.moves,
        })),
        ...(e.resolvesWith?.length && { resolvesWith: e.resolvesWith }),
      };
      if (!e.resolvesAlone) {
        doc.blockedBy = e.blockers.map(blockerText);
        doc.with = e.with ? e.with.flatMap((c) => c.edits.map(editFlag)) : null;
        if (e.with)
          doc.coMoves = e.with.map((c) => ({
            crate: c.crate,
            members: c.members,
            from: c.from.join(', '),
            to: c.to,
            flags: c.edits.map(editFlag),
          }));
        else doc.blocked = noCoMovesText(e);
        if (e.search) doc.search = e.search;
      }
      if (entryResolves(e)) doc.command = command(e, words);
      return doc;
    }),
  };
}
