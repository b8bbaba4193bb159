import type { Summary } from '../cargo/summary.js';
import type { Conflict } from './conflict.js';

/**
 * "pyo3-asyncio has no release for pyo3 0.22": when a conflict pits a member's requirement on
 * crate X against another crate D that depends on X, and no release of D at all works with the
 * line of X the member asks for, no version bump of D can fix it. Saying so plainly saves the
 * user from trying, and names D's newest release and what it requires.
 */
export function noCompatibleRelease(conflicts: readonly Conflict[], versionsOf: (name: string) => readonly Summary[]): string[] {
  const notes = new Set<string>();
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
          r.dependencies.some((dep) => dep.name === x && dep.kind !== 'dev' && wanted.some((w) => dep.req.matches(w.version))),
        );
        if (works) continue;
        const newest = [...dependsOnX].sort((a, b) => b.version.compare(a.version))[0]!;
        const req = newest.dependencies.find((dep) => dep.name === x)!.req;
        const line = wanted[0]!.version.lineLabel;
        notes.add(
          `${d} has no release that works with ${x} ${line} (which ${direct.member.name} requires): its newest, ${newest.version}, requires ${x} ${req}`,
        );
      }
    }
  }
  return [...notes];
}
