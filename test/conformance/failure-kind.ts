/**
 * What kind of failure a resolution is, in the words of our explanations' facts (the `kind` of a
 * JSON fact), read from cargo's error message and from our explanation, so that "both fail" can
 * be checked for failing alike and not only for failing.
 */
export type FailureKind = 'links' | 'one-per-semver' | 'missing-feature' | 'no-candidates' | 'cycle';

/**
 * cargo 1.95's messages (its resolver's errors.rs). When the search fails at a dependency that
 * has candidates, cargo lists why each was refused: a `links` clash, another version of the same
 * semver-compatible line already selected, a feature the candidate lacks; when nothing matches
 * the requirement at all, it says so ("failed to select a version for the requirement").
 */
const CARGO_SAYS: readonly [FailureKind, RegExp][] = [
  ['links', /links to the native library `/],
  ['one-per-semver', /all possible versions conflict with previously selected packages/],
  ['missing-feature', /does not have (that|these) features?\b|does not have feature `/],
  ['no-candidates', /failed to select a version for the requirement `|no matching package (named|found)/],
  ['cycle', /cyclic package dependency/],
];

/** The kinds of failure cargo's stderr names (empty when it names none of them). */
export function cargoFailureKinds(stderr: string): FailureKind[] {
  return CARGO_SAYS.filter(([, re]) => re.test(stderr)).map(([kind]) => kind);
}

const KINDS = new Set<string>(CARGO_SAYS.map(([kind]) => kind));

/** What our conflicts look like in `resolve --json` (an Explanation's, worded by report/facts.ts). */
export interface OurConflict {
  summary: string;
  facts: readonly { kind: string; text: string }[];
}

/** The kinds of the facts that clash in our conflicts. */
export function ourFailureKinds(conflicts: readonly OurConflict[]): FailureKind[] {
  const kinds = new Set<string>();
  for (const c of conflicts) for (const f of c.facts) if (KINDS.has(f.kind)) kinds.add(f.kind);
  return CARGO_SAYS.map(([kind]) => kind).filter((k) => kinds.has(k));
}

/**
 * The packages on cargo's way to where it gave up: the one it could not select, and those its
 * message traces back towards the members (`... required by package `c v1.0.0``), members
 * themselves left out (cargo writes them with their path in parentheses).
 */
export function cargoFailurePath(stderr: string): string[] {
  const names = new Set<string>();
  const at =
    /failed to select a version for (?:the requirement )?`([^` =]+)/.exec(stderr)?.[1] ??
    /no matching package named `([^`]+)`/.exec(stderr)?.[1];
  if (at) names.add(at);
  for (const m of stderr.matchAll(/package `([\w-]+) v[^`(]+`/g)) names.add(m[1]!);
  return [...names];
}

/**
 * How a failure that both cargo and we report compares. Cargo reports the one place its search
 * gave up and the reasons it met there; our conflicts are every minimal set of the members'
 * requirements, each with reasons that suffice. So:
 * - `same`: every kind of failure cargo names is among the kinds of our conflicts;
 * - `cargo-stopped-earlier`: cargo names a kind our minimal conflicts do not need, on its way
 *   through a package our conflicts name: it gave up at the first reason it met (a `links` or
 *   semver-line clash with a package its search had picked) where the requirement also fails
 *   for a reason it had not reached (a feature missing further down);
 * - `different`: anything else, a disagreement to look into.
 */
export type FailureComparison = 'same' | 'cargo-stopped-earlier' | 'different';

export function compareFailures(cargoStderr: string, conflicts: readonly OurConflict[]): FailureComparison {
  const cargo = cargoFailureKinds(cargoStderr);
  const ours = ourFailureKinds(conflicts);
  if (cargo.length === 0 || ours.length === 0) return 'different';
  if (cargo.every((k) => ours.includes(k))) return 'same';
  // Our texts name a package with a version or a requirement after it: `c 1.0.0`, `pyo3 ^0.22`.
  const text = conflicts.flatMap((c) => [c.summary, ...c.facts.map((f) => f.text)]).join('\n');
  const named = new Set([...text.matchAll(/([\w-]+) [v=^~<>]*\d/g)].map((m) => m[1]!));
  return cargoFailurePath(cargoStderr).some((name) => named.has(name)) ? 'cargo-stopped-earlier' : 'different';
}
