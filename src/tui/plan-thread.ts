import { Worker } from 'node:worker_threads';
import type { Edit } from '../edits/index.js';
import { InternalError, UserError } from '../errors.js';
import type { SessionOptions } from '../session/options.js';
import type { PlanView } from './plan-view.js';

/** What the TUI asks of the plan's thread (plan-worker.ts). */
export type PlanRequest =
  | { type: 'plan'; id: number; epoch: number; options: SessionOptions; edits: Edit[] }
  | { type: 'stop'; id: number };

/** What the plan's thread answers, for the request `id`. */
export type PlanMessage =
  | { id: number; type: 'view'; view: PlanView }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string; user: boolean };

/**
 * The upgrade plan on a thread of its own, with a session of its own over the same workspace
 * and index: a plan's question (an explanation of a blocked move) holds its thread for up to a
 * second on 348 packages, and on the TUI's thread that is a second in which no key is taken.
 * The worker is `unref`'d, so it never keeps the process alive.
 */
export class PlanThread {
  private readonly worker: Worker;
  private nextId = 1;
  /** Bumped when the workspace on disk changes (a write): the thread then opens a new session. */
  private epoch = 0;
  private readonly listeners = new Map<number, (m: PlanMessage) => void>();
  private failure?: Error;

  constructor(
    file: URL,
    private readonly options: SessionOptions,
  ) {
    this.worker = new Worker(file);
    this.worker.unref();
    this.worker.on('message', (m: PlanMessage) => this.listeners.get(m.id)?.(m));
    // A thread that dies (out of memory, a bug) fails every plan under way, and every later one.
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new InternalError(`the upgrade plan's thread exited (${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const listener of this.listeners.values())
      listener({ id: 0, type: 'error', message: err.message, user: false });
  }

  /** The plan of `edits`, one view per step; `between` is awaited after each and may throw to stop it. */
  async *plan(edits: readonly Edit[], between: () => Promise<void>): AsyncGenerator<PlanView, void, void> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const inbox: PlanMessage[] = [];
    let wake: (() => void) | undefined;
    this.listeners.set(id, (m) => {
      inbox.push(m);
      wake?.();
    });
    const { path, registry, offline, ignoreLock, minimalVersions, edits: flags } = this.options;
    const options: SessionOptions = { path, registry, offline, ignoreLock, minimalVersions, edits: flags };
    this.post({ type: 'plan', id, epoch: this.epoch, options, edits: [...edits] });
    let finished = false;
    try {
      for (;;) {
        while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        const m = inbox.shift()!;
        if (m.type === 'done') {
          finished = true;
          return;
        }
        if (m.type === 'error') {
          finished = true;
          throw m.user ? new UserError(m.message) : new InternalError(m.message);
        }
        yield m.view;
        await between();
      }
    } finally {
      this.listeners.delete(id);
      if (!finished) this.post({ type: 'stop', id });
    }
  }

  private post(request: PlanRequest): void {
    if (!this.failure) this.worker.postMessage(request);
  }

  /** The workspace on disk changed: the next plan starts from a new session. */
  reload(): void {
    this.epoch++;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
