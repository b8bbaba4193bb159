import type { Requirement } from '../cargo/requirement.js';
import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import type { Conflict } from './conflict.js';

/** `dependent` has no release that works with the line of `crate` that `member` requires. */
export interface DeadEnd {
  dependent: string;
  crate: string;
  /** The semver-compatible line `member` asks for (`0.22.x`). */
  line: string;
  member: string;
  /** The dependent's newest release, and what it requires of `crate`. */
  newest: Version;
  requires: Requirement;
}

/**
 * "pyo3-asyncio has no release for pyo3 0.22": when a conflict pits a member's requirement on
 * crate X against another crate D that depends on X, and no release of D at all works with the
 * line of X the member asks for, no version bump of D can fix it. Saying so plainly saves the
 * user from trying, and names D's newest release and what it requires.
 */
export function noCompatibleRelease(
  conflicts: readonly Conflict[],
  versionsOf: (name: string) => readonly Summary[],
): DeadEnd[] {
  const found = new Map<string, DeadEnd>();
  for (const c of conflicts) {
    for (const direct of c.requirements) {
      const x = direct.dep.name;
      const wanted = versionsOf(x).filter((v) => direct.dep.req.matches(v.version));
      if (wanted.length === 0) continue;
      for (const other of c.requirements) {
        const d = other.dep.name;
        if (d === x) continue;
        const releases = versionsOf(d).filter((v) => !v.yanked);
        const dependsOnX = releases.filter((r) => r.dependencies.some((dep) => dep.name === x && dep.kind !== 'dev'));
        if (dependsOnX.length === 0) continue;
        const works = dependsOnX.some((r) =>
          r.dependencies.some(
            (dep) => dep.name === x && dep.kind !== 'dev' && wanted.some((w) => dep.req.matches(w.version)),
          ),
        );
        if (works) continue;
        const newest = [...dependsOnX].sort((a, b) => b.version.compare(a.version))[0]!;
        const req = newest.dependencies.find((dep) => dep.name === x)!.req;
        const line = wanted[0]!.version.lineLabel;
        const key = [d, x, line, direct.member.name, newest.version, req].join('\0');
        if (!found.has(key))
          found.set(key, {
            dependent: d,
            crate: x,
            line,
            member: direct.member.name,
            newest: newest.version,
            requires: req,
          });
      }
    }
  }
  return [...found.values()];
}
