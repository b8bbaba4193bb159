import type { Dependency, Summary } from '../cargo/summary.js';

/**
 * The types the resolver's pieces share, as cargo keeps them apart from any one of those pieces
 * (cargo 1.95, src/resolver/types.rs): the context, the dependency cache, the conflict cache and
 * the search all speak of them, and none of them owns them.
 */

/** A dependency to resolve: Cargo's DepInfo, with the features its parent asks of it. */
export interface DepInfo {
  dep: Dependency;
  candidates: readonly Summary[];
  features: ReadonlySet<string>;
}

/** Cargo's DepsFrame: a newly active package and its dependencies, fewest candidates first. */
export interface DepsFrame {
  parent: Summary;
  deps: readonly DepInfo[];
  /**
   * Cargo's `just_for_error_messages`: the package is known to fail (a dependency of it is in
   * the conflict cache) and was activated only so that the search fails where cargo's error
   * says it does.
   */
  justForErrorMessages?: boolean;
}

/** Package ids in a conflict, with their summaries (to ask whether each is still active). */
export type ConflictMap = Map<string, Summary>;
