import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { render } from 'ink';
import { createElement } from 'react';
import type { Edit } from '../../src/edits/index.js';
import { editsCommandLine } from '../../src/edits/index.js';
import { disposeResolution } from '../../src/pipeline/resolution.js';
import { releasesOf } from '../../src/plan/moves.js';
import { planUpgrades } from '../../src/plan/planner.js';
import type { SessionOptions } from '../../src/session/options.js';
import { WhatIfSession } from '../../src/session/session.js';
import { App } from '../../src/tui/components/App.js';
import { SessionEngine } from '../../src/tui/engine.js';
import { FRAME_MS, FRAMES_PER_SECOND } from '../../src/tui/frame-rate.js';
import { SolverThread } from '../../src/tui/solver-thread.js';
import type { TuiState } from '../../src/tui/state.js';
import { initialState } from '../../src/tui/state.js';
import type { StoreOptions } from '../../src/tui/store.js';
import { TuiStore } from '../../src/tui/store.js';

/**
 * The upgrade plan and the TUI, timed in-process (from the TypeScript sources):
 *
 * - the plan: from an open session to the plan's last answer (and to its first decided move),
 *   as `upgrades` computes it;
 * - the TUI: ink's App on the real pipeline, rendered by ink as on a terminal (80x24, at most
 *   FRAMES_PER_SECOND frames a second, as `cargo-whatif tui` asks) with the store's own settings (its pause for the "resolving…" frame included), driven by a script of 20
 *   edits, one every THINK_MS as a quick user would type them, the upgrade plan running in the
 *   background as it does in `cargo-whatif tui`. For each edit: from the dispatch of the edit
 *   (what Enter in the prompt does) to the first frame written after the store shows the new
 *   edit list's verdict, and to the first frame after its explanation (when it does not resolve).
 */
export interface PlanTiming {
  moves: number;
  firstMs: number;
  fullMs: number;
  summary: string;
}

export async function timePlan(options: SessionOptions, runs: number): Promise<PlanTiming> {
  const samples: PlanTiming[] = [];
  for (let i = 0; i < runs; i++) {
    const session = await WhatIfSession.open(options);
    const t0 = performance.now();
    let firstMs: number | undefined;
    const run = planUpgrades(session);
    for (;;) {
      const step = await run.next();
      if (step.done) {
        const plan = step.value;
        const alone = plan.entries.filter((e) => e.resolvesAlone).length;
        const withCo = plan.entries.filter((e) => !e.resolvesAlone && e.with).length;
        samples.push({
          moves: plan.entries.length,
          firstMs: firstMs ?? performance.now() - t0,
          fullMs: performance.now() - t0,
          summary: `${alone} alone, ${withCo} with co-moves, ${plan.entries.length - alone - withCo} blocked`,
        });
        break;
      }
      const { plan, changed } = step.value;
      if (firstMs === undefined && changed !== undefined && plan.entries[changed]!.state === 'decided')
        firstMs = performance.now() - t0;
    }
  }
  const mid = (f: (p: PlanTiming) => number) => [...samples.map(f)].sort((a, b) => a - b)[samples.length >> 1]!;
  return { ...samples[0]!, firstMs: mid((p) => p.firstMs), fullMs: mid((p) => p.fullMs) };
}

/**
 * A scripted session: the edits given first, then pins of crates the workspace resolves to, each
 * to the release before the one it has on its line when the workspace still resolves with it
 * (else to the one it has), until there are 20.
 */
export async function editScript(options: SessionOptions, first: Edit[], count = 20): Promise<Edit[]> {
  const session = await WhatIfSession.open(options);
  const script = [...first];
  const r = await session.resolve(first);
  try {
    const graph = r.outcome.kind === 'resolved' ? r.outcome.graph : undefined;
    const packages = [...(graph?.packages.values() ?? [])]
      .filter((s) => s.source.kind === 'registry')
      .sort((a, b) => a.name.localeCompare(b.name));
    const step = Math.max(1, Math.floor(packages.length / count));
    for (let i = 0; script.length < count && i < packages.length; i += step) {
      const s = packages[i]!;
      const releases = releasesOf(session.input.registry.get(s.name, s.source));
      const older = releases.find((v) => v.version.line === s.version.line && v.version.compare(s.version) < 0);
      // The release before, where the workspace still resolves with it: a session that explores,
      // not one stuck in a conflict from the first pin on (the seed's edits say what conflicts cost).
      // (A crate the graph has twice cannot be pinned at all: the pin allows one version only.)
      for (const v of older ? [older, s] : [s]) {
        const tried: Edit = { kind: 'pin', crate: s.name, version: v.version.toString() };
        const t = await session.resolve([...script, tried]);
        const resolves = t.outcome.kind === 'resolved';
        disposeResolution(t);
        if (resolves) {
          script.push(tried);
          break;
        }
      }
    }
  } finally {
    disposeResolution(r);
  }
  if (script.length < count) throw new Error(`only ${script.length} edits for the script`);
  return script.slice(0, count);
}

