import type { Edit } from '../edits/index.js';
import type { TuiState } from './state.js';
import { DETAIL_TABS, selectedRow } from './state.js';
import type { Action } from './store.js';

/** The parts of ink's `Key` the bindings read (ink's own type has more). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  meta?: boolean;
}

export const KEY_HELP: readonly [string, string][] = [
  ['j k ↑ ↓', 'move (PgUp PgDn g G: page, first, last)'],
  ['Tab 0-6', 'next pane (S-Tab back; 1-6: a detail pane; 0 Esc: the dependencies)'],
  ['/', 'filter the dependencies by name (Enter keeps it, Esc clears it)'],
  ['i', 'the selected dependency: its versions, who requires it, its upgrade'],
  ['b', 'bump the selected dependency (Enter alone: the next semver line)'],
  ['p a', 'pin the selected crate to one version / add a dependency (DEP=REQ)'],
  ['f', 'turn features of the selected dependency on/off (+f,-g)'],
  ['r d', 'remove the selected dependency'],
  ['u', 'upgrade the selected crate across the workspace'],
  ['m', "apply the upgrade plan's move for it (5: the plan, Enter there)"],
  [':', 'type any what-if flag (--unify-workspace pyo3, ...)'],
  ['Enter z y', 'apply the selected fix (dependency pane: bump) / undo / redo'],
  ['w', 'show the command line that reproduces this'],
  ['W', 'write the edits to Cargo.toml and Cargo.lock: shows every change, asks first'],
  ['? q', 'this help / quit (also Ctrl-C; nothing is written but what W wrote)'],
];

/**
 * Keys typed faster than the terminal is read (or sent by a script such as tmux) reach ink as
 * one string; each character is still one key press.
 */
export function splitKeys(input: string, key: KeyPress): [string, KeyPress][] {
  const chars = [...input];
  if (chars.length <= 1 || input.startsWith('\u001b')) return [[input, key]];
  return chars.map((ch): [string, KeyPress] => {
    if (ch === '\r' || ch === '\n') return ['', { return: true }];
    if (ch === '\t') return ['', { tab: true }];
    if (ch === '\u007f' || ch === '\b') return ['', { backspace: true }];
    return [ch, {}];
  });
}

/** What a key press asks for in this state; undefined when it means nothing here. */
export function keyAction(state: TuiState, input: string, key: KeyPress): Action | undefined {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  if (state.overlay === 'write') return writeKey(state, input, key);
  if (state.overlay) return { type: 'overlay' };
  if (state.prompt) return promptKey(input, key);

  if (key.tab) return { type: 'focus-next', delta: key.shift ? -1 : 1 };
  if (key.escape || input === '0') return { type: 'focus', pane: 'deps' };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.pageDown) return { type: 'move', delta: 10 };
  if (key.pageUp) return { type: 'move', delta: -10 };
  if (key.home || input === 'g') return { type: 'move-to', where: 'first' };
  if (key.end || input === 'G') return { type: 'move-to', where: 'last' };
  if (key.leftArrow || input === 'h') return { type: 'focus', pane: 'deps' };
  if (key.rightArrow || input === 'l') return { type: 'focus', pane: state.tab };
  if (key.return) {
    if (state.focus === 'suggestions') return { type: 'apply-suggestion' };
    if (state.focus === 'upgrades') return { type: 'apply-move', from: 'plan' };
    if (state.focus === 'deps') return { type: 'open-prompt', kind: 'bump' };
    return undefined;
  }
  if (key.ctrl || key.meta) return undefined;
  const tab = DETAIL_TABS[Number(input) - 1];
  if (/^[1-6]$/.test(input) && tab) return { type: 'focus', pane: tab };
  switch (input) {
    case 'q':
      return { type: 'quit' };
    case '?':
      return { type: 'overlay', overlay: 'help' };
    case 'w':
      return { type: 'overlay', overlay: 'command' };
    case 'W':
      return { type: 'write-preview' };
    case '/':
      return { type: 'open-prompt', kind: 'filter' };
    case 'i':
      return { type: 'focus', pane: 'dependency' };
    case 'm':
      return state.focus === 'upgrades'
        ? { type: 'apply-move', from: 'plan' }
        : { type: 'apply-move', from: 'dependency' };
    case 'b':
      return { type: 'open-prompt', kind: 'bump' };
    case 'p':
      return { type: 'open-prompt', kind: 'pin' };
    case 'a':
      return { type: 'open-prompt', kind: 'add' };
    case 'f':
      return { type: 'open-prompt', kind: 'features' };
    case ':':
      return { type: 'open-prompt', kind: 'edit' };
    case 'r':
    case 'd':
      return onSelectedDep(state, 'remove', (member, dep) => ({ kind: 'remove', member, dep }));
    case 'u':
      return onSelectedDep(state, 'upgrade', (_member, dep) => ({ kind: 'upgrade', dep }));
    case 'z':
      return { type: 'undo' };
    case 'y':
      return { type: 'redo' };
  }
  return undefined;
}

/** While `W` shows what it would write: y writes, n or Esc leaves every file as it is; j/k scroll. */
function writeKey(state: TuiState, input: string, key: KeyPress): Action | undefined {
  if (key.downArrow || input === 'j') return { type: 'scroll-write', delta: 1 };
  if (key.upArrow || input === 'k') return { type: 'scroll-write', delta: -1 };
  if (key.pageDown) return { type: 'scroll-write', delta: 10 };
  if (key.pageUp) return { type: 'scroll-write', delta: -10 };
  if (input === 'y' || input === 'Y') return state.write?.phase === 'confirm' ? { type: 'write-confirm' } : undefined;
  if (input === 'n' || input === 'N' || input === 'q' || key.escape) return { type: 'write-cancel' };
  return undefined;
}

function promptKey(input: string, key: KeyPress): Action | undefined {
  if (key.return) return { type: 'submit-prompt' };
  if (key.escape) return { type: 'prompt-cancel' };
  if (key.backspace || key.delete) return { type: 'prompt-backspace' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return undefined;
  // A paste arrives as one string; control characters in it are never part of an edit.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text ? { type: 'prompt-type', text } : undefined;
}

function onSelectedDep(state: TuiState, verb: string, edit: (member: string, dep: string) => Edit): Action {
  const row = selectedRow(state);
  if (row?.kind !== 'dep')
    return { type: 'message', message: { kind: 'error', text: `select a dependency to ${verb} (j/k)` } };
  return { type: 'edit', edits: [edit(row.member.name, row.dep.key)] };
}
