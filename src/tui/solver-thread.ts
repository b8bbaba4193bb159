import { Worker } from 'node:worker_threads';
import type { Edit } from '../edits/index.js';
import { InternalError, UserError } from '../errors.js';
import type { SessionOptions } from '../session/options.js';
import type { ExplanationView } from './analysis.js';
import type { PlanView } from './plan-view.js';

/** What the TUI asks of its solver thread (solver-worker.ts). */
export type SolverRequest =
  | { type: 'plan' | 'explain'; id: number; epoch: number; options: SessionOptions; edits: Edit[] }
  | { type: 'stop'; id: number };

/** What the solver thread answers, for the request `id`. */
export type SolverMessage =
  | { id: number; type: 'view'; view: PlanView }
  | { id: number; type: 'explained'; view: ExplanationView | undefined }
  | { id: number; type: 'done' }
  | { id: number; type: 'error'; message: string; user: boolean };

/**
 * The TUI's long questions on a thread of their own, with a session of its own over the same
 * workspace and index: the upgrade plan (a question explaining a blocked move holds a thread for
 * up to a second on 348 packages) and the explanation of an edit that does not resolve (the SAT
 * engine, its encoding and the fix search). On the TUI's thread each would be a second in which
 * no key is taken. The worker is `unref`'d, so it never keeps the process alive.
 */
export class SolverThread {
  private readonly worker: Worker;
  private nextId = 1;
  /** Bumped when the workspace on disk changes (a write): the thread then opens a new session. */
  private epoch = 0;
  private readonly listeners = new Map<number, (m: SolverMessage) => void>();
  private failure?: Error;
  private readonly options: SessionOptions;

  constructor(file: URL, options: SessionOptions) {
    const { path, registry, offline, ignoreLock, minimalVersions } = options;
    // Only what a session is opened with crosses to the thread; the TUI's edits come per request.
    this.options = { path, registry, offline, ignoreLock, minimalVersions, edits: [] };
    this.worker = new Worker(file);
    this.worker.unref();
    this.worker.on('message', (m: SolverMessage) => this.listeners.get(m.id)?.(m));
    // A thread that dies (out of memory, a bug) fails every question under way, and every later one.
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new InternalError(`the TUI's solver thread exited (${code})`)));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const listener of this.listeners.values())
      listener({ id: 0, type: 'error', message: err.message, user: false });
  }

  /** The plan of `edits`, one view per step; `between` is awaited after each and may throw to stop it. */
  async *plan(edits: readonly Edit[], between: () => Promise<void>): AsyncGenerator<PlanView, void, void> {
    const { id, next, finished } = this.ask('plan', edits);
    try {
      for (;;) {
        const m = await next();
        if (m.type === 'done') return;
        if (m.type !== 'view') throw new InternalError(`the solver thread answered a plan with ${m.type}`);
        yield m.view;
        await between();
      }
    } finally {
      this.listeners.delete(id);
      if (!finished()) this.post({ type: 'stop', id });
    }
  }

  /** The explanation of `edits`, which cargo's search found do not resolve. */
  async explain(edits: readonly Edit[]): Promise<ExplanationView | undefined> {
    const { id, next } = this.ask('explain', edits);
    try {
      const m = await next();
      if (m.type !== 'explained') throw new InternalError(`the solver thread answered an explanation with ${m.type}`);
      return m.view;
    } finally {
      this.listeners.delete(id);
    }
  }

  /** Sends a request; `next` gives its answers in order, an error answer thrown. */
  private ask(type: 'plan' | 'explain', edits: readonly Edit[]) {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const inbox: SolverMessage[] = [];
    let wake: (() => void) | undefined;
    let finished = false;
    this.listeners.set(id, (m) => {
      inbox.push(m);
      wake?.();
    });
    this.post({ type, id, epoch: this.epoch, options: this.options, edits: [...edits] });
    const next = async (): Promise<SolverMessage> => {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const m = inbox.shift()!;
      if (m.type !== 'view') finished = true;
      if (m.type === 'error') throw m.user ? new UserError(m.message) : new InternalError(m.message);
      return m;
    };
    return { id, next, finished: () => finished };
  }

  private post(request: SolverRequest): void {
    if (!this.failure) this.worker.postMessage(request);
  }

  /** The workspace on disk changed: the next question starts from a new session. */
  reload(): void {
    this.epoch++;
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
