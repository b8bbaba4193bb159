import { enumerateCores, quickXplain } from '../../solver/cores.js';
import { Session } from '../../solver/session.js';
import type { Summary } from '../cargo/summary.js';
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

export function findCores(
  encoding: Encoding,
  queryer: CandidateQueryer,
  options: { maxConflicts?: number; requirementsOnly?: boolean; session?: Session } = {},
  stats: CoreSearchStats = { solverCalls: 0 },
): { cores: Core[]; truncated: boolean } {
  const { problem } = encoding;
  const requirementGroups = [...encoding.requirementGroups];
  const requirementSet = new Set(requirementGroups);

  // Level 1: registry facts hard, the members' requirements switchable (the resolver's own
  // session is built that way, so it is reused when given).
  const userSession =
    options.session ??
    new Session(problem, {
      selectable: (g) => (requirementSet.has(g) ? 'switch' : 'hard'),
      refine: (model) => encoding.refine(model),
    });
  const userSat = (groups: readonly number[]) => {
    stats.solverCalls++;
    return userSession.satisfiable([], groups);
  };
  let found: ReturnType<typeof enumerateCores>;
  try {
    found = enumerateCores([], requirementGroups, userSat, { maxCores: options.maxConflicts ?? 8 });
  } finally {
    // Also when the encoding stops for crates not fetched yet (and the search is run again).
    if (!options.session) userSession.dispose();
  }
  const { cores: userCores, truncated } = found;
  if (options.requirementsOnly)
    return { cores: userCores.map((requirements) => ({ requirements, facts: [] })), truncated };

  // Level 2: per conflict, the facts about packages its requirements can reach. One session
  // serves every conflict: requirements and facts are all switchable, and versions that behave
  // alike share one selector, so they stand or fall together as one fact. Only facts already
  // encoded can be named, and the level-1 search encoded what proves each conflict; a fact
  // not named is off anyway, so this session has nothing to refine.
  const representative = new Map<number, number>();
  const byKey = new Map<string, number>();
  const members = new Map<number, number[]>();
  for (const g of problem.groups) {
    const tag = g.tag;
    if (requirementSet.has(g.id) || tag.kind === 'root' || tag.kind === 'candidates') continue;
    const key = factKey(tag, g.id);
    const rep = byKey.get(key) ?? g.id;
    byKey.set(key, rep);
    representative.set(g.id, rep);
    members.set(rep, [...(members.get(rep) ?? []), g.id]);
  }
  const session = new Session(problem, {
    // Which versions match a requirement is a fact of the registry, never the thing to change.
    selectable: (g) => {
      const kind = problem.groups[g]!.tag.kind;
      return kind === 'root' || kind === 'candidates' ? 'hard' : 'switch';
    },
    representative: (g) => representative.get(g) ?? g,
  });
  const sat = (groups: readonly number[]) => {
    stats.solverCalls++;
    return session.satisfiable([], groups);
  };
  try {
    const cores: Core[] = [];
    for (const requirements of userCores) {
      const reach = reachable(
        requirements.map((g) => problem.groups[g]!.tag),
        queryer,
        encoding,
      );
      // Plain dependencies before those a feature adds, so the core cites the plain one.
      const candidates = [...members.keys()]
        .filter(
          (rep) =>
            mentions(problem.groups[rep]!.tag, reach) ||
            members.get(rep)!.some((g) => mentions(problem.groups[g]!.tag, reach)),
        )
        .sort((a, b) => rank(problem.groups[a]!.tag) - rank(problem.groups[b]!.tag) || a - b);
      const facts = quickXplain(requirements, candidates, sat)
        .flatMap((rep) => members.get(rep) ?? [rep])
        .sort((a, b) => a - b);
      cores.push({ requirements, facts });
    }
    return { cores, truncated };
  } finally {
    session.dispose();
  }
}

/**
 * Groups with equal keys are one fact: a dependency shared by a run of versions of the same
 * semver-compatible line (with the parent's own version abstracted, for `=x.y.z` pins), a
 * missing feature across versions of a line.
 */
export function factKey(tag: ConstraintTag, id: number): string {
  switch (tag.kind) {
    case 'dependency': {
      const req = tag.dep.req.toString();
      const shape = req === `=${tag.parent.version}` ? '=$self' : req;
      return `dep\0${tag.parent.name}\0${tag.parent.version.line}\0${tag.dep.nameInToml}\0${tag.dep.kind}\0${shape}`;
    }
    case 'missing-feature':
      return `feature\0${tag.dep.name}\0${tag.dep.req}\0${[...new Set(tag.lacking.map((l) => l.feature))].sort().join(',')}`;
    case 'one-per-semver':
      return `line\0${tag.name}\0${tag.line}`;
    case 'links':
      return `links\0${tag.links}`;
    default:
      return `${tag.kind}\0${id}`;
  }
}

function rank(tag: ConstraintTag): number {
  if (tag.kind === 'dependency') return tag.dep.optional ? 1 : 0;
  return 3;
}

/**
 * Packages reachable from these requirements through any version's (non-dev) dependencies, as
 * far as the encoding has them: an unexpanded package has no facts to cite.
 */
function reachable(tags: ConstraintTag[], queryer: CandidateQueryer, encoding: Encoding): Set<string> {
  const seen = new Set<string>();
  const stack: Summary[] = [];
  const visit = (s: Summary) => {
    const id = packageId(s);
    if (seen.has(id)) return;
    seen.add(id);
    stack.push(s);
  };
  // A member's other requirements are switched off: only the ones in the conflict lead anywhere.
  const members = new Set<string>();
  for (const tag of tags) {
    if (tag.kind !== 'dependency') continue;
    members.add(packageId(tag.parent));
    visit(tag.parent);
    for (const c of queryer.candidates(tag.dep)) visit(c);
  }
  while (stack.length) {
    const s = stack.pop()!;
    if (members.has(packageId(s)) || !encoding.isExpanded(packageId(s))) continue;
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
      return tag.lacking.some((l) => reach.has(packageId(l.pkg)));
    case 'one-per-semver':
      return tag.versions.some((s) => reach.has(packageId(s)));
    case 'links':
      return tag.packages.some((s) => reach.has(packageId(s)));
  }
}
