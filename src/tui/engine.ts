import type { Baseline } from '../compare/baseline.js';
import { baselineOf, diffAgainstBaseline } from '../compare/baseline.js';
import type { Edit } from '../edits/index.js';
import { applyEdits } from '../edits/index.js';
import { InternalError } from '../errors.js';
import type { Snapshot } from '../manifest-edit/snapshot.js';
import { takeSnapshot } from '../manifest-edit/snapshot.js';
import { Superseded, ThreadShare } from '../pipeline/fetching.js';
import { checkKnownCrates, extendRegistry, namedByEdits } from '../pipeline/input.js';
import type { Resolution } from '../pipeline/resolution.js';
import { disposeResolution } from '../pipeline/resolution.js';
import { planUpgrades } from '../plan/planner.js';
import { WhatIfSession } from '../session/session.js';
import type { Analysis, ExplanationView } from './analysis.js';
import { analysisOf, explanationView } from './analysis.js';
import type { PlanView } from './plan-view.js';
import { planView } from './plan-view.js';
import type { SolverThread } from './solver-thread.js';
import type { WritePreview } from './write.js';
import { previewWrite } from './write.js';

/**
 * The pipeline as the TUI's store needs it. An interface, so the store and the components can
 * be exercised against canned analyses; `SessionEngine` is the real one.
 */
export interface WhatIfEngine {
  /** Crates these edits add or pin that the loaded index snapshot lacks. */
  missingCrates(edits: readonly Edit[]): string[];
  /** Fetches them from the index (what they reach is fetched as resolution asks); may touch the network. */
  load(names: readonly string[]): Promise<void>;
  /** Throws a UserError when the edits cannot apply: unknown member, dependency or crate. */
  validate(edits: readonly Edit[]): void;
  /**
   * Resolves with the edits (fetching what Cargo's search asks for). Explaining a failure costs
   * more than resolving, so it is a second step the caller can run later, or skip (`discard`)
   * when the edits changed meanwhile. Cargo's search gives the thread back every few
   * milliseconds, so keys are taken while it runs; once `stillWanted` says no, it stops there and
   * the answer is undefined.
   */
  analyze(edits: readonly Edit[], stillWanted?: () => boolean): Promise<PendingAnalysis | undefined>;
  /** Tells `listener` how fetching index files goes (none pending: done for now). */
  onFetch?(listener: (complete: number, pending: number) => void): void;
  /**
   * The upgrade plan on top of the edits, one view per step of the planner (the last one
   * done); `between` is awaited between two of its questions and may throw to stop it.
   */
  plan?(edits: readonly Edit[], between: () => Promise<void>): AsyncGenerator<PlanView, void, void>;
  /** What writing the edits would change, and the write itself (see write.ts). */
  previewWrite?(edits: readonly Edit[]): Promise<WritePreview>;
  /** Reads the workspace again, after a write: the session then starts from the files as they are. */
  reload?(): Promise<void>;
}

export interface PendingAnalysis {
  analysis: Analysis;
  explain?: () => Promise<ExplanationView>;
  /** Releases what `explain` would have used; idempotent. */
  discard(): void;
}

/**
 * How long Cargo's search runs before it lets the TUI take its keys: under a frame (frame-rate.ts),
 * so a key pressed during a long search is taken within one.
 */
export const SEARCH_SLICE_MS = 8;

export class SessionEngine implements WhatIfEngine {
  private baseline?: Promise<Baseline>;
  /** The files a write may change, as the session read them: a write is refused if one changed since. */
  private snapshot: Snapshot;
  private fetchListener?: (complete: number, pending: number) => void;

  /**
   * `session` must be opened without command-line edits: the TUI's edit stack holds them. With
   * `solverThread`, the upgrade plan and the explanations run there, off the thread that takes
   * the keys; cargo's verdict, which shows first, stays here.
   */
  constructor(
    public session: WhatIfSession,
    private readonly solverThread?: SolverThread,
  ) {
    this.snapshot = takeSnapshot(session.input.workspace);
  }

  missingCrates(edits: readonly Edit[]): string[] {
    const registry = this.session.input.registry;
    return [...new Set(namedByEdits(edits).filter((name) => !registry.has(name)))];
  }

  load(names: readonly string[]): Promise<void> {
    return extendRegistry(this.session.input, names);
  }

  validate(edits: readonly Edit[]): void {
    const { input, versionsOf } = this.session;
    const edited = applyEdits(input.baseMembers, edits, versionsOf);
    checkKnownCrates(edited.members, input.registry, input.workspace.rootManifestPath);
  }

  onFetch(listener: (complete: number, pending: number) => void): void {
    this.fetchListener = listener;
    this.session.input.registry.progress = { update: listener };
  }

  async *plan(edits: readonly Edit[], between: () => Promise<void>): AsyncGenerator<PlanView, void, void> {
    if (this.solverThread) {
      yield* this.solverThread.plan(edits, between);
      return;
    }
    for await (const update of planUpgrades(this.session, { extra: edits, between })) yield planView(update.plan);
  }

  previewWrite(edits: readonly Edit[]): Promise<WritePreview> {
    return previewWrite(this.session, this.snapshot, edits);
  }

  async reload(): Promise<void> {
    this.solverThread?.reload();
    const session = await WhatIfSession.open(this.session.options);
    if (this.fetchListener) session.input.registry.progress = { update: this.fetchListener };
    this.session = session;
    this.snapshot = takeSnapshot(session.input.workspace);
    this.baseline = undefined;
  }

  async analyze(edits: readonly Edit[], stillWanted?: () => boolean): Promise<PendingAnalysis | undefined> {
    const { session } = this;
    // Cargo's verdict first, from its search alone, so that it shows at once (issue 13); the SAT
    // engine (its load, the encoding) waits for `explain`. The search shares this thread with the
    // keys (ThreadShare), and a newer edit list stops it.
    const share = new ThreadShare(SEARCH_SLICE_MS, stillWanted);
    let verdict: Resolution;
    try {
      verdict = await session.verdict(edits, share);
      // The lockfile diff and the views are a few milliseconds more: keys first.
      await share.giveBack();
    } catch (err) {
      if (err instanceof Superseded) return undefined;
      throw err;
    }
    const outcome = verdict.outcome;
    const diff =
      outcome.kind === 'resolved'
        ? diffAgainstBaseline(await (this.baseline ??= baselineOf(session.input, session.settings)), outcome.graph)
        : undefined;
    const analysis = analysisOf(edits, verdict, session.versionsOf, diff);
    if (outcome.kind !== 'failed' && outcome.kind !== 'unresolvable') return { analysis, discard: () => {} };
    // The solver session lives in MiniSat's shared, fixed heap: a long TUI session must give each one back.
    let resolution: Resolution | undefined = outcome.kind === 'unresolvable' ? verdict : undefined;
    let open = true;
    const discard = () => {
      if (open && resolution) disposeResolution(resolution);
      open = false;
    };
    const explain = async () => {
      if (!open) throw new InternalError('explain after discard');
      if (this.solverThread) {
        discard();
        return (await this.solverThread.explain(edits))!;
      }
      try {
        resolution ??= await session.resolve(edits);
        if (resolution.outcome.kind !== 'unresolvable') {
          throw new InternalError(
            `cargo's search fails with these edits, and the SAT engine's replay finds a resolution (${resolution.outcome.kind})`,
          );
        }
        return explanationView((await session.explain(resolution, edits))!);
      } finally {
        discard();
      }
    };
    return { analysis, explain, discard };
  }
}
