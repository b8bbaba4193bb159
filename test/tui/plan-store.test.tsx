import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import type { Edit } from '../../src/edits/index.js';
import { editsCommandLine } from '../../src/edits/index.js';
import { Screen } from '../../src/tui/components/Screen.js';
import { ColorsContext, colorsWanted } from '../../src/tui/components/styled.js';
import type { PlanView } from '../../src/tui/plan-view.js';
import type { TuiState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { FakeEngine, fakeAnalysis, stateWith } from './fixtures.js';

/**
 * The plan's life in the store, with a planner made to order: it starts once the edit list is
 * resolved and explained, a newer edit list stops it at its next pause and nothing it found
 * afterwards is shown, and a finished plan is kept for when undo comes back to its edit list.
 * Then the new panes on screen: 80x24 holds, and NO_COLOR leaves no colour.
 */
function view(edits: readonly Edit[], decided: number, done: boolean): PlanView {
  const tag = editsCommandLine(edits) || 'none';
  return {
    baseline: 'unresolvable',
    done,
    entries: [0, 1, 2].map((i) => ({
      crate: `crate${i}-${tag}`,
      members: ['arrow_quant_v2'],
      from: '^0.1',
      to: '0.2',
      newest: '0.2.0',
      size: 'major' as const,
      state: i < decided ? ('decided' as const) : ('pending' as const),
      ...(i < decided && { verdict: 'resolves' as const }),
      flags: [`--bump crate${i}=0.2`],
      blockers: [],
      coMoves: [],
      edits: [{ kind: 'bump' as const, dep: `crate${i}`, req: '0.2' }],
      applyFlags: [`--bump crate${i}=0.2`],
    })),
  };
}

class PlanningEngine extends FakeEngine {
  readonly runs: { edits: readonly Edit[]; steps: number; finished: boolean; stopped: boolean }[] = [];
  async *plan(edits: readonly Edit[], between: () => Promise<void>): AsyncGenerator<PlanView, void, void> {
    const run = { edits, steps: 0, finished: false, stopped: false };
    this.runs.push(run);
    try {
      yield view(edits, 0, false);
      for (let i = 1; i <= 3; i++) {
        await between();
        await new Promise((r) => setTimeout(r, 10));
        run.steps = i;
        yield view(edits, i, i === 3);
      }
      run.finished = true;
    } finally {
      run.stopped = !run.finished;
    }
  }
}

describe('the plan in the store', () => {
  test('starts after the analysis, streams, and finishes', async () => {
    const engine = new PlanningEngine();
    const seen: (PlanView | undefined)[] = [];
    const store = new TuiStore(engine, stateWith(undefined), { pauseMs: 0, planIdleMs: 0 });
    store.subscribe(() => seen.push(store.getState().plan));
    await store.start();
    expect(store.getState().analysis?.explanation).toBeDefined();
    await store.planned();
    expect(engine.runs).toHaveLength(1);
    expect(engine.runs[0]!.finished).toBe(true);
    const decided = [
      ...new Set(seen.filter(Boolean).map((p) => p!.entries.filter((e) => e.state === 'decided').length)),
    ];
    expect(decided).toEqual([0, 1, 2, 3]);
    expect(store.getState()).toMatchObject({ planning: false, plan: { done: true } });
  });

  test('a newer edit list stops the plan under way; nothing it finds afterwards is shown; undo brings back a finished plan without planning again', async () => {
    const engine = new PlanningEngine();
    const store = new TuiStore(engine, stateWith(undefined), { pauseMs: 0, planIdleMs: 0 });
    await store.start();
    await store.planned();
    const edit: Edit = { kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' };
    store.dispatch({ type: 'edit', edits: [edit] });
    await store.idle();
    // Let the new plan take a step, then change the edit list under it.
    await new Promise((r) => setTimeout(r, 5));
    const shown: PlanView[] = [];
    store.subscribe(() => {
      const plan = store.getState().plan;
      if (plan && plan !== shown.at(-1)) shown.push(plan);
    });
    store.dispatch({ type: 'undo' });
    await store.planned();
    const second = engine.runs[1]!;
    expect(second.edits).toEqual([edit]);
    expect(second.stopped).toBe(true);
    // Once the undo is shown, only the plan of the empty edit list is: the finished one, kept.
    const of = (p: PlanView) => (p.entries[0]!.crate.endsWith('-none') ? 'none' : 'edited');
    const first = shown.findIndex((p) => of(p) === 'none');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(shown.slice(first).map(of)).toEqual(shown.slice(first).map(() => 'none'));
    expect(engine.runs).toHaveLength(2);
    expect(store.getState().plan).toMatchObject({ done: true, entries: [{ crate: 'crate0-none' }, {}, {}] });
  });

  test('no plan starts while edits follow one another within planIdleMs; the last edit list’s starts once they stop', async () => {
    const engine = new PlanningEngine();
    const store = new TuiStore(engine, stateWith(undefined), { pauseMs: 0, planIdleMs: 80 });
    await store.start();
    const bumps = ['0.20', '0.21', '0.22'].map(
      (req): Edit => ({ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req }),
    );
    for (const b of bumps) {
      store.dispatch({ type: 'edit', edits: [b] });
      await store.idle();
      await new Promise((r) => setTimeout(r, 30));
    }
    // Three edit lists analysed, 30 ms apart: not one plan in their way.
    expect(engine.runs).toHaveLength(0);
    expect(store.getState().planning).toBe(true);
    await store.planned();
    expect(engine.runs.map((r) => r.edits)).toEqual([bumps]);
    expect(store.getState().plan).toMatchObject({ done: true });
  });

  test('m applies the selected dependency’s move, Enter in the plan pane the selected entry', async () => {
    const engine = new PlanningEngine();
    const store = new TuiStore(engine, stateWith(undefined), { pauseMs: 0, planIdleMs: 0 });
    await store.start();
    await store.planned();
    store.dispatch({ type: 'focus', pane: 'upgrades' });
    store.dispatch({ type: 'move', delta: 1 });
    store.dispatch({ type: 'apply-move', from: 'plan' });
    await store.idle();
    expect(store.getState().stack.edits).toEqual([{ kind: 'bump', dep: 'crate1', req: '0.2' }]);
    expect(store.getState().message?.text).toBe('applied --bump crate1=0.2');
    // pyo3 has no plan entry here: it is said, and nothing is applied.
    store.dispatch({ type: 'focus', pane: 'deps' });
    store.dispatch({ type: 'move', delta: 1 });
    await store.planned();
    store.dispatch({ type: 'apply-move', from: 'dependency' });
    expect(store.getState().message?.text).toBe('pyo3 is on its newest release: no move to apply');
  });
});

function frame(state: TuiState, colors = true): string {
  const { lastFrame, unmount } = render(
    <ColorsContext.Provider value={colors}>
      <Screen state={state} width={80} height={24} />
    </ColorsContext.Provider>,
  );
  const text = lastFrame() ?? '';
  unmount();
  return text;
}

const planned = (patch: Partial<TuiState>) =>
  stateWith(fakeAnalysis(), { plan: view([], 2, false), planning: true, ...patch });

describe('the new panes on screen', () => {
  test('80x24 holds: the plan, the dependency detail, the filter and the write confirmation', () => {
    const write = {
      phase: 'confirm' as const,
      files: [
        {
          file: 'arrow_quant_v2/Cargo.toml',
          kind: 'manifest' as const,
          lines: [{ sign: '-' as const, line: 17, text: 'x'.repeat(200) }],
          created: false,
        },
      ],
      scroll: 0,
    };
    for (const s of [
      planned({ tab: 'upgrades', focus: 'upgrades' }),
      planned({ tab: 'dependency', selection: { member: 'arrow_quant_v2', dep: 'pyo3 normal ', index: 2 } }),
      planned({ filter: 'py' }),
      planned({ overlay: 'write', write }),
      planned({ overlay: 'help' }),
    ]) {
      const lines = frame(s).split('\n');
      expect(lines).toHaveLength(24);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    }
  });

  test('the help lists the new keys, every one of them on screen at 80x24', () => {
    const f = frame(stateWith(fakeAnalysis(), { overlay: 'help' }));
    for (const key of ['/ ', 'i ', 'm ', 'W ', '? q']) expect(f).toContain(`│${key}`);
  });

  test('colour says the size of a move; NO_COLOR leaves no colour, and the marks say it all the same', async () => {
    // ink's colour library decides at load whether the terminal takes colour; tests are not a terminal.
    const chalk = (await import('chalk')).default;
    const level = chalk.level;
    chalk.level = 1;
    try {
      const s = planned({});
      const coloured = frame(s, true);
      const esc = String.fromCharCode(27);
      const colour = new RegExp(`${esc}\\[(3[0-7]|9[0-7]|38;)`);
      const styles = new RegExp(`${esc}\\[[0-9;]*m`, 'g');
      expect(coloured).toMatch(colour);
      const plain = frame(s, false);
      expect(plain).not.toMatch(colour);
      expect(plain.replace(styles, '')).toBe(coloured.replace(styles, ''));
      expect(plain.replace(styles, '')).toMatch(/!… pyo3/);
    } finally {
      chalk.level = level;
    }
    expect(colorsWanted({ NO_COLOR: '1' })).toBe(false);
    expect(colorsWanted({ NO_COLOR: '' })).toBe(true);
    expect(colorsWanted({})).toBe(true);
  });
});
