import type { LockDiff } from '../compare/lock-diff.js';
import { EditStack, editsCommandLine } from '../edits/index.js';
import type { Analysis, DepView, MemberView } from './analysis.js';
import type { DependencyContext } from './dependency-lines.js';
import { dependencyLines } from './dependency-lines.js';
import type { PlanView } from './plan-view.js';
import { planEntryFor } from './plan-view.js';
import type { FileChangeView } from './write.js';

/**
 * Everything the TUI shows, as one immutable value: the edit stack, the latest analysis, and
 * where the user is (selection, focused pane, an open prompt). The components render it and
 * nothing else; `reduce` handles what needs no pipeline, the store (store.ts) the rest.
 */
export const DETAIL_TABS = ['conflicts', 'suggestions', 'diff', 'packages', 'upgrades', 'dependency'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];
export type Pane = 'deps' | DetailTab;
export const PANES: readonly Pane[] = ['deps', ...DETAIL_TABS];

export type PromptKind = 'bump' | 'pin' | 'add' | 'features' | 'edit' | 'filter';

export interface Prompt {
  kind: PromptKind;
  label: string;
  /** What Enter on an empty prompt uses. */
  placeholder: string;
  text: string;
  member?: string;
  dep?: string;
  crate?: string;
}

export interface Message {
  kind: 'error' | 'info';
  text: string;
}

/** A dependency row is found again after a re-solve by its member and this id, else by its position. */
export interface Selection {
  member: string;
  dep?: string;
  index: number;
}

/** `W`: what would be written, before it is (see write.ts). */
export interface WriteView {
  phase: 'preparing' | 'confirm' | 'writing';
  files: FileChangeView[];
  diff?: LockDiff;
  packages?: number;
  /** The first row on screen, for scrolling a long change. */
  scroll: number;
}

export interface TuiState {
  workspace: string;
  registry: string;
  /** The path and options the session was opened with (`ws --registry r`), for the command line that reproduces it. */
  args: string;
  stack: EditStack;
  /** How many edits each undoable step pushed (a suggestion is one step of several edits). */
  undoSteps: readonly number[];
  redoSteps: readonly number[];
  /** The analysis on screen; it may be of an older edit list while `working`. */
  analysis?: Analysis;
  /** Crates an `--add` brought that are being fetched from the index. */
  loading?: readonly string[];
  /** Index files being fetched for a resolution: fetched so far, and not answered yet. */
  fetching?: { complete: number; pending: number };
  working?: 'resolving' | 'explaining';
  focus: Pane;
  /** The detail pane on screen: the focused one, or the last one focused. */
  tab: DetailTab;
  selection?: Selection;
  /** The selected entry of each detail pane. */
  cursor: Readonly<Record<DetailTab, number>>;
  prompt?: Prompt;
  message?: Message;
  overlay?: 'help' | 'command' | 'write';
  /** The upgrade plan for the current edit list, as far as it has got. */
  plan?: PlanView;
  /** The planner is working on it. */
  planning?: boolean;
  /** Only the dependencies (and members) whose name holds this text are listed. */
  filter?: string;
  write?: WriteView;
  /** Files written during the session, for the summary on quit. */
  written: readonly string[];
  quit: boolean;
}

export function initialState(opts: { workspace: string; registry: string; args: string; stack?: EditStack }): TuiState {
  const stack = opts.stack ?? EditStack.of();
  return {
    workspace: opts.workspace,
    registry: opts.registry,
    args: opts.args,
    stack,
    undoSteps: stack.edits.map(() => 1),
    redoSteps: [],
    focus: 'deps',
    tab: 'conflicts',
    cursor: { conflicts: 0, suggestions: 0, diff: 0, packages: 0, upgrades: 0, dependency: 0 },
    written: [],
    quit: false,
  };
}

export type Row =
  | { kind: 'member'; member: MemberView }
  | { kind: 'dep'; member: MemberView; dep: DepView; id: string };

/** Target-specific and dev/build entries can share a key, so the id adds what tells them apart. */
export function depId(d: DepView): string {
  return `${d.key} ${d.kind} ${d.target ?? ''}`;
}

/**
 * The rows of the dependency pane. With a filter, the dependencies whose key or crate holds it
 * (case aside) under their member, and every dependency of a member whose name holds it.
 */
export function rowsOf(analysis: Analysis | undefined, filter?: string): Row[] {
  const rows: Row[] = [];
  const needle = filter?.trim().toLowerCase();
  const hit = (text: string) => !needle || text.toLowerCase().includes(needle);
  for (const member of analysis?.members ?? []) {
    const deps = hit(member.name) ? member.deps : member.deps.filter((d) => hit(d.key) || hit(d.crate));
    if (needle && deps.length === 0 && !hit(member.name)) continue;
    rows.push({ kind: 'member', member });
    for (const dep of deps) rows.push({ kind: 'dep', member, dep, id: depId(dep) });
  }
  return rows;
}

/** The filter in force: the one being typed, else the one kept. */
export function activeFilter(state: TuiState): string | undefined {
  return state.prompt?.kind === 'filter' ? state.prompt.text : state.filter;
}

/** The dependency pane's rows as the state shows them (filtered). */
export function visibleRows(state: TuiState): Row[] {
  return rowsOf(state.analysis, activeFilter(state));
}

