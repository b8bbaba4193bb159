import type { Edit } from '../edits/index.js';
import type { WhatIfEngine } from './engine.js';
import type { PlanView } from './plan-view.js';

/**
 * Runs the upgrade plan for the edit list on screen, in the background: it starts once that
 * list is resolved and explained, gives the thread back between two questions (so keys and
 * frames are never held up longer than one resolution), and stops at the next of those pauses
 * when the edit list changes; a plan finished for an edit list is kept, as undo and redo revisit
 * edit lists.
 */
class Stopped extends Error {}

export class PlanRunner {
  private readonly cache = new Map<string, PlanView>();
  private current?: { key: string; stopped: boolean };
  /** Settles when the plan under way (if any) ends or stops. */
  running: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: WhatIfEngine,
    private readonly update: (key: string, plan: PlanView) => void,
    private readonly fail: (err: unknown) => void,
    private readonly pauseMs = 0,
  ) {}

  /** The finished plan for an edit list, if there is one. */
  cached(key: string): PlanView | undefined {
    return this.cache.get(key);
  }

  /** Starts the plan of `edits` (`key` names the list), after stopping any other. */
  start(edits: readonly Edit[], key: string): void {
    const plan = this.engine.plan;
    if (!plan || this.current?.key === key) return;
    this.stop();
    const run = { key, stopped: false };
    this.current = run;
    const between = async () => {
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
      if (run.stopped) throw new Stopped();
    };
    this.running = (async () => {
      try {
        for await (const view of plan.call(this.engine, edits, between)) {
          if (run.stopped) return;
          if (view.done) this.cache.set(key, view);
          this.update(key, view);
        }
      } catch (err) {
        if (!(err instanceof Stopped)) this.fail(err);
      } finally {
        if (this.current === run) this.current = undefined;
      }
    })();
  }

  stop(): void {
    if (this.current) this.current.stopped = true;
    this.current = undefined;
  }

  /** Forgets every plan (the workspace on disk changed). */
  clear(): void {
    this.stop();
    this.cache.clear();
  }
}
