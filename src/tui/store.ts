import type { Edit } from '../edits/index.js';
import { EditStack, editFlag, editsCommandLine } from '../edits/index.js';
import { isUserError } from '../errors.js';
import type { Analysis } from './analysis.js';
import type { WhatIfEngine } from './engine.js';
import { FRAME_MS } from './frame-rate.js';
import { PlanRunner } from './plan-runner.js';
import type { PlanView } from './plan-view.js';
import { planEntryFor } from './plan-view.js';
import { openPrompt, promptEdit } from './prompt.js';
import type { PromptKind, TuiState, UiAction } from './state.js';
import { detailCount, reduce, selectedRow } from './state.js';
import type { WritePreview } from './write.js';

export type Action =
  | UiAction
  | { type: 'open-prompt'; kind: PromptKind }
  | { type: 'submit-prompt' }
  | { type: 'edit'; edits: readonly Edit[] }
  | { type: 'apply-suggestion'; index?: number }
  | { type: 'undo' }
  | { type: 'redo' }
  /** The upgrade plan's move for the selected dependency, or for the plan pane's selected entry. */
  | { type: 'apply-move'; from: 'dependency' | 'plan' }
  | { type: 'write-preview' }
  | { type: 'write-confirm' }
  | { type: 'write-cancel' };

/** The default of StoreOptions.planIdleMs: longer than the pause between two keys of a quick user. */
export const PLAN_IDLE_MS = 400;

export interface StoreOptions {
  /**
   * How long to let the screen show "resolving…" before the (synchronous) solver takes the
   * thread: a frame's window (frame-rate.ts), since less than that could show nothing.
   */
  pauseMs?: number;
  /** How long the upgrade plan waits between two of its questions. */
  planPauseMs?: number;
  /**
   * How long the edit list must stay as it is before its upgrade plan starts (PLAN_IDLE_MS).
   * A plan's question holds the thread while it solves (up to a second on 348 packages), and a
   * key pressed meanwhile waits: while edits come one after another, none starts in their way.
   */
  planIdleMs?: number;
}

/**
 * The TUI's state and the only place it changes. UI actions go through `reduce`; edits go
 * through the engine (the pipeline) in order, one at a time, and every change of the edit
 * list re-solves. A re-solve that a newer edit list overtakes is dropped, not shown.
 */
