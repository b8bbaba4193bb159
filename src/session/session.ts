import { loadEngine } from '../../solver/engine.js';
import type { CrateRef } from '../cargo/source-id.js';
import type { Edit } from '../edits/index.js';
import { InternalError } from '../errors.js';
import type { Explanation } from '../explain/explain.js';
import { explain } from '../explain/explain.js';
import { WhatIfChecker } from '../explain/what-if.js';
import type { FetchProgress } from '../index/snapshot.js';
import type { ThreadShare } from '../pipeline/fetching.js';
import type { Input } from '../pipeline/input.js';
import { loadInput } from '../pipeline/input.js';
import type { Resolution, ResolveSettings, RunHooks } from '../pipeline/resolution.js';
import { disposeResolution, resolveFetching } from '../pipeline/resolution.js';
import { PendingCrates } from '../resolve/query.js';
import type { SessionOptions } from './options.js';

export interface ExplainOptions {
  /** false: the conflicts and dead ends only, no fix search. */
  suggestions?: boolean;
}

/**
 * What every resolving command, the TUI and the upgrade planner share: load once, resolve with
 * the command line's edits (and any more on top of them), and explain an unresolvable outcome
 * with fixes verified against the same input.
 */
export class WhatIfSession {
  private constructor(
    readonly options: SessionOptions,
    readonly input: Input,
    readonly settings: ResolveSettings,
  ) {}

  /**
   * `progress`: told how fetching a sparse index goes (a status line on stderr, the TUI); by
   * default none. `warn`: what to do with a warning about the registries as they are opened
   * (the commands print it); by default nothing.
   */
  static async open(
    options: SessionOptions,
    progress?: FetchProgress,
    warn?: (message: string) => void,
  ): Promise<WhatIfSession> {
    const input = await loadInput({
      path: options.path,
      registry: options.registry,
      offline: options.offline,
      ignoreLock: options.ignoreLock,
      edits: options.edits,
      progress,
      warn,
    });
    const settings: ResolveSettings = {
      ordering: options.minimalVersions ? 'minimum' : 'maximum',
      useLockfile: !options.ignoreLock,
      // Cargo searches once offline, and when every registry is on this machine whole
      // (`directory`, `local-registry`): nothing is pending, so there is no second pass.
      onePass: input.offline || input.registry.wholeAtOnce,
    };
    return new WhatIfSession(options, input, settings);
  }

  /**
   * Resolves with the command line's edits and `extra`, fetching what Cargo's search asks for;
   * `hooks.searchFailed` hears cargo's verdict the moment its search fails, before the SAT engine
   * works on the failure.
   */
  resolve(extra: readonly Edit[] = [], hooks?: RunHooks): Promise<Resolution> {
    return resolveFetching(this.input, [...this.input.edits, ...extra], this.settings, false, hooks);
  }

  /**
   * Cargo's verdict alone: like `resolve`, but a failure of Cargo's search is the answer (kind
   * `failed`), and the SAT engine is not loaded for it. For what needs only "does it resolve?"
   * and the package set (check's expectations, a diff's baseline). With `share`, Cargo's search
   * lets other work on this thread run as it goes (the TUI's keys), and stops with Superseded
   * once its caller no longer wants it.
   */
  verdict(extra: readonly Edit[] = [], share?: ThreadShare): Promise<Resolution> {
    return resolveFetching(this.input, [...this.input.edits, ...extra], this.settings, true, { share });
  }

  /**
   * For a caller that will most likely explain (the `explain` command): when this session fetches
   * the index, the SAT engine is loaded as soon as the run first waits for the network, so that
   * its load (~100 ms, logic-solver's MiniSat) overlaps the fetching instead of following it.
   * Over an index on this machine there is no wait to fill, and it loads on first use as before.
   */
  preloadSatEngine(): void {
    if (this.input.registry.fetches) setTimeout(loadEngine, 0).unref();
  }

  versionsOf = (name: string) => this.input.registry.get(name) ?? [];

