import type { Summary } from '../cargo/summary.js';
import type { RequestedFeatures } from './features.js';
import { enabledDependencies, FeatureError } from './features.js';
import type { CandidateQueryer } from './query.js';
import { NOT_FETCHED } from './query.js';
import type { DepInfo } from './types.js';

export interface BuiltDependencies {
  usedFeatures: ReadonlySet<string>;
  /** With their candidates, fewest candidates first (a stable sort, as Cargo's sort_by_key). */
  deps: readonly DepInfo[];
}

/**
 * Cargo's `build_deps` with its cache (`summary_cache`; cargo 1.95, src/resolver/dep_cache.rs):
 * what activating a package with some features brings. The search activates the same packages with
 * the same features again after every backjump and in every pass, and the answer depends on nothing
 * else, so it is worked out once.
 */
export class DependencyCache {
  private readonly built = new WeakMap<Summary, Map<string, BuiltDependencies | FeatureError>>();

  constructor(private readonly queryer: CandidateQueryer) {}

  /** @throws FeatureError when the features cannot be turned on. */
  build(candidate: Summary, requested: RequestedFeatures, isRoot: boolean): BuiltDependencies {
    let byRequest = this.built.get(candidate);
    if (!byRequest) {
      byRequest = new Map();
      this.built.set(candidate, byRequest);
    }
    const key = requestKey(requested, isRoot);
    let hit = byRequest.get(key);
    if (!hit) {
      // As cargo's summary_cache, an answer with a dependency not fetched yet is not kept: the
      // next pass, with that crate fetched, works it out again.
      let complete = true;
      try {
        const enabled = enabledDependencies(candidate, requested, isRoot);
        const deps = enabled.deps.map(({ dep, features }) => {
          const candidates = this.queryer.candidates(dep);
          if (candidates === NOT_FETCHED) complete = false;
          return { dep, candidates, features: features as ReadonlySet<string> };
        });
        deps.sort((a, b) => a.candidates.length - b.candidates.length);
        hit = { usedFeatures: enabled.usedFeatures, deps };
      } catch (err) {
        if (!(err instanceof FeatureError)) throw err;
        hit = err;
      }
      if (complete) byRequest.set(key, hit);
    }
    if (hit instanceof FeatureError) throw hit;
    return hit;
  }
}

function requestKey(requested: RequestedFeatures, isRoot: boolean): string {
  const who = isRoot ? 'root' : 'dep';
  if (requested.kind === 'all') return `${who} all`;
  return `${who} ${requested.defaultFeatures ? 'default' : 'no-default'} ${[...requested.features].sort().join(' ')}`;
}
