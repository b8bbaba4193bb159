import type { Summary } from '../cargo/summary.js';
import type { SearchFailure } from '../resolve/search.js';

/**
 * Cargo's verdict on a workspace that does not resolve, in the words of cargo's own error: where
 * its search gave up and what kept the candidates out there. It is one place the search met,
 * not a minimal conflict; `explain` finds those (with the SAT engine, at a cost the verdict
 * alone does not pay).
 */
export interface SearchFailureFact {
  kind: 'no-candidates' | 'links' | 'one-per-semver' | 'conflict';
  text: string;
}

const pkg = (s: Summary) => `${s.name} v${s.version}`;

/** Why `blocker` keeps the failed dependency's candidates out, as cargo's error tells it. */
function fact(f: SearchFailure, blocker: Summary): SearchFailureFact {
  if (blocker.links !== null && f.candidates.some((c) => c.links === blocker.links)) {
    return {
      kind: 'links',
      text: `${pkg(blocker)} links the native library \`${blocker.links}\`, as every candidate of ${f.dep.name} left would`,
    };
  }
  if (blocker.name === f.dep.name && f.candidates.some((c) => c.version.line === blocker.version.line)) {
    return {
      kind: 'one-per-semver',
      text: `${pkg(blocker)} is already selected on the semver-compatible line of the candidates`,
    };
  }
  return {
    kind: 'conflict',
    text: `${pkg(blocker)} is selected, and cargo's search met a conflict with it for every candidate left`,
  };
}

export function searchFailureFacts(f: SearchFailure): SearchFailureFact[] {
  if (f.candidates.length === 0)
    return [
      {
        kind: 'no-candidates',
        text: `no version of ${f.dep.name} matches ${f.dep.req} (required by ${pkg(f.parent)})`,
      },
    ];
  return sortedBlockers(f).map((b) => fact(f, b));
}

/** One line: `failed to select a version for `ring` (required by rustls v0.16.0): ...`. */
export function searchFailureSummary(f: SearchFailure): string {
  const by = `required by ${pkg(f.parent)}`;
  if (f.candidates.length === 0)
    return `failed to select a version for the requirement \`${f.dep.name} = "${f.dep.req}"\` (${by})`;
  const why = (b: Summary) => {
    const kind = fact(f, b).kind;
    return kind === 'links'
      ? ` (links = "${b.links}")`
      : kind === 'one-per-semver'
        ? ' (on the same semver-compatible line)'
        : '';
  };
  const blockers = sortedBlockers(f).map((b) => pkg(b) + why(b));
  const shown = blockers.slice(0, 3).join(', ') + (blockers.length > 3 ? ` and ${blockers.length - 3} more` : '');
  return `failed to select a version for \`${f.dep.name}\` (${by}): every candidate conflicts with ${shown || 'what is already selected'}`;
}

function sortedBlockers(f: SearchFailure): Summary[] {
  return [...f.conflicting].sort((a, b) => (pkg(a) < pkg(b) ? -1 : pkg(a) > pkg(b) ? 1 : 0));
}
