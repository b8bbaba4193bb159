import type { CrateRef } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/index.js';
import { applyEdits } from '../edits/index.js';
import { InternalError } from '../errors.js';
import type { VersionPreferences } from '../resolve/preferences.js';
import { CandidateQueryer } from '../resolve/query.js';
import type { ResolveOutcome } from '../resolve/resolve.js';
import { resolveSteps } from '../resolve/resolve.js';
import type { SearchFailure } from '../resolve/search.js';
import { verifyResolution } from '../resolve/verify.js';
import { withoutFetching } from '../resolve/without-fetching.js';
import { settle, type ThreadShare } from './fetching.js';
import type { Input } from './input.js';
import { universeOf } from './input.js';
import { steerByLockfile } from './previous-lock.js';

/**
 * One resolution of the workspace with a given list of what-if edits: the members as edited,
 * the preferences cargo would use (the existing Cargo.lock's versions first, or newest first),
 * and the outcome, a resolved one checked by verify.ts. Cheap to repeat for many edit lists;
 * the only I/O is fetching index files, through `settle`.
 */
export interface ResolveSettings {
  ordering: 'maximum' | 'minimum';
  /** Follow the existing Cargo.lock (cargo's default); false is `--ignore-lock`. */
  useLockfile: boolean;
  /**
   * `--offline`: Cargo reads its cache of the index and searches once. Online it searches again
   * each time the search asked for crates it had not fetched, which can change its answer.
   */
  onePass: boolean;
}

export interface Resolution {
  members: Summary[];
  queryer: CandidateQueryer;
  outcome: ResolveOutcome;
}

/** One resolution over an index on this machine (resolveFetching for one that is fetched). */
export function resolveInput(
  input: Input,
  edits: readonly Edit[],
  settings: ResolveSettings,
  verdictOnly = false,
): Resolution {
  return withoutFetching(resolveInputSteps(input, edits, settings, verdictOnly));
}

/** What a caller can ask of a run beyond its answer. */
export interface RunHooks {
  /** Cargo's search pauses to let other work on this thread run (see ThreadShare). */
  share?: ThreadShare;
  /** Told where Cargo's search failed, before the SAT engine is asked (ResolveOptions.searchFailed). */
  searchFailed?: (failure: SearchFailure) => void;
}

/**
 * One resolution, waiting for crates between Cargo's passes (resolveSteps); `settle` drives it.
 * `verdictOnly`: when Cargo's search fails, the outcome is that failure (kind `failed`), without
 * the SAT encoding an explanation starts from (see ResolveOptions.verdictOnly).
 */
export function resolveFetching(
  input: Input,
  edits: readonly Edit[],
  settings: ResolveSettings,
  verdictOnly = false,
  hooks: RunHooks = {},
): Promise<Resolution> {
  return settle(
    input.registry,
    () => resolveInputSteps(input, edits, settings, verdictOnly, hooks),
    disposeResolution,
    hooks.share,
    // Cargo's verdict is the first pass that fails, as cargo gives it: it fetches no more.
    verdictOnly ? (r) => r.outcome.kind === 'failed' : undefined,
  );
}

/** Gives back the solver session an unresolvable outcome holds. */
export function disposeResolution(r: Resolution): void {
  if (r.outcome.kind === 'unresolvable') r.outcome.session.dispose();
}

function* resolveInputSteps(
  input: Input,
  edits: readonly Edit[],
  settings: ResolveSettings,
  verdictOnly: boolean,
  hooks: RunHooks = {},
): Generator<CrateRef[], Resolution, void> {
  const edited = applyEdits(input.baseMembers, edits, (name) => input.registry.get(name) ?? []);
  let members = edited.members;
  let preferred = new Set<string>();
  let adjust = (s: Summary) => s;
  if (settings.useLockfile && input.lockfile) {
    const pathPackages = input.workspace.pathPackages.map((p) => p.summary);
    const steering = steerByLockfile(input.lockfile.lock, members, pathPackages);
    preferred = steering.preferred;
    adjust = steering.lock;
    members = members.map(adjust);
  }
  const prefs: VersionPreferences = {
    ordering: settings.ordering,
    preferred,
    rustVersions: rustVersionsFor(input, members),
  };
  const queryer = new CandidateQueryer(universeOf(input), prefs, input.patches, adjust, edited.pins);
  const outcome = yield* resolveSteps(members, queryer, {
    onePass: settings.onePass,
    fetching: input.registry.fetches,
    verdictOnly,
    pause: hooks.share?.due,
    searchFailed: hooks.searchFailed,
  });
  if (outcome.kind === 'resolved') {
    // Checked against Cargo's rules by code that shares nothing with the search or the SAT
    // encoding, before anything is printed or written: a wrong Cargo.lock is a bug to report,
    // never a file to leave behind. It costs ~1% of a run: ~21 M of ~1.86 G instructions for
    // `lock` on popular-20 (275 packages).
    const problems = verifyResolution(outcome.graph, members);
    if (problems.length > 0) {
      throw new InternalError(
        `the resolution breaks Cargo's rules, so nothing was written: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; ...' : ''}`,
      );
    }
  }
  return { members, queryer, outcome };
}

/**
 * Resolver 3 (or `incompatible-rust-versions = "fallback"`) prefers versions whose
 * rust-version the workspace supports: the members' rust-versions, or else the toolchain's.
 */
function rustVersionsFor(input: Input, members: readonly Summary[]): string[] {
  if (input.workspace.resolver !== '3') return [];
  const declared = members.map((m) => m.rustVersion).filter((v): v is string => v !== null);
  return declared.length ? declared : [TOOLCHAIN_RUST_VERSION];
}

// The toolchain cargo-whatif stands in for when a resolver-3 workspace declares no rust-version.
export const TOOLCHAIN_RUST_VERSION = '1.95.0';