export class TuiStore {
  private state: TuiState;
  private readonly listeners = new Set<() => void>();
  /** Changes of the edit list, in the order the user asked for them. */
  private queue: Promise<void> = Promise.resolve();
  private analyzing: Promise<void> = Promise.resolve();
  /** Bumped by every new edit list; work for an older one stops at its next pause. */
  private generation = 0;
  /** Undo and redo revisit edit lists, and their analyses do not change. */
  private readonly cache = new Map<string, Analysis>();
  private readonly plans: PlanRunner;
  /** What `W` showed, to write on `y`. */
  private preview?: WritePreview;
  /** Settles once a plan waiting to start has started (or was overtaken). */
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: WhatIfEngine,
    initial: TuiState,
    private readonly options: StoreOptions = {},
  ) {
    this.state = initial;
    engine.onFetch?.((complete, pending) => this.set({ fetching: pending > 0 ? { complete, pending } : undefined }));
    this.plans = new PlanRunner(
      engine,
      (key, plan) => this.showPlan(key, plan),
      (err) => {
        this.set({ planning: undefined });
        this.fail(err);
      },
      options.planPauseMs ?? 0,
    );
  }

  getState = (): TuiState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Resolves the initial edit list. */
  start(): Promise<void> {
    this.reanalyze();
    return this.idle();
  }

  /** Settles when the upgrade plan of the current edit list is done (or stopped). */
  async planned(): Promise<void> {
    for (;;) {
      await this.idle();
      const { starting } = this;
      await starting;
      const running = this.plans.running;
      await running;
      await this.idle();
      if (starting === this.starting && running === this.plans.running) return;
    }
  }

  /** Settles when every queued edit and the analysis of the current edit list are done. */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      const analyzing = this.analyzing;
      await queue;
      await analyzing;
      if (queue === this.queue && analyzing === this.analyzing) return;
    }
  }

  dispatch = (action: Action): void => {
    // A message answers the last key; the next one clears it.
    if (action.type !== 'message' && this.state.message) this.set({ message: undefined });
    switch (action.type) {
      case 'open-prompt': {
        const p = openPrompt(this.state, action.kind);
        this.set('error' in p ? { message: { kind: 'error', text: p.error } } : { prompt: p });
        return;
      }
      case 'submit-prompt': {
        const prompt = this.state.prompt;
        if (!prompt) return;
        if (prompt.kind === 'filter') {
          this.set({ prompt: undefined, filter: prompt.text.trim() || undefined });
          return;
        }
        try {
          const edit = promptEdit(prompt);
          this.set({ prompt: undefined });
          this.apply([edit]);
        } catch (err) {
          // The prompt stays open so the text can be corrected.
          this.fail(err);
        }
        return;
      }
      case 'edit':
        this.apply(action.edits);
        return;
      case 'apply-suggestion': {
        const suggestions = this.state.analysis?.explanation?.suggestions ?? [];
        const s = suggestions[action.index ?? this.state.cursor.suggestions];
        if (!s) {
          this.set({ message: { kind: 'error', text: 'no suggestion to apply' } });
          return;
        }
        this.apply(s.edits, `applied ${s.flags.join(' ')}`);
        return;
      }
      case 'undo':
      case 'redo':
        this.enqueue(async () => this.step(action.type));
        return;
      case 'apply-move':
        this.applyMove(action.from);
        return;
      case 'write-preview':
        this.writePreview();
        return;
      case 'write-confirm':
        this.writeConfirm();
        return;
      case 'write-cancel':
        this.preview = undefined;
        this.set({ overlay: undefined, write: undefined, message: { kind: 'info', text: 'nothing was written' } });
        return;
      case 'quit':
        this.plans.stop();
        this.generation++;
        this.state = reduce(this.state, action);
        this.notify();
        return;
      default:
        this.state = reduce(this.state, action);
        this.notify();
    }
  };

  private apply(edits: readonly Edit[], done?: string): void {
    if (edits.length === 0) return;
    this.enqueue(async () => {
      const next = edits.reduce((s, e) => s.push(e), this.state.stack);
      try {
        const missing = this.engine.missingCrates(next.edits);
        if (missing.length > 0) {
          this.set({ loading: missing });
          try {
            await this.engine.load(missing);
          } finally {
            this.set({ loading: undefined });
          }
        }
        this.engine.validate(next.edits);
      } catch (err) {
        this.fail(err);
        return;
      }
      this.set({
        stack: next,
        undoSteps: [...this.state.undoSteps, edits.length],
        redoSteps: [],
        ...(done && { message: { kind: 'info', text: done } }),
      });
      this.reanalyze();
    });
  }

  private step(kind: 'undo' | 'redo'): void {
    const from = kind === 'undo' ? this.state.undoSteps : this.state.redoSteps;
    const n = from.at(-1);
    if (n === undefined) {
      this.set({ message: { kind: 'info', text: `nothing to ${kind}` } });
      return;
    }
    let stack = this.state.stack;
    for (let i = 0; i < n; i++) stack = kind === 'undo' ? stack.undo() : stack.redo();
    const rest = from.slice(0, -1);
    const to = [...(kind === 'undo' ? this.state.redoSteps : this.state.undoSteps), n];
    this.set(kind === 'undo' ? { stack, undoSteps: rest, redoSteps: to } : { stack, undoSteps: to, redoSteps: rest });
    this.reanalyze();
  }

  private reanalyze(): void {
    const generation = ++this.generation;
    const edits = this.state.stack.edits;
    const key = editsCommandLine(edits);
    this.plans.stop();
    const plan = this.plans.cached(key);
    this.set({ plan, planning: undefined });
    const cached = this.cache.get(key);
    if (cached) {
      this.show(cached);
      this.planFor(edits, key, generation);
      return;
    }
    const current = () => generation === this.generation;
    this.analyzing = (async () => {
      this.set({ working: 'resolving' });
      await this.pause();
      if (!current()) return;
      let pending;
      try {
        pending = await this.engine.analyze(edits, current);
      } catch (err) {
        this.set({ working: undefined });
        this.fail(err);
        return;
      }
      // A newer edit list stopped its search: that list's re-solve shows instead.
      if (!pending) return;
      // Fetching index files takes time, in which the edit list may have changed.
      if (!pending.explain) {
        this.cache.set(key, pending.analysis);
        if (current()) this.show(pending.analysis);
        this.planFor(edits, key, generation);
        return;
      }
      if (!current()) {
        pending.discard();
        return;
      }
      this.show(pending.analysis, 'explaining');
      await this.pause();
      if (!current()) {
        pending.discard();
        return;
      }
      try {
        const analysis = { ...pending.analysis, explanation: await pending.explain() };
        this.cache.set(key, analysis);
        if (current()) this.show(analysis);
        this.planFor(edits, key, generation);
      } catch (err) {
        pending.discard();
        this.set({ working: undefined });
        this.fail(err);
      }
    })();
  }

  /** Starts the upgrade plan of the edit list on screen, once its analysis is shown. */
  private planFor(edits: readonly Edit[], key: string, generation: number): void {
    if (generation !== this.generation || this.plans.cached(key) || !this.engine.plan) return;
    this.set({ planning: true });
    this.starting = new Promise((resolve) =>
      setTimeout(() => {
        if (generation === this.generation) this.plans.start(edits, key);
        resolve();
      }, this.options.planIdleMs ?? PLAN_IDLE_MS),
    );
  }

  private showPlan(key: string, plan: PlanView): void {
    if (key !== editsCommandLine(this.state.stack.edits)) return;
    const cursor = {
      ...this.state.cursor,
      upgrades: Math.max(0, Math.min(this.state.cursor.upgrades, plan.entries.length - 1)),
    };
    this.set({ plan, planning: !plan.done, cursor });
  }

  private applyMove(from: 'dependency' | 'plan'): void {
    const s = this.state;
    let entry;
    if (from === 'plan') {
      entry = s.plan?.entries[s.cursor.upgrades];
      if (!entry)
        return this.set({
          message: {
            kind: 'error',
            text: s.plan
              ? 'no move to apply: every dependency is on its newest release'
              : 'the upgrade plan is not ready yet',
          },
        });
    } else {
      const row = selectedRow(s);
      if (row?.kind !== 'dep')
        return this.set({ message: { kind: 'error', text: 'select a dependency to move (j/k)' } });
      entry = planEntryFor(s.plan, row.dep.crate);
      if (!entry) {
        const text = s.plan
          ? `${row.dep.crate} is on its newest release: no move to apply`
          : 'the upgrade plan is not ready yet';
        return this.set({ message: { kind: s.plan ? 'info' : 'error', text } });
      }
    }
    this.apply(entry.edits, `applied ${entry.edits.map(editFlag).join(' ')}`);
  }

  /** `W`: once the edits queued before it are resolved, what writing them would change. */
  private writePreview(): void {
    if (this.state.stack.edits.length === 0) {
      this.set({ message: { kind: 'info', text: 'no edits to write yet (the manifests are as they were read)' } });
      return;
    }
    if (!this.engine.previewWrite) {
      this.set({ message: { kind: 'error', text: 'this session cannot write' } });
      return;
    }
    this.set({ overlay: 'write', write: { phase: 'preparing', files: [], scroll: 0 } });
    this.enqueue(async () => {
      const edits = this.state.stack.edits;
      try {
        const preview = await this.engine.previewWrite!(edits);
        // Cancelled while it was being prepared, or the edits changed meanwhile.
        if (this.state.overlay !== 'write' || this.state.stack.edits !== edits) return;
        this.preview = preview;
        this.set({
          write: { phase: 'confirm', files: preview.files, diff: preview.diff, packages: preview.packages, scroll: 0 },
        });
      } catch (err) {
        this.set({ overlay: undefined, write: undefined });
        this.fail(err);
      }
    });
  }

  /** `y` on what `W` showed: write it, then read the workspace again and start from it. */
  private writeConfirm(): void {
    const preview = this.preview;
    if (!preview || this.state.write?.phase !== 'confirm') return;
    this.preview = undefined;
    this.set({ write: { ...this.state.write, phase: 'writing' } });
    this.enqueue(async () => {
      let written: string[];
      try {
        written = preview.commit();
      } catch (err) {
        this.set({ overlay: undefined, write: undefined });
        this.fail(err);
        return;
      }
      this.plans.clear();
      this.cache.clear();
      try {
        await this.engine.reload?.();
      } catch (err) {
        this.set({ overlay: undefined, write: undefined });
        this.fail(err);
        return;
      }
      this.set({
        overlay: undefined,
        write: undefined,
        stack: EditStack.of(),
        undoSteps: [],
        redoSteps: [],
        written: [...new Set([...this.state.written, ...written])],
        message: { kind: 'info', text: written.length ? `wrote ${written.join(', ')}` : 'nothing changed on disk' },
      });
      this.reanalyze();
    });
  }

  /**
   * A new analysis. A detail pane the verdict leaves empty gives way to what matters now: the
   * lockfile diff when it resolves, the conflicts when it stopped resolving.
   */
  private show(analysis: Analysis, working?: 'explaining'): void {
    const s = this.state;
    let { tab, focus } = s;
    const resolves = analysis.verdict.kind === 'resolved';
    if (resolves ? tab === 'conflicts' || tab === 'suggestions' : tab === 'diff' || tab === 'packages') {
      tab = resolves ? 'diff' : 'conflicts';
      if (focus !== 'deps') focus = tab;
    }
    const next: TuiState = { ...s, analysis, working, tab, focus };
    const cursor = { ...s.cursor };
    for (const t of Object.keys(cursor) as (keyof typeof cursor)[])
      cursor[t] = Math.max(0, Math.min(cursor[t], detailCount(next, t) - 1));
    this.state = { ...next, cursor };
    this.notify();
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    const text = isUserError(err)
      ? err.describe()
      : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    this.set({ message: { kind: 'error', text } });
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.options.pauseMs ?? FRAME_MS + 1));
  }

  private set(patch: Partial<TuiState>): void {
    this.state = { ...this.state, ...patch };
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