/**
 * An 80x24 terminal that notes when ink writes to it. Not ink-testing-library's, which renders in
 * ink's debug mode: every render written at once, where a terminal gets a frame at once and
 * the changes that follow within its window at the window's end.
 */
class Terminal extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  constructor(private readonly wrote: (at: number) => void) {
    super();
  }
  write(_chunk: string, callback?: () => void): boolean {
    this.wrote(performance.now());
    callback?.();
    return true;
  }
}

/** A keyboard nobody types on: the script dispatches its edits. */
class Keyboard extends EventEmitter {
  readonly isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): null {
    return null;
  }
}

export interface Latency {
  verdict: number[];
  /** From the dispatch to the store's showing the verdict (the rest is React, ink and its frame rate). */
  toState: number[];
  settled: number[];
  /** A cursor move: the frame alone. */
  cursor: number[];
  /** A cursor move pressed while an edit's search runs: from the press to its frame. */
  during: number[];
  unresolvable: number;
}

const THINK_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function tuiLatency(
  options: SessionOptions,
  script: readonly Edit[],
  storeOptions?: StoreOptions,
): Promise<Latency> {
  const session = await WhatIfSession.open({ ...options, edits: [] });
  // As `cargo-whatif tui` runs it: the plan on its own thread, from the built bundle.
  const worker = new URL('../../dist/bundle/solver-worker.mjs', import.meta.url);
  const solverThread = existsSync(worker)
    ? new SolverThread(pathToFileURL(worker.pathname), { ...options, edits: [] })
    : undefined;
  if (!solverThread)
    console.warn('  (no dist/bundle/solver-worker.mjs: the plan runs on the TUI thread; run npm run build)');
  const engine = new SessionEngine(session, solverThread);
  const store = new TuiStore(
    engine,
    initialState({ workspace: 'bench', registry: String(options.registry), args: '' }),
    storeOptions,
  );
  const frames: number[] = [];
  const app = render(createElement(App, { store, width: 80, height: 24 }), {
    stdout: new Terminal((at) => frames.push(at)) as unknown as NodeJS.WriteStream,
    stdin: new Keyboard() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: FRAMES_PER_SECOND,
  });
  try {
    await store.start();
    await store.planned();
    const out: Latency = { verdict: [], toState: [], settled: [], cursor: [], during: [], unresolvable: 0 };
    let edits: Edit[] = [];
    for (const edit of script) {
      edits = [...edits, edit];
      const key = editsCommandLine(edits);
      const shows = (s: TuiState) => s.analysis !== undefined && editsCommandLine(s.analysis.edits) === key;
      let verdictAt: number | undefined;
      let settledAt: number | undefined;
      const settled = new Promise<void>((resolve) => {
        const check = () => {
          const s = store.getState();
          if (!shows(s)) return;
          verdictAt ??= performance.now();
          if (s.working === undefined && (s.analysis!.verdict.kind !== 'unresolvable' || s.analysis!.explanation)) {
            settledAt = performance.now();
            unsubscribe();
            resolve();
          }
        };
        const unsubscribe = store.subscribe(check);
      });
      const t0 = performance.now();
      store.dispatch({ type: 'edit', edits: [edit] });
      // A key pressed a frame and a bit later, once the search has started (the store lets one
      // frame show "resolving" first). Its wait counts from when it was pressed, not from when the
      // thread got to it, and only when the verdict came after it (the key met the search).
      const pressedAt = t0 + FRAME_MS + 5;
      const moved = sleep(FRAME_MS + 5).then(() => {
        const at = performance.now();
        store.dispatch({ type: 'move', delta: 1 });
        return at;
      });
      await settled;
      // The frame that shows it: ink writes after React commits, which follows the store's change.
      await sleep(50);
      const frameAfter = (t: number) => frames.find((f) => f >= t);
      const fv = frameAfter(verdictAt!);
      const fs = frameAfter(settledAt!);
      if (fv === undefined || fs === undefined) throw new Error(`no frame after the edit ${key}`);
      out.verdict.push(fv - t0);
      out.toState.push(verdictAt! - t0);
      out.settled.push(fs - t0);
      const fm = frameAfter(await moved);
      if (verdictAt! > pressedAt && fm !== undefined) out.during.push(fm - pressedAt);
      if (store.getState().analysis!.verdict.kind === 'unresolvable') out.unresolvable++;
      await sleep(THINK_MS);
    }
    // A key that re-solves nothing (the cursor down and up): what a frame costs by itself.
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      store.dispatch({ type: 'move', delta: i % 2 ? -1 : 1 });
      await sleep(100);
      const f = frames.find((x) => x >= t0);
      if (f !== undefined) out.cursor.push(f - t0);
    }
    return out;
  } finally {
    store.dispatch({ type: 'quit' });
    app.unmount();
    await solverThread?.close();
  }
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
