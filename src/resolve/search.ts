import { type CrateRef, sourceKey, uniqueCrates } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { InternalError } from '../errors.js';
import { ConflictCache } from './conflict-cache.js';
import { Conflict, ResolverContext } from './context.js';
import { DependencyCache } from './dep-cache.js';
import type { ResolvedGraph } from './graph.js';
import { dependencyKey, packageId } from './ids.js';
import type { CandidateQueryer } from './query.js';
import type { RemainingDepsSnapshot } from './remaining-deps.js';
import { RemainingDeps } from './remaining-deps.js';
import type { ConflictMap, DepInfo, DepsFrame } from './types.js';
import { withoutFetching } from './without-fetching.js';

/**
 * Cargo's whole search (`activate_deps_loop`; cargo 1.95, src/resolver/mod.rs), backtracking
 * included: at a dependency with no candidate left it records why (the active packages that blocked
 * each candidate) in the conflict cache, generalizes that where it can, and jumps back past every
 * choice point younger than the conflict. Its first complete path is Cargo's answer, found the way
 * Cargo finds it, so no solver is needed when Cargo succeeds.
 *
 * When Cargo fails, this fails where Cargo's error says (SearchFailure), having gone on as Cargo
 * does once it knows it will fail (`just_for_error_messages`); that failure is Cargo's verdict.
 * Explaining it (minimal conflicts, fixes) is the SAT engine's job. A step budget bounds the
 * search; past it the caller falls back to the SAT-guided replay.
 */
export type SearchOutcome = (
  | { kind: 'resolved'; graph: ResolvedGraph }
  | { kind: 'failed'; failure: SearchFailure }
  | { kind: 'budget' }
) & {
  steps: number;
  backjumps: number;
  /** Passes over the index: 1 when the first, over all of it, settles the answer. */
  passes: number;
  detours: number;
};

/**
 * Where Cargo's search gave up, which is what cargo's error names (its `activation_error` is
 * built from the same three): the dependency no candidate was left for, the package that asked
 * for it, and the active packages that kept its candidates out.
 */
export interface SearchFailure {
  parent: Summary;
  dep: Dependency;
  /** The versions that meet the requirement (none: nothing to select from). */
  candidates: readonly Summary[];
  conflicting: readonly Summary[];
}

/** Cargo's BacktrackFrame: a choice point, with the state to go back to. */
interface BacktrackFrame {
  mark: number;
  age: number;
  remainingDeps: RemainingDepsSnapshot;
  candidates: RemainingCandidates;
  parent: Summary;
  info: DepInfo;
  conflicting: ConflictMap;
}

export interface SearchOptions {
  /** Candidates the search may try, over all its passes, before it gives up. */
  budget: number;
  dependencies?: DependencyCache;
  /**
   * Cargo offline: it reads its cache of the index and searches once, over all of it. Online it
   * fetches a sparse index as the search asks for crates, and searches again (see below).
   */
  onePass?: boolean;
  /**
   * The index is fetched as the search asks for crates (a sparse index online), so there is no
   * whole index to search once over: the search runs Cargo's passes from the start, as Cargo
   * does, and between passes hands the crates the next pass needs and the registry lacks to
   * whoever drives it (see searchSteps).
   */
  fetching?: boolean;
  /**
   * Asked once the pass over the whole index has failed: whether any resolution exists. When
   * none does, every one of Cargo's passes fails too, and they are not run.
   */
  solvable?: () => boolean;
  /**
   * Asked between two dependencies: true when the caller wants its thread back (the TUI, whose
   * keys wait while the search runs). The search then yields no crates (an empty list) and goes
   * on where it was when resumed.
   */
  pause?: () => boolean;
  /**
   * Told where Cargo's search failed as soon as it has, before `solvable` is asked (which loads
   * the SAT engine): cargo's verdict, for a caller to show while the explanation is worked out.
   */
  failed?: (failure: SearchFailure) => void;
}

/** The search over an index that answers at once (or whose driver does not fetch). */
export function search(roots: readonly Summary[], queryer: CandidateQueryer, options: SearchOptions): SearchOutcome {
  return withoutFetching(searchSteps(roots, queryer, options));
}

/**
 * Cargo's search, pass by pass. Between two passes it yields the crates the next pass will read
 * and the registry has not fetched (cargo's `block_until_ready`); the driver fetches them, all at
 * once, and resumes it. Over an index on this machine it never yields.
 */