export function selectedRowIndex(state: TuiState, rows = visibleRows(state)): number {
  const sel = state.selection;
  if (!sel)
    return Math.max(
      0,
      rows.findIndex((r) => r.kind === 'dep'),
    );
  const exact = rows.findIndex(
    (r) => r.member.name === sel.member && (r.kind === 'dep' ? r.id === sel.dep : sel.dep === undefined),
  );
  if (exact >= 0) return exact;
  // The selected dependency was removed: the row that took its place.
  return Math.max(0, Math.min(sel.index, rows.length - 1));
}

export function selectedRow(state: TuiState): Row | undefined {
  const rows = visibleRows(state);
  return rows[selectedRowIndex(state, rows)];
}

/** What the dependency pane's detail shows: the selected dependency, its plan entry, whether it is in a conflict. */
export function dependencyContext(state: TuiState): DependencyContext | undefined {
  const row = selectedRow(state);
  if (row?.kind !== 'dep') return undefined;
  return {
    member: row.member,
    dep: row.dep,
    entry: planEntryFor(state.plan, row.dep.crate),
    planned: state.plan !== undefined,
    inConflict: inConflict(state, row.member.name, row.dep.key),
  };
}

/** Whether a member's dependency is one of the requirements that clash in a conflict. */
export function inConflict(state: TuiState, member: string, key: string): boolean {
  return (
    state.analysis?.explanation?.conflicts.some((c) =>
      c.requirements.some((r) => r.member === member && r.key === key),
    ) ?? false
  );
}

/** How many entries the detail pane has, for moving its cursor. */
export function detailCount(state: TuiState, tab: DetailTab): number {
  const a = state.analysis;
  switch (tab) {
    case 'conflicts':
      return a?.explanation?.conflicts.length ?? 0;
    case 'suggestions':
      return a?.explanation?.suggestions.length ?? 0;
    case 'diff':
      return diffRowCount(a);
    case 'packages':
      return a?.packages.length ?? 0;
    case 'upgrades':
      return state.plan?.entries.length ?? 0;
    case 'dependency':
      return dependencyLines(dependencyContext(state)).length;
  }
}

function diffRowCount(a: Analysis | undefined): number {
  const d = a?.diff;
  return d ? d.added.length + d.removed.length + d.upgraded.length + d.downgraded.length : 0;
}

export type UiAction =
  | { type: 'move'; delta: number }
  | { type: 'move-to'; where: 'first' | 'last' }
  | { type: 'focus-next'; delta: 1 | -1 }
  | { type: 'focus'; pane: Pane }
  | { type: 'prompt-type'; text: string }
  | { type: 'prompt-backspace' }
  | { type: 'prompt-cancel' }
  | { type: 'overlay'; overlay?: 'help' | 'command' }
  | { type: 'scroll-write'; delta: number }
  | { type: 'message'; message?: Message }
  | { type: 'quit' };

export function reduce(state: TuiState, action: UiAction): TuiState {
  switch (action.type) {
    case 'move':
      return moveBy(state, action.delta);
    case 'move-to':
      return moveBy(state, action.where === 'first' ? -Infinity : Infinity);
    case 'focus-next': {
      const i = PANES.indexOf(state.focus);
      return focus(state, PANES[(i + action.delta + PANES.length) % PANES.length]!);
    }
    case 'focus':
      return focus(state, action.pane);
    case 'prompt-type':
      return state.prompt ? { ...state, prompt: { ...state.prompt, text: state.prompt.text + action.text } } : state;
    case 'prompt-backspace':
      return state.prompt ? { ...state, prompt: { ...state.prompt, text: state.prompt.text.slice(0, -1) } } : state;
    case 'prompt-cancel':
      // Esc on the filter prompt takes the filter away too.
      return { ...state, prompt: undefined, ...(state.prompt?.kind === 'filter' && { filter: undefined }) };
    case 'scroll-write':
      return state.write
        ? { ...state, write: { ...state.write, scroll: Math.max(0, state.write.scroll + action.delta) } }
        : state;
    case 'overlay':
      return { ...state, overlay: action.overlay };
    case 'message':
      return { ...state, message: action.message };
    case 'quit':
      return { ...state, quit: true };
  }
}

function focus(state: TuiState, pane: Pane): TuiState {
  return { ...state, focus: pane, tab: pane === 'deps' ? state.tab : pane };
}

function moveBy(state: TuiState, delta: number): TuiState {
  const clamp = (i: number, n: number) => Math.max(0, Math.min(n - 1, i));
  if (state.focus === 'deps') {
    const rows = visibleRows(state);
    if (rows.length === 0) return state;
    const index = clamp(
      selectedRowIndex(state, rows) + (Number.isFinite(delta) ? delta : Math.sign(delta) * rows.length),
      rows.length,
    );
    const row = rows[index]!;
    return { ...state, selection: { member: row.member.name, ...(row.kind === 'dep' && { dep: row.id }), index } };
  }
  const tab = state.focus;
  const n = detailCount(state, tab);
  const at = Number.isFinite(delta) ? state.cursor[tab] + delta : delta < 0 ? 0 : n - 1;
  return { ...state, cursor: { ...state.cursor, [tab]: clamp(at, Math.max(n, 1)) } };
}

/** The command line that reproduces the session: `cargo-whatif resolve ws --registry r --bump ...`. */
export function commandLine(state: TuiState, command = 'resolve'): string {
  return ['cargo-whatif', command, state.args, editsCommandLine(state.stack.edits)].filter(Boolean).join(' ');
}