  /** Names and versions in the existing Cargo.lock, for counting what a fix changes. */
  baseline(): Map<string, string[]> | undefined {
    const lock = this.input.lockfile?.lock;
    if (!lock) return undefined;
    const out = new Map<string, string[]>();
    for (const p of lock.packages) out.set(p.name, [...(out.get(p.name) ?? []), p.version]);
    return out;
  }

  /**
   * `extra`: the edits `resolution` was made with beyond the command line's (a TUI session's
   * stack), so that fixes are verified on top of them rather than on the bare manifests.
   * `options.suggestions: false` gives the conflicts alone, without the fix search (the
   * upgrade planner searches co-moves of its own).
   */
  async explain(
    resolution: Resolution,
    extra: readonly Edit[] = [],
    options: ExplainOptions = {},
  ): Promise<Explanation | undefined> {
    if (resolution.outcome.kind !== 'unresolvable') return undefined;
    const { registry } = this.input;
    // Explaining extends the failed resolution's encoding, fetching what that needs
    // (`settled`), and checks fixes with resolutions of their own, which fetch too. Should
    // anything still have read a crate not fetched (an answer of "none yet"), the crate is
    // fetched and the explanation made again from a fresh resolution: an explanation is never
    // built on a crate still pending.
    let current = resolution;
    try {
      for (;;) {
        const watched = registry.watchWanted();
        let explained: Explanation | undefined;
        let wanted: CrateRef[];
        try {
          explained = await this.explainNow(current, extra, options);
        } finally {
          wanted = registry.unwatchWanted(watched);
        }
        if (wanted.length === 0) {
          if (!explained) throw new InternalError('a resolution that failed resolves once more crates are fetched');
          return explained;
        }
        await registry.fetch(wanted);
        if (current !== resolution) disposeResolution(current);
        current = await this.resolve(extra);
      }
    } finally {
      if (current !== resolution) disposeResolution(current);
    }
  }

  private async explainNow(
    resolution: Resolution,
    extra: readonly Edit[],
    options: ExplainOptions,
  ): Promise<Explanation | undefined> {
    const outcome = resolution.outcome;
    if (outcome.kind !== 'unresolvable') return undefined;
    // The quick what-if verdicts share the failed resolution's encoding, which holds Cargo.lock's
    // pins when one steered it; those can change with the edits, so then every try is resolved in full.
    const steered = this.settings.useLockfile && this.input.lockfile !== undefined;
    const whatIf = steered
      ? undefined
      : // The members as this resolution had them: an --upgrade among the edits is applied with the registry.
        new WhatIfChecker(outcome.encoding, outcome.session, resolution.members);
    return explain({
      encoding: outcome.encoding,
      session: outcome.session,
      whatIf,
      queryer: resolution.queryer,
      members: resolution.members,
      versionsOf: this.versionsOf,
      unusableOf: (dep) => (dep.source.kind === 'registry' ? this.input.registry.unusable(dep.name, dep.source) : []),
      baseline: this.baseline(),
      suggestions: options.suggestions,
      settled: (run) => this.settled(run),
      resolveWith: async (edits) => {
        const r = await this.resolve([...extra, ...edits]);
        if (r.outcome.kind === 'resolved') {
          const packages = new Map<string, string[]>();
          for (const s of r.outcome.graph.packages.values())
            packages.set(s.name, [...(packages.get(s.name) ?? []), s.version.toString()]);
          return { resolved: true, packages };
        }
        if (r.outcome.kind === 'unresolvable')
          return { resolved: false, encoding: r.outcome.encoding, session: r.outcome.session, queryer: r.queryer };
        return { resolved: false, queryer: r.queryer };
      },
    });
  }

  /** Runs `run` until it stops asking for crates not fetched yet (PendingCrates), fetching them in between. */
  private async settled<T>(run: () => T): Promise<T> {
    const { registry } = this.input;
    for (;;) {
      try {
        return run();
      } catch (err) {
        if (!(err instanceof PendingCrates)) throw err;
        const missing = err.crates.filter((c) => registry.isPending(c.name, c.source));
        if (missing.length === 0) throw new InternalError(`${err.message}, though they are`);
        await registry.fetch(missing);
      }
    }
  }
}
