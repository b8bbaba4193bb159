import type { Input } from '../pipeline/input.js';
import type { ResolveSettings } from '../pipeline/resolution.js';
import { disposeResolution, resolveFetching } from '../pipeline/resolution.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import type { BaselineKind, LockDiff, LockEntry } from './lock-diff.js';
import { graphEntries, lockDiff, lockEntries } from './lock-diff.js';

/**
 * The "before" of a what-if: the Cargo.lock on disk when there is one (and it is not ignored),
 * which is what the user would see change; otherwise the workspace resolved without edits.
 */
export interface Baseline {
  kind: BaselineKind;
  entries: LockEntry[];
}

export async function baselineOf(input: Input, settings: ResolveSettings): Promise<Baseline> {
  if (input.lockfile) return { kind: 'lockfile', entries: lockEntries(input.lockfile.lock) };
  // Only whether it resolves, and to what, matters here: Cargo's search answers without the SAT engine.
  const plain = await resolveFetching(input, [], settings, true);
  if (plain.outcome.kind === 'resolved') return { kind: 'resolve', entries: graphEntries(plain.outcome.graph) };
  disposeResolution(plain);
  return { kind: 'unresolvable', entries: [] };
}

export function diffAgainstBaseline(baseline: Baseline, after: ResolvedGraph): LockDiff {
  return lockDiff(baseline.kind, baseline.entries, graphEntries(after));
}