export function* searchSteps(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  options: SearchOptions,
): Generator<CrateRef[], SearchOutcome, void> {
  const { budget, dependencies = new DependencyCache(queryer), solvable, pause } = options;
  // Cargo reads a sparse index as its search asks for crates: a dependency on a crate not yet
  // downloaded is left out, and once the pass ends the search starts again with what was
  // fetched, keeping its conflict cache. A later pass can then jump back where a single pass
  // over the whole index would not, so the passes are part of the answer.
  const stats = { steps: 0, backjumps: 0, passes: 1, detours: 0 };
  if (!options.fetching || options.onePass) {
    // First, one pass over the whole index. When every dependency in it takes its first
    // candidate, every one of Cargo's passes does too: a pass over part of the index activates
    // some of the same packages with the same first candidates, none of them blocked, so it
    // meets no conflict and leaves the cache empty, and the last pass, over everything with an
    // empty cache, is this one. Most workspaces resolve so, and skip the passes.
    const whole = yield* searchPass(roots, queryer, dependencies, budget, new ConflictCache(), undefined, stats, pause);
    if (whole.kind === 'budget') return { kind: 'budget', ...stats };
    // The passes can only end where a resolution exists: any they find meets every rule. (Cargo's
    // search is not complete, since its conflict cache ignores features, so a failed pass over the
    // whole index alone does not settle it.)
    if (whole.kind === 'failed') options.failed?.(whole.failure);
    if (whole.kind === 'failed' && solvable?.() === false) return { ...whole, ...stats };
    if (whole.kind === 'resolved' && (stats.detours === 0 || options.onePass))
      return { kind: 'resolved', graph: whole.context.graph(), ...stats };
    if (whole.kind === 'failed' && options.onePass) return { ...whole, ...stats };
  }
  stats.passes = 0;
  const past = new ConflictCache();
  // By registry and name: a crate of one registry being fetched does not make another's ready.
  const fetched = new Set<string>();
  for (;;) {
    const requested = new Map<string, Dependency>();
    const isReady = (dep: Dependency) => {
      if (dep.source.kind !== 'registry') return true;
      const key = `${sourceKey(dep.source)}\0${dep.name}`;
      if (fetched.has(key)) return true;
      if (!requested.has(key)) requested.set(key, dep);
      return false;
    };
    stats.passes++;
    const outcome = yield* searchPass(roots, queryer, dependencies, budget, past, isReady, stats, pause);
    if (outcome.kind === 'failed') options.failed?.(outcome.failure);
    if (outcome.kind !== 'resolved') return { ...outcome, ...stats };
    if (requested.size === 0) return { kind: 'resolved', graph: outcome.context.graph(), ...stats };
    for (const key of requested.keys()) fetched.add(key);
    const missing = uniqueCrates(requested.values()).filter((c) => queryer.isPending(c));
    if (missing.length > 0) yield missing;
  }
}

function* searchPass(
  roots: readonly Summary[],
  queryer: CandidateQueryer,
  dependencies: DependencyCache,
  budget: number,
  past: ConflictCache,
  isReady: ((dep: Dependency) => boolean) | undefined,
  /** `detours`: dependencies that did not take their first candidate, or found none. */
  stats: { steps: number; backjumps: number; detours: number },
  pause: (() => boolean) | undefined,
): Generator<
  CrateRef[],
  { kind: 'resolved'; context: ResolverContext } | { kind: 'failed'; failure: SearchFailure } | { kind: 'budget' },
  void
