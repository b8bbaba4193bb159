import type { Dependency, Summary } from '../cargo/summary.js';
import { named } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';

/**
 * What a fix costs the people who apply it, beyond "it resolves": a requirement moved across a
 * breaking line (any major, and for 0.x any minor) means code written for one API meets another,
 * and a removed dependency means every use of it goes. Fixes are ranked by this, cheapest first,
 * and each carries its cost, which report/suggestions.ts words, so "use pyo3 0.20 in arrow_quant_v2" reads
 * as the breaking downgrade it is.
 */
export interface FixCost {
  /** Dependencies removed from a member. */
  removals: { member: string; dep: string }[];
  /** Requirements moved to a line their current one is not semver-compatible with. */
  breaking: { member: string; dep: string; from: string; to: string; direction: 'upgrade' | 'downgrade' }[];
  /** Features turned off that a member asked for. */
  droppedFeatures: { member?: string; dep: string; feature: string }[];
  edits: number;
}

export type VersionsOf = (name: string) => readonly Summary[];

export function fixCost(members: readonly Summary[], edits: readonly Edit[], versionsOf: VersionsOf): FixCost {
  const cost: FixCost = { removals: [], breaking: [], droppedFeatures: [], edits: edits.length };
  for (const e of edits) {
    switch (e.kind) {
      case 'remove':
        cost.removals.push({ member: e.member, dep: e.dep });
        break;
      case 'bump':
        for (const m of members) {
          if (e.member && m.name !== e.member) continue;
          for (const d of m.dependencies.filter((x) => named(x, e.dep) && x.source.kind === 'registry')) {
            const move = breakingMove(d, e.req, versionsOf);
            if (move) cost.breaking.push({ member: m.name, dep: d.name, ...move });
          }
        }
        break;
      case 'features': {
        // Dropping a feature no release has (a typo) costs nothing.
        const pkg = members
          .flatMap((m) => (!e.member || m.name === e.member ? m.dependencies : []))
          .find((d) => named(d, e.dep));
        const exists = (f: string) => versionsOf(pkg?.name ?? e.dep).some((v) => v.features.has(f));
        for (const f of e.disable.filter(exists))
          cost.droppedFeatures.push({ member: e.member, dep: e.dep, feature: f });
        break;
      }
      default:
        break;
    }
  }
  return cost;
}

/** The move from `d`'s current line to `line`, when the two are not semver-compatible. */
function breakingMove(
  d: Dependency,
  line: string,
  versionsOf: VersionsOf,
): { from: string; to: string; direction: 'upgrade' | 'downgrade' } | undefined {
  const req = d.lockedFrom ?? d.req;
  const releases = versionsOf(d.name).filter((v) => !v.yanked);
  const current = releases.filter((v) => req.matches(v.version)).sort((a, b) => b.version.compare(a.version))[0];
  const target = releases.filter((v) => v.version.line === line).sort((a, b) => b.version.compare(a.version))[0];
  if (!current || !target || current.version.line === target.version.line) return undefined;
  return {
    from: current.version.line,
    to: target.version.line,
    direction: target.version.compare(current.version) > 0 ? 'upgrade' : 'downgrade',
  };
}

/** Cheapest first: removals, then breaking moves, then dropped features, then the number of edits. */
export function compareCosts(a: FixCost, b: FixCost): number {
  return (
    a.removals.length - b.removals.length ||
    a.breaking.length - b.breaking.length ||
    a.droppedFeatures.length - b.droppedFeatures.length ||
    a.edits - b.edits
  );
}
