import type { Dependency, Summary } from '../cargo/summary.js';
import type { UnusableLine } from '../index/index-file.js';
import type { ConstraintTag, Encoding } from '../resolve/encode.js';
import { packageId } from '../resolve/ids.js';
import type { CandidateQueryer } from '../resolve/query.js';
import type { Core } from './cores.js';
import type { Fact } from './facts.js';
import { coreFacts } from './facts.js';

/**
 * One independent conflict: the members' requirements that clash, and the derivation from each
 * of them down to the clash (report/facts.ts sums it up in a line).
 */
export interface DerivationStep {
  fact: Fact;
  children: DerivationStep[];
}

export interface Conflict {
  /** Every fact of the minimal core, merged, derivation order. */
  facts: Fact[];
  /** One tree per member requirement, down to the facts that clash. */
  derivations: DerivationStep[];
  /** The facts that clash at the bottom (links, one version per line, missing feature, no candidates). */
  clash: Fact[];
  /** The member requirements, for suggestions. */
  requirements: { member: Summary; dep: Dependency }[];
  core: Core;
}

export function buildConflict(
  core: Core,
  encoding: Encoding,
  queryer: CandidateQueryer,
  universe: (name: string) => readonly Summary[],
  unusableOf?: (dep: Dependency) => readonly UnusableLine[],
): Conflict {
  // Facts in an order of their own, not the encoding's (which follows what the solver
  // explored first): a merged range cites its oldest version, and the text is stable.
  const factTags = core.facts.map((g) => encoding.problem.groups[g]!.tag).sort(compareFacts);
  const tags: ConstraintTag[] = [...core.requirements.map((g) => encoding.problem.groups[g]!.tag), ...factTags];
  const roots = new Set(encoding.roots.map(packageId));
  const facts = coreFacts(
    tags,
    roots,
    universe,
    (d) => queryer.candidates(d),
    (name) => queryer.pinOf(name)?.toString(),
    unusableOf,
  );
  const requirementFacts = facts.filter((f) => f.kind === 'requirement');
  const dependencyFacts = facts.filter((f) => f.kind === 'dependency');
  const clash = facts.filter((f) => f.kind !== 'requirement' && f.kind !== 'dependency');

  const used = new Set<Fact>();
  const grow = (fact: Fact, path: Set<Fact>): DerivationStep => {
    used.add(fact);
    const targets = new Set(fact.targets.map(packageId));
    const next = dependencyFacts.filter((d) => !path.has(d) && d.parents.some((p) => targets.has(packageId(p))));
    const ends = clash.filter(
      (c) =>
        c.targets.some((t) => targets.has(packageId(t))) ||
        c.parents.some((p) => targets.has(packageId(p))) ||
        (c.kind === 'no-candidates' && c.dep !== undefined && c.dep === fact.dep),
    );
    const inner = new Set(path).add(fact);
    return {
      fact,
      children: [
        ...next.map((d) => grow(d, inner)),
        ...ends.filter((e) => e.kind !== 'links').map((e) => ({ fact: e, children: [] })),
      ],
    };
  };
  const derivations = requirementFacts.map((r) => grow(r, new Set()));
  const ordered = [
    ...requirementFacts,
    ...dependencyFacts.filter((d) => used.has(d)),
    ...dependencyFacts.filter((d) => !used.has(d)),
    ...clash,
  ];
  const requirements = requirementFacts.map((f) => ({ member: f.parents[0]!, dep: f.dep! }));
  return { facts: ordered, derivations, clash, requirements, core };
}

const FACT_ORDER: ConstraintTag['kind'][] = [
  'root',
  'dependency',
  'candidates',
  'missing-feature',
  'one-per-semver',
  'links',
];

function compareFacts(a: ConstraintTag, b: ConstraintTag): number {
  const k = FACT_ORDER.indexOf(a.kind) - FACT_ORDER.indexOf(b.kind);
  if (k !== 0) return k;
  const ka = factSortKey(a);
  const kb = factSortKey(b);
  const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
  if (byKey !== 0 || a.kind !== 'dependency' || b.kind !== 'dependency') return byKey;
  return a.parent.version.compare(b.parent.version);
}

function factSortKey(tag: ConstraintTag): string {
  switch (tag.kind) {
    case 'root':
      return tag.member.name;
    case 'dependency':
      return `${tag.parent.name}\0${tag.dep.nameInToml}\0${tag.dep.kind}`;
    case 'candidates':
    case 'missing-feature':
      return `${tag.dep.name}\0${tag.dep.req}`;
    case 'one-per-semver':
      return `${tag.name}\0${tag.line}`;
    case 'links':
      return tag.links;
  }
}
