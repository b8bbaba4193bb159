import { beforeAll, describe, expect, test } from 'vitest';
import type { Edit } from '../../src/edits/index.js';
import type { SessionEngine } from '../../src/tui/engine.js';
import type { TuiState } from '../../src/tui/state.js';
import { initialState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { startIndexServer } from '../support/index-server.js';
import { REGISTRY } from '../whatif/helpers.js';
import { seedEngine } from './fixtures.js';

/**
 * The store over the real pipeline on the seed workspace (arrow_quant_v2 on pyo3 0.22,
 * arrow_storage on 0.20, no Cargo.lock): every edit re-solves, undo and redo move between
 * results, fixes apply as one step, and bad edits leave an error instead of a change.
 */
const REVERT: Edit = { kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' };

let engine: SessionEngine;
beforeAll(async () => {
  engine = await seedEngine();
});

async function started(): Promise<TuiStore> {
  const store = new TuiStore(engine, initialState({ workspace: 'seed', registry: 'fixtures/registry', args: 'seed' }), {
    pauseMs: 0,
    planIdleMs: 0,
  });
  await store.start();
  return store;
}

async function run(store: TuiStore, ...actions: Parameters<TuiStore['dispatch']>[0][]): Promise<TuiState> {
  for (const a of actions) store.dispatch(a);
  await store.idle();
  return store.getState();
}

const versions = (s: TuiState, name: string) =>
  s.analysis!.packages.filter((p) => p.name === name).map((p) => p.version);

describe('the seed session', () => {
  test('starts unresolvable, with the three conflicts and verified fixes', async () => {
    const s = (await started()).getState();
    expect(s.analysis!.verdict.kind).toBe('unresolvable');
    expect(s.analysis!.explanation!.conflicts).toHaveLength(3);
    expect(s.analysis!.explanation!.conflicts[0]!.summary).toMatch(/link the native library `python`/);
    expect(s.analysis!.explanation!.suggestions.map((x) => x.flags)).toContainEqual([
      '--bump arrow_quant_v2:pyo3=0.20',
    ]);
    expect(s.working).toBeUndefined();
    expect(s.tab).toBe('conflicts');
  });

  test('a bump re-solves; undo brings the conflicts back; redo the resolution', async () => {
    const store = await started();
    let s = await run(store, { type: 'edit', edits: [REVERT] });
    expect(s.analysis!.verdict).toEqual({ kind: 'resolved', packages: s.analysis!.packages.length });
    expect(versions(s, 'pyo3')).toEqual(['0.20.3']);
    // No Cargo.lock and no resolution without the edits: every package is new.
    expect(s.analysis!.diff!.baseline).toBe('unresolvable');
    expect(s.analysis!.diff!.added).toContainEqual({ name: 'pyo3', version: '0.20.3', source: 'registry' });
    expect(s.analysis!.diff!.added).toContainEqual({ name: 'pyo3-ffi', version: '0.20.3', source: 'registry' });
    expect(s.tab).toBe('diff');
    const pyo3 = s.analysis!.members.find((m) => m.name === 'arrow_quant_v2')!.deps.find((d) => d.key === 'pyo3')!;
    expect(pyo3).toMatchObject({ req: '^0.20', resolved: '0.20.3', edited: true });

    s = await run(store, { type: 'undo' });
    expect(s.stack.edits).toEqual([]);
    expect(s.analysis!.verdict.kind).toBe('unresolvable');
    expect(s.analysis!.explanation!.conflicts).toHaveLength(3);
    expect(s.tab).toBe('conflicts');

    s = await run(store, { type: 'redo' });
    expect(s.stack.edits).toEqual([REVERT]);
    expect(versions(s, 'pyo3')).toEqual(['0.20.3']);
  });

  test('a fix applies as one step, and one undo takes all of it back', async () => {
    const store = await started();
    const fixes = store.getState().analysis!.explanation!.suggestions;
    const i = fixes.findIndex((f) => f.edits.length > 1);
    expect(i).toBeGreaterThanOrEqual(0);
    let s = await run(store, { type: 'apply-suggestion', index: i });
    expect(s.stack.edits).toEqual(fixes[i]!.edits);
    expect(s.analysis!.verdict.kind).toBe('resolved');
    expect(s.message).toEqual({ kind: 'info', text: `applied ${fixes[i]!.flags.join(' ')}` });
    s = await run(store, { type: 'undo' });
    expect(s.stack.edits).toEqual([]);
    expect(s.analysis!.verdict.kind).toBe('unresolvable');
  });

  test('fixes offered after an edit are verified on top of it', async () => {
    const store = await started();
    // Both members on 0.22: what still clashes is pyo3-asyncio and numpy.
    const s = await run(store, {
      type: 'edit',
      edits: [{ kind: 'bump', member: 'arrow_storage', dep: 'pyo3', req: '0.22' }],
    });
    expect(s.analysis!.verdict.kind).toBe('unresolvable');
    const fixes = s.analysis!.explanation!.suggestions;
    expect(fixes.length).toBeGreaterThan(0);
    for (let i = 0; i < fixes.length; i++) {
      const after = await run(store, { type: 'apply-suggestion', index: i });
      expect(after.analysis!.verdict.kind, fixes[i]!.flags.join(' ')).toBe('resolved');
      await run(store, { type: 'undo' });
    }
  });

  // seed.md's Option 1, with pyo3-asyncio replaced by its successor.
  const OPTION_1: Edit[] = [
    { kind: 'bump', dep: 'pyo3', req: '0.22' },
    { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
    { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' },
    { kind: 'bump', member: 'arrow_storage', dep: 'numpy', req: '0.22' },
  ];

  test('an --add of a crate nothing reached yet is read from a local index as the solver asks, with no loading step', async () => {
    const store = await started();
    const seen: (readonly string[] | undefined)[] = [];
    store.subscribe(() => seen.push(store.getState().loading));
    const s = await run(store, { type: 'edit', edits: OPTION_1 });
    expect(seen.filter((l) => l !== undefined)).toEqual([]);
    expect(s.stack.edits).toEqual(OPTION_1);
    expect(s.analysis!.verdict.kind).toBe('resolved');
    expect(versions(s, 'pyo3-async-runtimes')).toEqual(['0.22.0']);
    expect(versions(s, 'pyo3')).toEqual(['0.22.6']);
  });

  test('an --add of a crate a sparse index has not sent yet fetches it first, showing that it does', async () => {
    const server = await startIndexServer({ dir: REGISTRY });
    try {
      const sparse = await seedEngine({ registry: server.url, offline: false });
      const store = new TuiStore(sparse, initialState({ workspace: 'seed', registry: server.url, args: 'seed' }), {
        pauseMs: 0,
        planIdleMs: 0,
      });
      await store.start();
      const seen: (readonly string[] | undefined)[] = [];
      store.subscribe(() => seen.push(store.getState().loading));
      expect(server.requests.some((r) => r.endsWith('pyo3-async-runtimes'))).toBe(false);
      const s = await run(store, { type: 'edit', edits: OPTION_1 });
      expect(seen).toContainEqual(['pyo3-async-runtimes']);
      expect(server.requests.some((r) => r.endsWith('pyo3-async-runtimes'))).toBe(true);
      expect(s.loading).toBeUndefined();
      expect(s.analysis!.verdict.kind).toBe('resolved');
      expect(versions(s, 'pyo3-async-runtimes')).toEqual(['0.22.0']);
    } finally {
      await server.close();
    }
  });

  test('re-solves over a sparse index fetch what they need, and show it while they do', async () => {
    const server = await startIndexServer({ dir: REGISTRY });
    try {
      const sparse = await seedEngine({ registry: server.url, offline: false });
      const store = new TuiStore(sparse, initialState({ workspace: 'seed', registry: server.url, args: 'seed' }), {
        pauseMs: 0,
        planIdleMs: 0,
      });
      const seen: ({ complete: number; pending: number } | undefined)[] = [];
      store.subscribe(() => seen.push(store.getState().fetching));
      await store.start();
      // The first analysis fetched crates (Cargo's passes, then what the explanation reads).
      expect(seen.some((f) => f !== undefined && f.pending > 0)).toBe(true);
      expect(store.getState().fetching).toBeUndefined();
      expect(store.getState().analysis!.verdict.kind).toBe('unresolvable');
      // Each file once, however many re-solves read it.
      const asked = [...server.requests];
      await run(store, { type: 'edit', edits: [{ kind: 'bump', dep: 'pyo3', req: '0.20' }] });
      await run(store, { type: 'undo' });
      expect(new Set(server.requests).size).toBe(server.requests.length);
      expect(server.requests.slice(0, asked.length)).toEqual(asked);
    } finally {
      await server.close();
    }
  });

  test('an --add of an unknown crate is an error, and changes nothing', async () => {
    const store = await started();
    const before = store.getState().analysis;
    const s = await run(store, {
      type: 'edit',
      edits: [{ kind: 'add', member: 'arrow_storage', dep: 'no-such-crate', req: '1' }],
    });
    expect(s.message?.kind).toBe('error');
    expect(s.message?.text).toMatch(/no crate named `no-such-crate`/);
    expect(s.stack.edits).toEqual([]);
    expect(s.analysis).toBe(before);
  });

  test('bad prompt text is an inline error; the prompt stays open to correct it', async () => {
    const store = await started();
    store.dispatch({ type: 'focus', pane: 'deps' });
    let s = await run(
      store,
      { type: 'open-prompt', kind: 'bump' },
      { type: 'prompt-type', text: 'x.y' },
      { type: 'submit-prompt' },
    );
    expect(s.prompt?.text).toBe('x.y');
    expect(s.message?.kind).toBe('error');
    expect(s.message?.text).toMatch(/--bump arrow_quant_v2:ndarray=x\.y/);
    expect(s.stack.edits).toEqual([]);
    s = await run(
      store,
      { type: 'prompt-backspace' },
      { type: 'prompt-backspace' },
      { type: 'prompt-backspace' },
      { type: 'prompt-type', text: '0.15' },
      { type: 'submit-prompt' },
    );
    expect(s.prompt).toBeUndefined();
    expect(s.stack.edits).toEqual([{ kind: 'bump', member: 'arrow_quant_v2', dep: 'ndarray', req: '0.15' }]);
  });

  test('edits of unknown members or dependencies are errors, not crashes', async () => {
    const store = await started();
    let s = await run(store, { type: 'edit', edits: [{ kind: 'remove', member: 'nobody', dep: 'pyo3' }] });
    expect(s.message?.text).toMatch(/no workspace member named `nobody`/);
    s = await run(store, { type: 'edit', edits: [{ kind: 'pin', crate: 'no-such-crate', version: '1.0.0' }] });
    expect(s.message?.text).toMatch(/no crate named `no-such-crate`/);
    expect(s.stack.edits).toEqual([]);
  });

  test('an upgrade across the workspace re-solves with the bumps it stands for', async () => {
    const store = await started();
    const s = await run(store, { type: 'edit', edits: [{ kind: 'upgrade', dep: 'pyo3', req: '0.22' }] });
    // pyo3-asyncio has no release for pyo3 0.22: the upgrade leaves it, and the conflict says so.
    expect(s.analysis!.verdict.kind).toBe('unresolvable');
    const numpy = s.analysis!.members.find((m) => m.name === 'arrow_storage')!.deps.find((d) => d.key === 'numpy')!;
    expect(numpy.req).toBe('^0.22');
    expect(s.analysis!.explanation!.conflicts.some((c) => c.summary.includes('pyo3-asyncio'))).toBe(true);
  });
});