> {
  const cx = new ResolverContext(dependencies, isReady);
  const remainingDeps = new RemainingDeps();
  const backtrackStack: BacktrackFrame[] = [];
  // Member by member, so that a caller waiting for its thread (`pause`) waits for one at most.
  for (const root of roots) {
    if (pause?.()) yield [];
    for (const frame of cx.activateRoots([root])) remainingDeps.push(frame);
  }

  for (;;) {
    if (pause?.()) yield [];
    const next = remainingDeps.pop();
    if (!next) break;
    let [parent, info, forErrorMessages] = next;
    // Cargo's just_here_for_the_error_messages: the search has failed, and goes on only to fail
    // where cargo's error names; a dependency is then tried with its last candidate alone.
    const justHere = forErrorMessages && past.findConflicting((s) => cx.isActive(s), info.dep) !== undefined;
    let candidates = new RemainingCandidates(info.candidates);
    let conflicting: ConflictMap = new Map();
    let backtracked = false;

    for (;;) {
      if (++stats.steps > budget) return { kind: 'budget' };
      let picked = candidates.next(conflicting, cx);
      if (!picked) {
        let generalized: ConflictMap | undefined;
        if (!justHere && !backtracked) {
          past.insert(info.dep, conflicting);
          generalized = generalizeConflicting(cx, queryer, past, parent, info, conflicting);
        }
        const found = findCandidate(cx, backtrackStack, parent, backtracked, generalized ?? conflicting);
        stats.detours++;
        if (!found) return failedAt(parent, info, conflicting);
        stats.backjumps++;
        const frame = found.frame;
        remainingDeps.restore(frame.remainingDeps);
        candidates = frame.candidates;
        parent = frame.parent;
        info = frame.info;
        conflicting = frame.conflicting;
        backtracked = true;
        picked = found.picked;
      }
      const [candidate, hasAnother] = picked;
      if (justHere && !backtracked && hasAnother) continue;
      const backtrack: BacktrackFrame | undefined = hasAnother
        ? {
            mark: cx.mark(),
            age: cx.age,
            remainingDeps: remainingDeps.snapshot(),
            candidates: candidates.clone(),
            parent,
            info,
            conflicting: new Map(conflicting),
          }
        : undefined;

      let activated: boolean;
      try {
        const frame = cx.activate(
          { parent, dep: info.dep },
          candidate,
          { kind: 'dep', features: info.features, defaultFeatures: info.dep.defaultFeatures },
          false,
        );
        if (!frame) {
          activated = true;
        } else {
          const hasPastConflictingDep = justHere || knownToFail(cx, past, remainingDeps, candidate, frame, conflicting);
          // The last candidate, known to fail, with nowhere to go back to: the search has failed.
          // Cargo activates it all the same and goes on, so that its error names the dependency
          // that really fails rather than this one; nothing can be backtracked to any more.
          const forErrorMessage =
            hasPastConflictingDep &&
            !hasAnother &&
            (justHere || !canBacktrack(cx, backtrackStack, parent, backtracked, conflicting));
          if (forErrorMessage) backtrackStack.length = 0;
          activated = !hasPastConflictingDep || forErrorMessage;
          if (activated) remainingDeps.push(hasPastConflictingDep ? { ...frame, justForErrorMessages: true } : frame);
        }
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        conflicting.set(packageId(err.blocker), err.blocker);
        activated = false;
      }
      if (activated) {
        if (backtrack) backtrackStack.push(backtrack);
        if (candidate !== info.candidates[0]) stats.detours++;
        break;
      }
      if (backtrack) cx.undo(backtrack.mark);
    }
  }
  return { kind: 'resolved', context: cx };
}

function failedAt(
  parent: Summary,
  info: DepInfo,
  conflicting: ConflictMap,
): { kind: 'failed'; failure: SearchFailure } {
  return {
    kind: 'failed',
    failure: { parent, dep: info.dep, candidates: info.candidates, conflicting: [...conflicting.values()] },
  };
}

/** Cargo's find_candidate: the choice point to go back to, with its next candidate. */
function findCandidate(
  cx: ResolverContext,
  stack: BacktrackFrame[],
  parent: Summary,
  backtracked: boolean,
  conflict: ConflictMap,
): { frame: BacktrackFrame; picked: [Summary, boolean] } | undefined {
  // Every choice point younger than the newest member of the conflict would meet it again.
  const age = backtracked ? undefined : cx.isConflicting(parent, conflict);
  let frame: BacktrackFrame | undefined;
  while ((frame = stack.pop())) {
    if (age === undefined || frame.age < age) break;
  }
  if (!frame) return undefined;
  cx.undo(frame.mark);
  const picked = frame.candidates.next(frame.conflicting, cx);
  if (!picked) throw new InternalError('a backtrack frame without a next candidate');
  return { frame, picked };
}

/** Would findCandidate find a frame (without taking it)? */
function canBacktrack(
  cx: ResolverContext,
  stack: readonly BacktrackFrame[],
  parent: Summary,
  backtracked: boolean,
  conflict: ConflictMap,
): boolean {
  const age = backtracked ? undefined : cx.isConflicting(parent, conflict);
  if (age === undefined) return stack.length > 0;
  return stack.some((f) => f.age < age);
}

