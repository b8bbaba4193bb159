import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Edit } from '../../src/edits/index.js';
import type { PlanView } from '../../src/tui/plan-view.js';
import { SolverThread } from '../../src/tui/solver-thread.js';
import { BIN, ensureBuilt } from '../cli/run-cli.js';
import { SEED_TUI_OPTIONS, seedEngine } from './fixtures.js';

/**
 * The TUI's solver thread (the built solver-worker.mjs, as `cargo-whatif tui` runs it) gives the
 * plan and the explanations the TUI's own thread gives, and a plan stops when asked.
 */
let thread: SolverThread;
beforeAll(() => {
  ensureBuilt();
  thread = new SolverThread(pathToFileURL(join(dirname(BIN), 'solver-worker.mjs')), SEED_TUI_OPTIONS);
});
afterAll(() => thread?.close());

const WITH_RUNTIMES: Edit[] = [
  { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
  { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' },
];

async function all(views: AsyncGenerator<PlanView, void, void>): Promise<PlanView[]> {
  const out: PlanView[] = [];
  for await (const v of views) out.push(v);
  return out;
}

describe("the TUI's solver thread", () => {
  test('explains as the TUI thread explains', async () => {
    const engine = await seedEngine();
    for (const edits of [[], [{ kind: 'bump', dep: 'pyo3', req: '0.22' }] as Edit[]]) {
      const pending = await engine.analyze(edits);
      expect(pending.analysis.verdict.kind).not.toBe('resolved');
      const here = await pending.explain!();
      const there = await thread.explain(edits);
      expect(there?.conflicts.length).toBeGreaterThan(0);
      expect(there).toEqual(here);
    }
  }, 120_000);

  test('is the plan of the same edits on the TUI thread, step for step', async () => {
    const engine = await seedEngine();
    for (const edits of [[], WITH_RUNTIMES]) {
      const here = await all(engine.plan(edits, async () => {}));
      const there = await all(thread.plan(edits, async () => {}));
      expect(there.at(-1)?.done).toBe(true);
      expect(there).toEqual(here);
    }
  }, 120_000);

  test('stops when `between` throws, and plans again afterwards', async () => {
    class Stop extends Error {}
    let steps = 0;
    const stopped = all(
      thread.plan(WITH_RUNTIMES, async () => {
        steps++;
        throw new Stop();
      }),
    );
    await expect(stopped).rejects.toBeInstanceOf(Stop);
    expect(steps).toBe(1);
    const again = await all(thread.plan([], async () => {}));
    expect(again.at(-1)?.done).toBe(true);
    expect(again.at(-1)?.entries.map((e) => e.crate)).toEqual(['pyo3', 'numpy']);
  }, 120_000);
});
