import type { Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/index.js';
import { applyEdits } from '../edits/index.js';
import type { Conflict } from '../explain/conflict.js';
import type { Resolution } from '../pipeline/resolution.js';
import { disposeResolution } from '../pipeline/resolution.js';
import { packageId } from '../resolve/ids.js';
import type { WhatIfSession } from '../session/session.js';
import type { Blocker, CoMove } from './co-moves.js';
import { blockersOf, coMoveOptions } from './co-moves.js';
import type { Move, ResolvedVersions, VersionsOf } from './moves.js';
import { findMoves } from './moves.js';

/**
 * The upgrade plan: for each move (moves.ts), whether it resolves alone, and when it does not,
 * what blocks it and the smallest set of co-moves that resolves with it.
 *
 * The cheap questions come first and are answered for every move before any costly one: "does
 * it resolve alone?" is one resolution, cargo's verdict. Only the blocked moves are then
 * explained (minimal conflicts, no fix search), and their co-moves searched breadth first, so
 * that the first set that resolves is a smallest one: every set that resolves must break each
 * minimal conflict, so each level adds one way out of one conflict of the level before. Every
 * set is checked by resolving.
 *
 * The plan is a stream: each answer is yielded as it comes, so the command prints a move as
 * soon as it is decided and the TUI shows it; a consumer that stops iterating stops the plan,
 * and every solver session it opened is given back.
 */
export type EntryState = 'pending' | 'explaining' | 'decided';

export interface PlanEntry {
  move: Move;
  state: EntryState;
  /** Known once the first phase has reached this move. */
  resolvesAlone?: boolean;
  /** With the move (and its co-moves, when they resolve): the moved crate's versions in the graph. */
  resolvesWith?: string[];
  blockers: Blocker[];
  /** The smallest set of co-moves found that resolves with the move; null when none does. */
  with?: CoMove[] | null;
  /** Crates in the way with no release that works with the move (`with` is then null). */
  deadEnds: string[];
  /** Resolutions tried for co-moves, and whether the search ran to its end (not stopped by a limit). */
  search?: { attempts: number; complete: boolean };
}

export interface Plan {
  /** What the workspace does without any move (with the user's edits). */
  baseline: 'resolves' | 'unresolvable' | 'cycle';
  entries: PlanEntry[];
  done: boolean;
}

export interface PlanUpdate {
  plan: Plan;
  /** The entry that changed; undefined for the first update (the moves, nothing decided yet) and the last. */
  changed?: number;
}

export interface PlanOptions {
  /** Edits on top of the session's own (the TUI's stack), which the plan starts from. */
  extra?: readonly Edit[];
  /** Co-move sets tried per blocked move, at most. */
  maxAttempts?: number;
  /** Co-moves in a set, at most. */
  maxCoMoves?: number;
  /** Awaited between two questions, so that an interactive caller gets the thread (keys, frames). */
  between?: () => Promise<void>;
}

export async function* planUpgrades(
  session: WhatIfSession,
  options: PlanOptions = {},
): AsyncGenerator<PlanUpdate, Plan, void> {
  const extra = options.extra ?? [];
  const versionsOf: VersionsOf = (name, source) => session.input.registry.get(name, source);
  const members = applyEdits(session.input.baseMembers, [...session.input.edits, ...extra], session.versionsOf).members;
  const between = options.between ?? (() => Promise.resolve());

  const base = await session.resolve(extra);
  let baseline: Plan['baseline'];
  let resolved: ResolvedVersions | undefined;
  try {
    baseline = base.outcome.kind === 'resolved' ? 'resolves' : base.outcome.kind === 'cycle' ? 'cycle' : 'unresolvable';
    if (base.outcome.kind === 'resolved') resolved = resolvedVersions(base);
  } finally {
    disposeResolution(base);
  }
  const moves = findMoves(members, versionsOf, resolved);
  let entries: PlanEntry[] = moves.map((move) => ({ move, state: 'pending', blockers: [], deadEnds: [] }));
  const snapshot = (done = false): Plan => ({ baseline, entries, done });
  const update = (i: number, patch: Partial<PlanEntry>): PlanUpdate => {
    entries = entries.map((e, j) => (j === i ? { ...e, ...patch } : e));
    return { plan: snapshot(), changed: i };
  };
  yield { plan: snapshot() };

  // The cheap questions: does each move resolve alone?
  const blocked: number[] = [];
  for (const [i, move] of moves.entries()) {
    await between();
    const r = await session.resolve([...extra, ...move.edits]);
    try {
      if (r.outcome.kind === 'resolved') {
        yield update(i, { state: 'decided', resolvesAlone: true, resolvesWith: versionsIn(r, move.crate) });
        continue;
      }
    } finally {
      disposeResolution(r);
    }
    blocked.push(i);
    yield update(i, { state: 'explaining', resolvesAlone: false });
  }

  // The costly ones, for the blocked moves only: what blocks them, and what must move with them.
  for (const i of blocked) {
    await between();
    const move = moves[i]!;
    const first = await conflictsWith(session, [...extra, ...move.edits]);
    if (first.kind === 'resolved') {
      // Resolved once more crates were fetched: the verdict of the first phase read "none yet".
      yield update(i, { state: 'decided', resolvesAlone: true, resolvesWith: first.versions(move.crate) });
      continue;
    }
    if (first.kind === 'cycle') {
      yield update(i, {
        state: 'decided',
        blockers: [{ kind: 'cycle', packages: first.packages }],
        with: null,
        search: { attempts: 0, complete: true },
      });
      continue;
    }
    const found = await searchCoMoves(session, move, first.conflicts, {
      extra,
      members,
      versionsOf,
      between,
      maxAttempts: options.maxAttempts ?? 8,
      maxCoMoves: options.maxCoMoves ?? 3,
    });
    yield update(i, {
      state: 'decided',
      blockers: blockersOf(first.conflicts, move, versionsOf),
      with: found.coMoves,
      deadEnds: found.deadEnds,
      resolvesWith: found.resolvesWith,
      search: { attempts: found.attempts, complete: found.complete },
    });
  }
  const plan = snapshot(true);
  yield { plan };
  return plan;
}

type Outcome =
  | { kind: 'resolved'; versions: (crate: string) => string[] }
  | { kind: 'unresolvable'; conflicts: Conflict[] }
  | { kind: 'cycle'; packages: string[] };

/** Resolves with `edits`; when that fails, explains it (the conflicts only). */
async function conflictsWith(session: WhatIfSession, edits: readonly Edit[]): Promise<Outcome> {
  const r = await session.resolve(edits);
  try {
    const outcome = r.outcome;
    if (outcome.kind === 'resolved') return { kind: 'resolved', versions: (crate) => versionsIn(r, crate) };
    if (outcome.kind === 'cycle')
      return { kind: 'cycle', packages: outcome.cycle.map((s) => `${s.name} v${s.version}`) };
    const ex = await session.explain(r, edits, { suggestions: false });
    return { kind: 'unresolvable', conflicts: ex?.conflicts ?? [] };
  } finally {
    disposeResolution(r);
  }
}

interface SearchContext {
  extra: readonly Edit[];
  members: readonly Summary[];
  versionsOf: VersionsOf;
  between: () => Promise<void>;
  maxAttempts: number;
  maxCoMoves: number;
}

interface SearchResult {
  coMoves: CoMove[] | null;
  deadEnds: string[];
  attempts: number;
  complete: boolean;
  resolvesWith?: string[];
}

/**
 * Breadth first over sets of co-moves: a level adds, to each set that still fails, one of the
 * ways out of its most constrained conflict (the one with the fewest). The first set that
 * resolves is a smallest one among those ways; a conflict with none left ends that branch.
 */
async function searchCoMoves(
  session: WhatIfSession,
  move: Move,
  conflicts: Conflict[],
  ctx: SearchContext,
): Promise<SearchResult> {
  let frontier: { coMoves: CoMove[]; conflicts: Conflict[] }[] = [{ coMoves: [], conflicts }];
  const deadEnds = new Set<string>();
  const visited = new Set<string>();
  let attempts = 0;
  for (let depth = 1; depth <= ctx.maxCoMoves && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      const taken = new Set(node.coMoves.map((c) => c.crate));
      const options = node.conflicts.map((c) => coMoveOptions(c, move, ctx.members, ctx.versionsOf, taken));
      const stuck = options.find((o) => o.coMoves.length === 0);
      if (stuck) {
        for (const d of stuck.deadEnds) deadEnds.add(d);
        continue;
      }
      const pick = options.reduce((a, b) => (b.coMoves.length < a.coMoves.length ? b : a));
      for (const coMove of pick.coMoves) {
        const set = [...node.coMoves, coMove];
        const key = set
          .map((c) => `${c.crate}@${c.to}`)
          .sort()
          .join(' ');
        if (visited.has(key)) continue;
        visited.add(key);
        if (attempts >= ctx.maxAttempts) return { coMoves: null, deadEnds: [...deadEnds], attempts, complete: false };
        attempts++;
        await ctx.between();
        const outcome = await conflictsWith(session, [...ctx.extra, ...move.edits, ...set.flatMap((c) => c.edits)]);
        if (outcome.kind === 'resolved')
          return { coMoves: set, deadEnds: [], attempts, complete: true, resolvesWith: outcome.versions(move.crate) };
        if (outcome.kind === 'unresolvable') next.push({ coMoves: set, conflicts: outcome.conflicts });
      }
    }
    frontier = next;
  }
  return { coMoves: null, deadEnds: [...deadEnds], attempts, complete: frontier.length === 0 };
}

function versionsIn(r: Resolution, crate: string): string[] {
  if (r.outcome.kind !== 'resolved') return [];
  return [...r.outcome.graph.packages.values()].filter((s) => s.name === crate).map((s) => s.version.toString());
}

/** What the resolution picked for each member's dependency, found by the dependency's key, kind and target. */
function resolvedVersions(r: Resolution): ResolvedVersions {
  const graph = r.outcome.kind === 'resolved' ? r.outcome.graph : undefined;
  const byMember = new Map<string, Map<string, string[]>>();
  for (const m of r.members) {
    const picked = new Map<string, string[]>();
    for (const [id, deps] of graph?.children(packageId(m)) ?? []) {
      const version = graph!.packages.get(id)?.version.toString();
      if (!version) continue;
      for (const d of deps) {
        const key = depKey(d);
        picked.set(key, [...new Set([...(picked.get(key) ?? []), version])]);
      }
    }
    byMember.set(m.name, picked);
  }
  return (member, d) => byMember.get(member)?.get(depKey(d)) ?? [];
}

function depKey(d: { nameInToml: string; kind: string; target: string | null }): string {
  return `${d.nameInToml}\0${d.kind}\0${d.target ?? ''}`;
}
