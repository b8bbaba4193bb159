import type { Dependency, Summary } from '../cargo/summary.js';
import type { Edit } from '../whatif/edits.js';
import { editFlag } from '../whatif/edits.js';
import { describeEdit } from '../whatif/describe.js';
import { similar } from '../text/spelling.js';

/**
 * Fixes for a conflict, each checked by resolving again (in the spirit of Dart pub, which
 * re-solves with one constraint loosened at a time and prints the exact command). Two searches,
 * both small and guided by the conflicts themselves:
 *  - single edits: move one clashing requirement to another semver-compatible line;
 *  - coordinated upgrades: put every member on one line of the clashing crate (a line some
 *    member already asks for, or the newest), then repair what still clashes by moving the
 *    other requirements to the line of theirs that works with it, or, for a package with no
 *    such release, removing it (the only edit that can help; a note says why).
 * Ranked by number of edits, then by how many lockfile entries change.
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
  /** Resolve with these edits applied (from the original manifests). */
  attempt(edits: readonly Edit[]): Attempt;
  /** name -> versions in the baseline (existing Cargo.lock), to count changes. */
  baseline?: ReadonlyMap<string, string[]>;
}

export interface Suggestion {
  edits: Edit[];
  flags: string[];
  text: string;
  /** Lockfile entries added, removed or changed relative to the baseline. */
  changes: number;
}

export interface SuggestOptions {
  maxAttempts: number;
  maxSuggestions: number;
  maxChain: number;
  deadline: number;
}

export const defaultSuggestOptions = (): SuggestOptions => ({
  maxAttempts: 40,
  maxSuggestions: 4,
  maxChain: 4,
  deadline: Date.now() + 3000,
});

export function suggestFixes(ctx: SuggestContext, conflicts: Requirement[][], opts: SuggestOptions = defaultSuggestOptions()) {
  const found: { s: Suggestion; signature: string }[] = [];
  const tried = new Map<string, Attempt>();
  let attempts = 0;
  const budgetLeft = () => attempts < opts.maxAttempts && Date.now() < opts.deadline;
  const attempt = (edits: Edit[]): Attempt | undefined => {
    const key = edits.map(editFlag).join(' ');
    const seen = tried.get(key);
    if (seen) return seen;
    if (!budgetLeft()) return undefined;
    attempts++;
    const result = ctx.attempt(edits);
    tried.set(key, result);
    if (result.kind === 'resolved') {
      const signature = [...result.packages].map(([n, v]) => `${n}@${[...v].sort().join('+')}`).sort().join(' ');
      // Two edit lists that give the same graph are one fix; keep the smaller.
      if (!found.some((f) => f.signature === signature && f.s.edits.length <= edits.length)) {
        found.push({
          s: { edits, flags: edits.map(editFlag), text: describe(edits, result.packages, ctx), changes: changes(ctx.baseline, result.packages) },
          signature,
        });
      }
    }
    return result;
  };

  // Single edits on the clashing requirements.
  for (const conflict of conflicts) for (const edit of singleEdits(ctx, conflict)) attempt([edit]);

  // Coordinated upgrades, repaired step by step.
  for (const target of unifyTargets(ctx, conflicts)) {
    let edits: Edit[] = [{ kind: 'bump', dep: target.dep, req: target.line }];
    for (let step = 0; step < opts.maxChain; step++) {
      const result = attempt(edits);
      if (!result || result.kind === 'resolved') break;
      const repair = repairEdit(ctx, target, result.conflicts, edits);
      if (!repair) break;
      edits = [...edits, repair];
    }
  }

  const ranked = found.map((f) => f.s).sort((a, b) => a.edits.length - b.edits.length || removals(a) - removals(b) || a.changes - b.changes);
  return { suggestions: ranked.slice(0, opts.maxSuggestions), attempts };
}

function removals(s: Suggestion): number {
  return s.edits.filter((e) => e.kind === 'remove').length;
}

function releases(ctx: SuggestContext, name: string): Summary[] {
  return ctx.versionsOf(name).filter((v) => !v.yanked && !v.version.isPrerelease).sort((a, b) => b.version.compare(a.version));
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
    const current = new Set(releases(ctx, dep.name).filter((v) => req.matches(v.version)).map((v) => v.version.line));
    // Lines other members use first: moving to them is what unifies the graph.
    const elsewhere = new Set(
      ctx.members
        .filter((m) => m.name !== member.name)
        .flatMap((m) => m.dependencies.filter((d) => d.name === dep.name))
        .flatMap((d) => releases(ctx, dep.name).filter((v) => (d.lockedFrom ?? d.req).matches(v.version)).map((v) => v.version.line)),
    );
    const options = lines(ctx, dep.name).filter((l) => !current.has(l));
    options.sort((a, b) => Number(elsewhere.has(b)) - Number(elsewhere.has(a)));
    for (const line of options.slice(0, 2)) edits.push({ kind: 'bump', member: member.name, dep: dep.nameInToml, req: line });
    // Asking for a line that exists only as pre-releases: cargo's own hint is to name one.
    const newest = [...ctx.versionsOf(dep.name)].filter((v) => !v.yanked).sort((a, b) => b.version.compare(a.version))[0];
    if (newest?.version.isPrerelease && current.size === 0 && !req.matches(newest.version)) {
      edits.push({ kind: 'bump', member: member.name, dep: dep.nameInToml, req: newest.version.toString() });
    }
  }
  return edits;
}

interface Target {
  /** The crate every member should agree on. */
  dep: string;
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
      const used = users.flatMap((d) => releases(ctx, dep.name).filter((v) => (d.lockedFrom ?? d.req).matches(v.version)).map((v) => v.version.line));
      const newestUsed = [...new Set(used)];
      for (const line of newestUsed) {
        const key = `${dep.name}@${line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        targets.push({ dep: dep.nameInToml, name: dep.name, line });
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
      const fits = all.find((r) => dependsOnTarget(r).some((d) => targetVersions.some((t) => d.req.matches(t.version))));
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

function describe(edits: Edit[], packages: ReadonlyMap<string, string[]>, ctx: SuggestContext): string {
  const parts = edits.map((e) => {
    switch (e.kind) {
      case 'bump': {
        const affected = ctx.members
          .filter((m) => !e.member || m.name === e.member)
          .flatMap((m) => m.dependencies.filter((d) => d.nameInToml === e.dep || d.name === e.dep).map((d) => ({ m, d })))
          .filter(({ d }) => `${d.lockedFrom ?? d.req}` !== `^${e.req}`);
        const now = affected.map(({ m, d }) => (e.member ? `now ${d.lockedFrom ?? d.req}` : `${m.name} has ${d.lockedFrom ?? d.req}`));
        const where = e.member ? `in ${e.member}` : 'in every member';
        return `use ${e.dep} ${e.req} ${where}${now.length ? ` (${[...new Set(now)].join(', ')})` : ''}`;
      }
      default:
        return describeEdit(e);
    }
  });
  const picked = [...new Set(edits.filter((e) => e.kind === 'bump').map((e) => (e as { dep: string }).dep))]
    .map((name) => (packages.get(name) ? `${name} ${packages.get(name)!.join(' + ')}` : undefined))
    .filter(Boolean);
  const sentence = parts.join('; ');
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}${picked.length ? ` (resolves with ${picked.join(', ')})` : ''}`;
}
