import type { Dependency, Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/index.js';
import { editFlag } from '../edits/index.js';
import { similar } from '../text/spelling.js';
import type { FixCost } from './fix-cost.js';
import { compareCosts, fixCost } from './fix-cost.js';

/**
 * Fixes for a conflict, each checked by resolving again (in the spirit of Dart pub, which
 * re-solves with one constraint loosened at a time and prints the exact command). Two searches,
 * both small and guided by the conflicts themselves:
 *  - single edits: move one clashing requirement to another semver-compatible line;
 *  - coordinated upgrades: put every member on one line of the clashing crate (a line some
 *    member already asks for), then repair what still clashes by moving the other
 *    requirements to the line of theirs that works with it, or, for a package with no such
 *    release, removing it (the only edit that can help; a note says why).
 * Conflicts that share no requirement (a missing feature beside a `links` clash) each need a
 * fix of their own: those are found group by group and combined. Ranked by what they cost
 * (fix-cost.ts: removals, breaking moves), then by how many lockfile entries change.
 */
export interface Requirement {
  member: Summary;
  dep: Dependency;
}

export type Attempt =
  | { kind: 'resolved'; packages: ReadonlyMap<string, string[]> /* name -> versions */ }
  | { kind: 'unresolvable'; conflicts: Requirement[][] };

export interface SuggestContext {
  members: readonly Summary[];
  /** Every version the registry has of a crate. */
  versionsOf(name: string): readonly Summary[];
  /** Resolve with these edits applied (from the original manifests); may fetch index files. */
  attempt(edits: readonly Edit[]): Promise<Attempt>;
  /** name -> versions in the baseline (existing Cargo.lock), to count changes. */
  baseline?: ReadonlyMap<string, string[]>;
}

export interface Suggestion {
  edits: Edit[];
  flags: string[];
  /** Per edit, for a bump: the package its DEP names when that is another name (`py` for pyo3), and the members' requirements it changes, as written now. */
  steps: BumpStep[];
  /** What the bumped packages resolve to (report/suggestions.ts words a suggestion). */
  resolvesWith: { name: string; versions: string[] }[];
  /** Lockfile entries added, removed or changed relative to the baseline. */
  changes: number;
  /** What applying it costs (breaking moves, removals); fixes are ranked by it. */
  cost: FixCost;
}

export interface BumpStep {
  package?: string;
  replaces: { member: string; req: string }[];
}

export interface SuggestOptions {
  maxAttempts: number;
  maxSuggestions: number;
  maxChain: number;
  deadline: number;
  /** Fixes kept per independent group of conflicts, to combine. */
  perGroup: number;
}

export const defaultSuggestOptions = (): SuggestOptions => ({
  maxAttempts: 40,
  maxSuggestions: 4,
  maxChain: 4,
  deadline: Date.now() + 3000,
  perGroup: 3,
});

interface Found {
  edits: Edit[];
  packages: ReadonlyMap<string, string[]>;
}

export async function suggestFixes(
  ctx: SuggestContext,
  conflicts: Requirement[][],
  opts: SuggestOptions = defaultSuggestOptions(),
) {
  const tried = new Map<string, Attempt>();
  let attempts = 0;
  const attempt = async (edits: Edit[]): Promise<Attempt | undefined> => {
    const key = edits.map(editFlag).join(' ');
    const seen = tried.get(key);
    if (seen) return seen;
    if (attempts >= opts.maxAttempts || Date.now() >= opts.deadline) return undefined;
    attempts++;
    const result = await ctx.attempt(edits);
    tried.set(key, result);
    return result;
  };
  const costOf = (edits: readonly Edit[]) => fixCost(ctx.members, edits, ctx.versionsOf);
  const cheapest = (a: Found, b: Found) => compareCosts(costOf(a.edits), costOf(b.edits));

  const groups = independentGroups(conflicts);
  let found: Found[];
  if (groups.length <= 1) {
    found = await searchFixes(ctx, conflicts, attempt, opts);
  } else {
    // Conflicts that share no requirement need a fix each, and only together do they resolve.
    // Each group's fixes are found with the other groups' requirements taken out, then combined.
    const partial: Edit[][][] = [];
    for (const [i, group] of groups.entries()) {
      const mask = maskOf(groups.filter((_, j) => j !== i));
      const fixes = await searchFixes(ctx, group, (edits) => attempt([...mask, ...edits]), opts);
      partial.push(
        distinct(fixes.sort(cheapest))
          .slice(0, opts.perGroup)
          .map((f) => f.edits),
      );
    }
    found = [];
    for (const combo of combinations(partial).sort((a, b) => compareCosts(costOf(a), costOf(b)))) {
      const result = await attempt(combo);
      if (result?.kind === 'resolved') found.push({ edits: combo, packages: result.packages });
    }
  }

  const suggestions = distinct([...found].sort(cheapest)).map(
    (f): Suggestion => ({
      edits: f.edits,
      flags: f.edits.map(editFlag),
      steps: f.edits.map((e) => bumpStep(e, ctx)),
      resolvesWith: resolvedBumps(f.edits, f.packages, ctx),
      changes: changes(ctx.baseline, f.packages),
      cost: costOf(f.edits),
    }),
  );
  const ranked = suggestions.sort((a, b) => compareCosts(a.cost, b.cost) || a.changes - b.changes);
  return { suggestions: ranked.slice(0, opts.maxSuggestions), attempts };
}

/**
 * The fixes for one set of conflicts, guided by them: single edits on the clashing requirements,
 * then coordinated upgrades (every member on one line of a clashing crate), repaired step by step.
 */
async function searchFixes(
  ctx: SuggestContext,
  conflicts: Requirement[][],
  attempt: (edits: Edit[]) => Promise<Attempt | undefined>,
  opts: SuggestOptions,
): Promise<Found[]> {
  const found: Found[] = [];
  const keep = (edits: Edit[], result: Attempt | undefined) => {
    if (result?.kind === 'resolved' && edits.length > 0) found.push({ edits, packages: result.packages });
    return result;
  };
  for (const conflict of conflicts) for (const edit of singleEdits(ctx, conflict)) keep([edit], await attempt([edit]));
  for (const target of unifyTargets(ctx, conflicts)) {
    // When every member already asks for the target line (the user's own --upgrade did it), the
    // bump would change nothing: the chain starts at the repairs.
    const users = ctx.members.flatMap((m) =>
      m.dependencies.filter((d) => d.name === target.name && d.source.kind === 'registry'),
    );
    const done = users.every((d) => `${d.lockedFrom ?? d.req}` === `^${target.line}`);
    let edits: Edit[] = done ? [] : [{ kind: 'bump', dep: target.name, req: target.line }];
    for (let step = 0; step < opts.maxChain; step++) {
      const result = keep(edits, await attempt(edits));
      if (!result || result.kind === 'resolved') break;
      const repair = repairEdit(ctx, target, result.conflicts, edits);
      if (!repair) break;
      edits = [...edits, repair];
    }
  }
  return found;
}

/** Two edit lists that give the same graph are one fix: the first (the cheaper, once sorted) stays. */
function distinct(fixes: readonly Found[]): Found[] {
  const bySignature = new Map<string, Found>();
  for (const f of fixes) {
    const signature = [...f.packages]
      .map(([n, v]) => `${n}@${[...v].sort().join('+')}`)
      .sort()
      .join(' ');
    if (!bySignature.has(signature)) bySignature.set(signature, f);
  }
  return [...bySignature.values()];
}

/** Conflicts joined when they share a requirement (a member's dependency): each group needs a fix of its own. */
function independentGroups(conflicts: Requirement[][]): Requirement[][][] {
  const key = (r: Requirement) => `${r.member.name}\0${r.dep.nameInToml}\0${r.dep.kind}`;
  const groups: { keys: Set<string>; conflicts: Requirement[][] }[] = [];
  for (const c of conflicts) {
    const keys = new Set(c.map(key));
    const joined = groups.filter((g) => [...keys].some((k) => g.keys.has(k)));
    const merged = {
      keys: new Set([...keys, ...joined.flatMap((g) => [...g.keys])]),
      conflicts: [...joined.flatMap((g) => g.conflicts), c],
    };
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => g.conflicts);
}

/** Edits that take the other groups' requirements out, so that a group's own fix shows as resolving. */
function maskOf(others: Requirement[][][]): Edit[] {
  const edits = new Map<string, Edit>();
  for (const { member, dep } of others.flat(2))
    edits.set(`${member.name}:${dep.nameInToml}`, { kind: 'remove', member: member.name, dep: dep.nameInToml });
  return [...edits.values()];
}

/** One fix from each group, every way. */
function combinations(groups: Edit[][][]): Edit[][] {
  return groups
    .reduce<Edit[][]>((acc, fixes) => acc.flatMap((a) => fixes.map((f) => [...a, ...f])), [[]])
    .filter((c) => c.length > 0);
}

function releases(ctx: SuggestContext, name: string): Summary[] {
  return ctx
    .versionsOf(name)
    .filter((v) => !v.yanked && !v.version.isPrerelease)
    .sort((a, b) => b.version.compare(a.version));
}

/** Semver-compatible lines of a crate, newest first, as requirement text (`0.22`, `1`). */
function lines(ctx: SuggestContext, name: string): string[] {
  return [...new Set(releases(ctx, name).map((v) => v.version.line))];
}

function singleEdits(ctx: SuggestContext, conflict: readonly Requirement[]): Edit[] {
  const edits: Edit[] = [];
  for (const { member, dep } of conflict) {
    if (dep.source.kind !== 'registry') continue;
    const req = dep.lockedFrom ?? dep.req;
    // A feature no matching release has: drop it, or take the one it is a typo of.
    const matching = releases(ctx, dep.name).filter((v) => req.matches(v.version));
    for (const f of dep.features) {
      if (matching.length === 0 || matching.some((v) => v.features.has(f))) continue;
      const close = [...matching[0]!.features.keys()].filter((g) => g !== 'default' && similar(g, f)).slice(0, 1);
      edits.push({ kind: 'features', member: member.name, dep: dep.nameInToml, enable: close, disable: [f] });
    }
    const current = new Set(
      releases(ctx, dep.name)
        .filter((v) => req.matches(v.version))
        .map((v) => v.version.line),
    );
    // Lines other members use first: moving to them is what unifies the graph.
    const elsewhere = new Set(
      ctx.members
        .filter((m) => m.name !== member.name)
        .flatMap((m) => m.dependencies.filter((d) => d.name === dep.name))
        .flatMap((d) =>
          releases(ctx, dep.name)
            .filter((v) => (d.lockedFrom ?? d.req).matches(v.version))
            .map((v) => v.version.line),
        ),
    );
    const options = lines(ctx, dep.name).filter((l) => !current.has(l));
    options.sort((a, b) => Number(elsewhere.has(b)) - Number(elsewhere.has(a)));
    for (const line of options.slice(0, 2))
      edits.push({ kind: 'bump', member: member.name, dep: dep.nameInToml, req: line });
    // Asking for a line that exists only as pre-releases: cargo's own hint is to name one.
    const newest = [...ctx.versionsOf(dep.name)]
      .filter((v) => !v.yanked)
      .sort((a, b) => b.version.compare(a.version))[0];
    if (newest?.version.isPrerelease && current.size === 0 && !req.matches(newest.version)) {
      edits.push({ kind: 'bump', member: member.name, dep: dep.nameInToml, req: newest.version.toString() });
    }
  }
  return edits;
}

interface Target {
  /** The package every member should agree on (by package name, so renamed entries move too). */
  name: string;
  line: string;
}

/** Crates that more than one clashing requirement names, with each line some member uses, and the newest. */
function unifyTargets(ctx: SuggestContext, conflicts: Requirement[][]): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const conflict of conflicts) {
    for (const { dep } of conflict) {
      if (dep.source.kind !== 'registry') continue;
      const users = ctx.members.flatMap((m) => m.dependencies.filter((d) => d.name === dep.name));
      const used = users.flatMap((d) =>
        releases(ctx, dep.name)
          .filter((v) => (d.lockedFrom ?? d.req).matches(v.version))
          .map((v) => v.version.line),
      );
      const newestUsed = [...new Set(used)];
      for (const line of newestUsed) {
        const key = `${dep.name}@${line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ name: dep.name, line });
      }
    }
  }
  // Newest line first: "upgrade everyone" is the fix people usually want to see.
  return targets.sort((a, b) => (a.name === b.name ? compareLines(b.line, a.line) : 0));
}

function compareLines(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * The next edit of a coordinated upgrade: for a requirement still in conflict, the newest line
 * of that package with a release that accepts the target line; failing that, its removal.
 */
function repairEdit(ctx: SuggestContext, target: Target, conflicts: Requirement[][], done: Edit[]): Edit | undefined {
  const targetVersions = releases(ctx, target.name).filter((v) => v.version.line === target.line);
  const doneKeys = new Set(done.map(editFlag));
  for (const conflict of conflicts) {
    for (const { member, dep } of conflict) {
      if (dep.name === target.name || dep.source.kind !== 'registry') continue;
      const dependsOnTarget = (r: Summary) => r.dependencies.filter((d) => d.name === target.name && d.kind !== 'dev');
      const all = releases(ctx, dep.name);
      // Only a package that depends on the target crate can be moved to fit it (or, with no
      // release that fits, dropped); anything else in the conflict is not this chain's to change.
      if (!all.some((r) => dependsOnTarget(r).length > 0)) continue;
      const fits = all.find((r) =>
        dependsOnTarget(r).some((d) => targetVersions.some((t) => d.req.matches(t.version))),
      );
      const edit: Edit = fits
        ? { kind: 'bump', member: member.name, dep: dep.nameInToml, req: fits.version.line }
        : { kind: 'remove', member: member.name, dep: dep.nameInToml };
      if (!doneKeys.has(editFlag(edit))) return edit;
    }
  }
  return undefined;
}

function changes(baseline: ReadonlyMap<string, string[]> | undefined, after: ReadonlyMap<string, string[]>): number {
  if (!baseline) return 0;
  let n = 0;
  for (const name of new Set([...baseline.keys(), ...after.keys()])) {
    const a = new Set(baseline.get(name) ?? []);
    const b = new Set(after.get(name) ?? []);
    for (const v of a) if (!b.has(v)) n++;
    for (const v of b) if (!a.has(v)) n++;
  }
  return n;
}

/** The package an edit's DEP names (a key such as `py` for `py = { package = "pyo3" }`), as people know it. */
function packageOf(ctx: SuggestContext, member: string | undefined, dep: string): Dependency | undefined {
  return ctx.members
    .flatMap((m) => (!member || m.name === member ? m.dependencies : []))
    .find((d) => d.nameInToml === dep || d.name === dep);
}

/** What a bump changes: the members' requirements it replaces (the same requirement is no change). */
function bumpStep(e: Edit, ctx: SuggestContext): BumpStep {
  if (e.kind !== 'bump') return { replaces: [] };
  const d = packageOf(ctx, e.member, e.dep);
  const replaces = ctx.members
    .filter((m) => !e.member || m.name === e.member)
    .flatMap((m) =>
      m.dependencies
        .filter((x) => x.nameInToml === e.dep || x.name === e.dep)
        .map((x) => ({ member: m.name, req: `${x.lockedFrom ?? x.req}` })),
    )
    .filter(({ req }) => req !== `^${e.req}`);
  return { ...(d && d.name !== e.dep && { package: d.name }), replaces };
}

function resolvedBumps(
  edits: readonly Edit[],
  packages: ReadonlyMap<string, string[]>,
  ctx: SuggestContext,
): { name: string; versions: string[] }[] {
  const bumped = edits.flatMap((e) => (e.kind === 'bump' ? [packageOf(ctx, e.member, e.dep)?.name ?? e.dep] : []));
  return [...new Set(bumped)].flatMap((name) => {
    const versions = packages.get(name);
    return versions ? [{ name, versions }] : [];
  });
}
