import type { Summary } from '../cargo/summary.js';
import { enumerateCores, quickXplain } from '../../solver/cores.js';
import type { GroupMode } from '../../solver/session.js';
import { Session } from '../../solver/session.js';
import type { ConstraintTag, Encoding } from '../resolve/encode.js';
import { packageId } from '../resolve/ids.js';
import type { CandidateQueryer } from '../resolve/query.js';

/**
 * Minimal reasons a workspace does not resolve, in two levels. First, which of the members'
 * own requirements clash (every minimal set of them, with all registry facts in force): these
 * are what the user can change, and each set is one independent conflict. Then, for each such
 * set, the minimal registry facts (dependencies of versions, `links`, one version per
 * semver-compatible line, missing features) that make it clash. Together they are minimal:
 * dropping any one requirement or fact makes the rest resolvable.
 */
export interface Core {
  /** The members' requirements that clash. */
  requirements: number[];
  /** The registry facts that make them clash. */
  facts: number[];
}

export interface CoreSearchStats {
  solverCalls: number;
}

function isRequirement(tag: ConstraintTag, roots: ReadonlySet<string>): boolean {
  return tag.kind === 'dependency' && roots.has(packageId(tag.parent));
}

export function findCores(
  encoding: Encoding,
  queryer: CandidateQueryer,
  options: { maxConflicts?: number } = {},
  stats: CoreSearchStats = { solverCalls: 0 },
): { cores: Core[]; truncated: boolean } {
  const { problem } = encoding;
  const roots = new Set(encoding.roots.map(packageId));
  const requirementGroups = problem.groups.filter((g) => isRequirement(g.tag, roots)).map((g) => g.id);
  const requirementSet = new Set(requirementGroups);

  // Level 1: registry facts hard, the members' requirements switchable.
  const userSession = new Session(problem, {
    selectable: (g) => (requirementSet.has(g) ? 'switch' : 'hard'),
  });
  const userSat = (groups: readonly number[]) => {
    stats.solverCalls++;
    return userSession.solve([], groups) !== null;
  };
  const { cores: userCores, truncated } = enumerateCores([], requirementGroups, userSat, {
    maxCores: options.maxConflicts ?? 8,
  });

  // Level 2: per conflict, only the facts about packages its requirements can reach.
  const cores: Core[] = [];
  for (const requirements of userCores) {
    const reach = reachable(requirements.map((g) => problem.groups[g]!.tag), queryer);
    const on = new Set(requirements);
    const candidates: number[] = [];
    const mode = (g: number): GroupMode => {
      const tag = problem.groups[g]!.tag;
      if (tag.kind === 'root') return 'hard';
      if (requirementSet.has(g)) return on.has(g) ? 'hard' : 'off';
      return mentions(tag, reach) ? 'switch' : 'off';
    };
    for (const g of problem.groups) if (!requirementSet.has(g.id) && g.tag.kind !== 'root' && mode(g.id) === 'switch') candidates.push(g.id);
    const session = new Session(problem, { selectable: mode });
    const sat = (groups: readonly number[]) => {
      stats.solverCalls++;
      return session.solve([], groups) !== null;
    };
    const facts = quickXplain([], candidates, sat).sort((a, b) => a - b);
    cores.push({ requirements, facts });
  }
  return { cores, truncated };
}

/** Packages reachable from these requirements through any version's (non-dev) dependencies. */
function reachable(tags: ConstraintTag[], queryer: CandidateQueryer): Set<string> {
  const seen = new Set<string>();
  const stack: Summary[] = [];
  const visit = (s: Summary) => {
    const id = packageId(s);
    if (seen.has(id)) return;
    seen.add(id);
    stack.push(s);
  };
  for (const tag of tags) {
    if (tag.kind !== 'dependency') continue;
    visit(tag.parent);
    for (const c of queryer.candidates(tag.dep)) visit(c);
  }
  while (stack.length) {
    const s = stack.pop()!;
    if (tags.some((t) => t.kind === 'dependency' && packageId(t.parent) === packageId(s))) continue;
    for (const d of s.dependencies) {
      if (d.kind === 'dev') continue;
      for (const c of queryer.candidates(d)) visit(c);
    }
  }
  return seen;
}

function mentions(tag: ConstraintTag, reach: ReadonlySet<string>): boolean {
  switch (tag.kind) {
    case 'root':
      return true;
    case 'dependency':
      return reach.has(packageId(tag.parent));
    case 'candidates':
      return tag.candidates.some((c) => reach.has(packageId(c))) || tag.candidates.length === 0;
    case 'missing-feature':
      return reach.has(packageId(tag.pkg));
    case 'one-per-semver':
      return tag.versions.some((s) => reach.has(packageId(s)));
    case 'links':
      return tag.packages.some((s) => reach.has(packageId(s)));
  }
}