/**
 * Cargo's check on a package it has just activated: a dependency of it already known to fail
 * with what is active, or a waiting dependency known to fail once it is active, dooms it, and
 * the reasons of that failure join the conflict of the dependency being resolved.
 */
function knownToFail(
  cx: ResolverContext,
  past: ConflictCache,
  remainingDeps: RemainingDeps,
  candidate: Summary,
  frame: DepsFrame,
  conflicting: ConflictMap,
): boolean {
  const isActive = (s: Summary) => cx.isActive(s);
  const id = packageId(candidate);
  for (const d of frame.deps) {
    const known = past.findConflicting(isActive, d.dep);
    if (!known) continue;
    for (const [other, s] of known) if (other !== id) conflicting.set(other, s);
    return true;
  }
  const related = past.dependenciesConflictingWith(candidate);
  if (!related) return false;
  for (const [otherParent, otherDep] of remainingDeps.waiting()) {
    if (!related.has(dependencyKey(otherDep))) continue;
    const known = past.findConflicting(isActive, otherDep, candidate);
    if (!known) continue;
    for (const [other, s] of known) if (other !== id) conflicting.set(other, s);
    conflicting.set(packageId(otherParent), otherParent);
    return true;
  }
  return false;
}

/**
 * Cargo's generalize_conflicting: when every candidate of the dependency that activated the
 * conflict's newest member is itself known to conflict with `dep`, the conflict holds for
 * that dependency's parent instead, which lets the search jump further back.
 */
function generalizeConflicting(
  cx: ResolverContext,
  queryer: CandidateQueryer,
  past: ConflictCache,
  parent: Summary,
  info: DepInfo,
  conflicting: ConflictMap,
): ConflictMap | undefined {
  let criticalAge = -1;
  let critical: Summary | undefined;
  for (const s of conflicting.values()) {
    const age = cx.isActive(s);
    if (age === undefined) return undefined;
    if (age > criticalAge) {
      criticalAge = age;
      critical = s;
    }
  }
  if (!critical) return undefined;
  if (cx.isPathFromTo(parent, critical)) return undefined;
  for (const { parent: criticalParent, deps } of cx.parentsOf(critical)) {
    const parentAge = cx.isActive(criticalParent);
    if (parentAge === undefined || parentAge >= criticalAge) continue;
    for (const dep of deps) {
      const others: [Summary, ConflictMap][] = [];
      const candidates = queryer.candidates(dep);
      for (let i = candidates.length - 1; i >= 0; i--) {
        const other = candidates[i]!;
        const otherId = packageId(other);
        const con = past.find(
          info.dep,
          (s) => (packageId(s) === otherId ? criticalAge : cx.isActive(s)),
          other,
          criticalAge,
        );
        if (!con) break;
        others.push([other, con]);
      }
      if (others.length !== candidates.length) continue;
      const con: ConflictMap = new Map(conflicting);
      for (const [, o] of others) for (const [id, s] of o) con.set(id, s);
      for (const [o] of others) con.delete(packageId(o));
      con.set(packageId(criticalParent), criticalParent);
      past.insert(info.dep, con);
      return con;
    }
  }
  return undefined;
}

/**
 * Cargo's RemainingCandidates: the dependency's candidates in order, skipping those whose
 * semver-compatible line or `links` value another active package holds (and noting that
 * package as a reason), one candidate ahead so it can say whether another remains.
 */
class RemainingCandidates {
  constructor(
    private readonly list: readonly Summary[],
    private pos = 0,
    private ahead: Summary | undefined = undefined,
  ) {}

  clone(): RemainingCandidates {
    return new RemainingCandidates(this.list, this.pos, this.ahead);
  }

  next(conflicting: ConflictMap, cx: ResolverContext): [Summary, boolean] | undefined {
    while (this.pos < this.list.length) {
      const b = this.list[this.pos++]!;
      const blocker = cx.blocker(b);
      if (blocker) {
        if (!conflicting.has(packageId(blocker))) conflicting.set(packageId(blocker), blocker);
        continue;
      }
      const prev = this.ahead;
      this.ahead = b;
      if (prev) return [prev, true];
    }
    const last = this.ahead;
    this.ahead = undefined;
    return last ? [last, false] : undefined;
  }
}
