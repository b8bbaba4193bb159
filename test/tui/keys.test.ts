import { describe, expect, test } from 'vitest';
import { keyAction, splitKeys } from '../../src/tui/keys.js';
import { openPrompt, promptEdit } from '../../src/tui/prompt.js';
import type { TuiState } from '../../src/tui/state.js';
import { reduce, rowsOf, selectedRow } from '../../src/tui/state.js';
import { fakeAnalysis, stateWith } from './fixtures.js';

/** The React-free parts: moving around, prompts, and which key asks for which edit. */
const base = () => stateWith(fakeAnalysis());

function press(state: TuiState, ...keys: string[]): TuiState {
  for (const k of keys) {
    const a = keyAction(state, k, {});
    if (a && 'type' in a && ['move', 'focus', 'focus-next', 'message', 'overlay', 'prompt-type'].includes(a.type))
      state = reduce(state, a as never);
  }
  return state;
}

describe('selection', () => {
  test('starts on the first dependency and moves over members and dependencies', () => {
    let s = base();
    expect(selectedRow(s)).toMatchObject({ kind: 'dep', dep: { key: 'ndarray' } });
    s = press(s, 'j');
    expect(selectedRow(s)).toMatchObject({ kind: 'dep', member: { name: 'arrow_quant_v2' }, dep: { key: 'pyo3' } });
    s = press(s, 'j', 'j');
    expect(selectedRow(s)).toMatchObject({ kind: 'member', member: { name: 'arrow_storage' } });
    s = reduce(s, { type: 'move-to', where: 'last' });
    expect(selectedRow(s)).toMatchObject({ member: { name: 'arrow_storage' }, dep: { key: 'pyo3' } });
    s = reduce(s, { type: 'move', delta: 100 });
    expect(selectedRow(s)).toMatchObject({ member: { name: 'arrow_storage' }, dep: { key: 'pyo3' } });
    s = reduce(s, { type: 'move-to', where: 'first' });
    expect(selectedRow(s)).toMatchObject({ kind: 'member', member: { name: 'arrow_quant_v2' } });
  });

  test('stays on its dependency when rows move, and on the row that took its place when it is removed', () => {
    let s = press(base(), 'j', 'j');
    expect(selectedRow(s)).toMatchObject({ dep: { key: 'pyo3-asyncio' } });
    s = { ...s, analysis: fakeAnalysis([{ kind: 'remove', member: 'arrow_quant_v2', dep: 'ndarray' }]) };
    expect(selectedRow(s)).toMatchObject({ dep: { key: 'pyo3-asyncio' } });
    s = { ...s, analysis: fakeAnalysis([{ kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' }]) };
    expect(selectedRow(s)).toMatchObject({ kind: 'member', member: { name: 'arrow_storage' } });
    expect(rowsOf(s.analysis)).toHaveLength(6);
  });

  test('Tab cycles the panes; the detail pane on screen follows the focus', () => {
    let s = base();
    s = reduce(s, keyAction(s, '', { tab: true }) as never);
    expect([s.focus, s.tab]).toEqual(['conflicts', 'conflicts']);
    s = reduce(s, keyAction(s, '', { tab: true }) as never);
    expect([s.focus, s.tab]).toEqual(['suggestions', 'suggestions']);
    s = reduce(s, keyAction(s, '', { escape: true }) as never);
    expect([s.focus, s.tab]).toEqual(['deps', 'suggestions']);
    s = reduce(s, keyAction(s, '', { tab: true, shift: true }) as never);
    expect(s.focus).toBe('dependency');
    s = press(s, '3');
    expect(s.focus).toBe('diff');
  });

  test('j/k in a detail pane move its cursor within its entries', () => {
    let s = press(base(), '2', 'j', 'j', 'j');
    expect(s.cursor.suggestions).toBe(1);
    s = press(s, 'k');
    expect(s.cursor.suggestions).toBe(0);
  });
});

describe('keys that edit', () => {
  const onPyo3 = () => press(base(), 'j');

  test('r and d remove the selected dependency; u upgrades it everywhere', () => {
    expect(keyAction(onPyo3(), 'r', {})).toEqual({
      type: 'edit',
      edits: [{ kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3' }],
    });
    expect(keyAction(onPyo3(), 'd', {})).toEqual({
      type: 'edit',
      edits: [{ kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3' }],
    });
    expect(keyAction(onPyo3(), 'u', {})).toEqual({ type: 'edit', edits: [{ kind: 'upgrade', dep: 'pyo3' }] });
  });

  test('on a member row they explain what to select instead of guessing', () => {
    const onMember = press(base(), 'k');
    expect(keyAction(onMember, 'r', {})).toMatchObject({ type: 'message', message: { kind: 'error' } });
    expect(openPrompt(onMember, 'bump')).toEqual({ error: "select one of arrow_quant_v2's dependencies first (j/k)" });
    expect(openPrompt(onMember, 'add')).toMatchObject({ kind: 'add', member: 'arrow_quant_v2' });
  });

  test('z, y, Enter and q', () => {
    expect(keyAction(base(), 'z', {})).toEqual({ type: 'undo' });
    expect(keyAction(base(), 'y', {})).toEqual({ type: 'redo' });
    expect(keyAction(press(base(), '2'), '', { return: true })).toEqual({ type: 'apply-suggestion' });
    expect(keyAction(base(), 'q', {})).toEqual({ type: 'quit' });
    expect(keyAction(base(), 'c', { ctrl: true })).toEqual({ type: 'quit' });
  });

  test('in a prompt, keys are text: q types a q, Enter submits, Esc cancels; Ctrl-C still quits', () => {
    const s = { ...base(), prompt: { kind: 'edit' as const, label: 'what-if flag', placeholder: '', text: '' } };
    expect(keyAction(s, 'q', {})).toEqual({ type: 'prompt-type', text: 'q' });
    expect(keyAction(s, '', { return: true })).toEqual({ type: 'submit-prompt' });
    expect(keyAction(s, '', { escape: true })).toEqual({ type: 'prompt-cancel' });
    expect(keyAction(s, '', { backspace: true })).toEqual({ type: 'prompt-backspace' });
    expect(keyAction(s, 'c', { ctrl: true })).toEqual({ type: 'quit' });
  });

  test('keys that arrive together are pressed one by one', () => {
    expect(splitKeys('jb', {})).toEqual([
      ['j', {}],
      ['b', {}],
    ]);
    expect(splitKeys('0.2\r', {})).toEqual([
      ['0', {}],
      ['.', {}],
      ['2', {}],
      ['', { return: true }],
    ]);
    expect(splitKeys('j', { downArrow: false })).toEqual([['j', { downArrow: false }]]);
  });
});

describe('prompts', () => {
  test('bump offers the next semver line; its text becomes the --bump value', () => {
    const p = openPrompt(reduce(base(), { type: 'move', delta: 1 }), 'bump');
    expect(p).toMatchObject({ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', placeholder: '0.23' });
    if ('error' in p) throw new Error(p.error);
    expect(promptEdit(p)).toEqual({ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.23' });
    expect(promptEdit({ ...p, text: '0.20' })).toEqual({
      kind: 'bump',
      member: 'arrow_quant_v2',
      dep: 'pyo3',
      req: '0.20',
    });
    expect(() => promptEdit({ ...p, text: '>=x' })).toThrow(/--bump arrow_quant_v2:pyo3=>=x/);
  });

  test('on the newest line, bump offers that line', () => {
    const s = {
      ...base(),
      analysis: fakeAnalysis([{ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.23' }]),
    };
    expect(openPrompt(press(s, 'j'), 'bump')).toMatchObject({ placeholder: '0.23' });
  });

  test('pin offers the newest version the requirement accepts; add, features and : parse as their flags', () => {
    const s = press(base(), 'j');
    const pin = openPrompt(s, 'pin');
    expect(pin).toMatchObject({ kind: 'pin', crate: 'pyo3', placeholder: '0.22.6' });
    if ('error' in pin) throw new Error(pin.error);
    expect(promptEdit(pin)).toEqual({ kind: 'pin', crate: 'pyo3', version: '0.22.6' });
    expect(() => promptEdit({ ...pin, text: '0.22' })).toThrow(/--pin pyo3=0.22/);

    const add = openPrompt(s, 'add');
    if ('error' in add) throw new Error(add.error);
    expect(promptEdit({ ...add, text: 'serde=1' })).toEqual({
      kind: 'add',
      member: 'arrow_quant_v2',
      dep: 'serde',
      req: '1',
    });
    expect(() => promptEdit({ ...add, text: 'serde' })).toThrow(/missing `=`/);
    expect(() => promptEdit(add)).toThrow(/type a value first/);

    const features = openPrompt(s, 'features');
    if ('error' in features) throw new Error(features.error);
    expect(promptEdit({ ...features, text: '+auto-initialize,-abi3-py310' })).toEqual({
      kind: 'features',
      member: 'arrow_quant_v2',
      dep: 'pyo3',
      enable: ['auto-initialize'],
      disable: ['abi3-py310'],
    });

    const any = openPrompt(s, 'edit');
    if ('error' in any) throw new Error(any.error);
    expect(promptEdit({ ...any, text: '--unify-workspace pyo3=0.22' })).toEqual({
      kind: 'unify-workspace',
      dep: 'pyo3',
      req: '0.22',
    });
    expect(() => promptEdit({ ...any, text: 'bump pyo3' })).toThrow(/is not a what-if edit/);
  });

  test('in the package list, p pins the selected package at its version', () => {
    const s = stateWith(fakeAnalysis([{ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' }]), {
      focus: 'packages',
      tab: 'packages',
    });
    const pin = openPrompt(reduce(s, { type: 'move', delta: 2 }), 'pin');
    expect(pin).toMatchObject({ kind: 'pin', crate: 'pyo3-ffi', placeholder: '0.20.3' });
  });
});
