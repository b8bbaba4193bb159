import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import { initialState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { FakeEngine, seedEngine, stateWith } from './fixtures.js';

/** Key presses through ink, as a terminal sends them, and what they do to the store and the screen. */
const ENTER = '\r';
const ESC = '\u001b';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function mount(engine = new FakeEngine()) {
  const store = new TuiStore(engine, stateWith(undefined), { pauseMs: 0, planIdleMs: 0 });
  const app = render(<App store={store} width={80} height={24} />);
  cleanups.push(app.unmount);
  await store.start();
  const frame = () => app.lastFrame() ?? '';
  await vi.waitFor(() => expect(frame()).toContain('CONFLICTS'));
  // Keys are read a chunk at a time; give ink its turn between them, as a typing user would.
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
    await store.idle();
  };
  return { store, engine, app, frame, type };
}

describe('keys', () => {
  test('b opens a prompt for the selected dependency; typed text and Enter apply it as a bump', async () => {
    const { store, engine, frame, type } = await mount();
    await type('j', 'b');
    await vi.waitFor(() => expect(frame()).toContain('› bump arrow_quant_v2:pyo3 (^0.22) to [0.23]:'));
    await type('0.20');
    await vi.waitFor(() => expect(frame()).toContain('[0.23]: 0.20'));
    await type(ENTER);
    expect(store.getState().stack.edits).toEqual([
      { kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' },
    ]);
    expect(engine.analyzed.at(-1)).toEqual(store.getState().stack.edits);
    await vi.waitFor(() => expect(frame()).toContain('✔ RESOLVES · 3 packages · 1 edit'));
    expect(frame()).toContain('edits: --bump arrow_quant_v2:pyo3=0.20 · w: the command line');
  });

  test('Enter on an empty prompt takes its default; Esc cancels without an edit', async () => {
    const { store, type } = await mount();
    await type('j', 'b', ESC);
    expect(store.getState().prompt).toBeUndefined();
    expect(store.getState().stack.edits).toEqual([]);
    await type('b', ENTER);
    expect(store.getState().stack.edits).toEqual([
      { kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.23' },
    ]);
  });

  test('z undoes, y redoes, and the screen follows', async () => {
    const { store, frame, type } = await mount();
    await type('j', 'b', '0.20', ENTER);
    await vi.waitFor(() => expect(frame()).toContain('RESOLVES'));
    await type('z');
    expect(store.getState().stack.edits).toEqual([]);
    await vi.waitFor(() => expect(frame()).toContain('✘ 2 CONFLICTS · no edits'));
    await type('y');
    expect(store.getState().stack.edits).toHaveLength(1);
    await vi.waitFor(() => expect(frame()).toContain('RESOLVES'));
  });

  test('r removes the selected dependency, u upgrades it, p pins it', async () => {
    const { store, type } = await mount();
    await type('j', 'j', 'r');
    expect(store.getState().stack.edits).toEqual([{ kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' }]);
    // The removed row's place went to the next member; pyo3 is the row above it.
    await type('k', 'u');
    expect(store.getState().stack.edits.at(-1)).toEqual({ kind: 'upgrade', dep: 'pyo3' });
    await type('p', ENTER);
    expect(store.getState().stack.edits.at(-1)).toEqual({ kind: 'pin', crate: 'pyo3', version: '0.22.6' });
  });

  test('a adds to the selected member, loading a crate the snapshot lacks; an unknown one is an inline error', async () => {
    const { store, engine, frame, type } = await mount();
    await type('a', 'nosuch=1', ENTER);
    expect(store.getState().stack.edits).toEqual([]);
    await vi.waitFor(() => expect(frame()).toContain('error: --add arrow_quant_v2:nosuch=1: no crate named `nosuch`'));
    await type(ESC, 'a', 'pyo3-async-runtimes=0.22', ENTER);
    expect(engine.loaded).toEqual(['pyo3-async-runtimes']);
    expect(store.getState().stack.edits).toEqual([
      { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' },
    ]);
  });

  test('bad requirement text shows an error and keeps the prompt', async () => {
    const { store, frame, type } = await mount();
    await type('j', 'b', '>>1', ENTER);
    expect(store.getState().prompt?.text).toBe('>>1');
    await vi.waitFor(() => expect(frame()).toMatch(/error: --bump arrow_quant_v2:pyo3=>>1: /));
    expect(store.getState().stack.edits).toEqual([]);
  });

  test('Tab to the fixes, Enter applies the selected one', async () => {
    const { store, frame, type } = await mount();
    await type('\t', '\t', 'j');
    await vi.waitFor(() => expect(frame()).toMatch(/▸2\. Use pyo3 0\.22 in every member/));
    await type(ENTER);
    expect(store.getState().stack.edits).toEqual([
      { kind: 'bump', dep: 'pyo3', req: '0.22' },
      { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
    ]);
  });

  test('? shows the keys and w the command line; any key closes them', async () => {
    const { frame, type } = await mount();
    await type('?');
    await vi.waitFor(() => expect(frame()).toContain('Keys (any key closes)'));
    await type('x', 'w');
    await vi.waitFor(() => expect(frame()).toContain('Reproduce this session'));
    await type('x');
    await vi.waitFor(() => expect(frame()).toContain('Dependencies'));
  });

  test('q quits', async () => {
    const { store, type } = await mount();
    await type('q');
    expect(store.getState().quit).toBe(true);
  });
});

test('the real pipeline behind the keys: the seed resolves after j b 0.20 Enter', async () => {
  const engine = await seedEngine();
  const store = new TuiStore(engine, initialState({ workspace: 'seed', registry: 'fixtures/registry', args: 'seed' }), {
    pauseMs: 0,
    planIdleMs: 0,
  });
  const app = render(<App store={store} width={80} height={24} />);
  cleanups.push(app.unmount);
  await store.start();
  await vi.waitFor(() => expect(app.lastFrame()).toContain('✘ 3 CONFLICTS · no edits'));
  for (const k of ['j', 'b', '0.20', ENTER]) {
    app.stdin.write(k);
    await new Promise((r) => setTimeout(r, 5));
  }
  await store.idle();
  await vi.waitFor(() => expect(app.lastFrame()).toMatch(/✔ RESOLVES · \d+ packages · 1 edit/));
  expect(app.lastFrame()).toMatch(/pyo3 +\^0\.20 +0\.20\.3/);
});
