import type { Dependency, Summary } from '../cargo/summary.js';
import type { Edit } from '../whatif/edits.js';
import { editFlag } from '../whatif/edits.js';

/**
 * Fixes for a conflict, each checked by resolving again: a small search over manifest edits
 * guided by the conflicts themselves (every edit changes a requirement that takes part in a
 * remaining conflict), breadth first so that fewer edits come first, within a budget, in the
 * spirit of Dart pub's "try loosening one constraint at a time". Ranked by number of edits,
 * then by how many lockfile entries change.
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
  /** Every version the registry has of a crate (for choosing lines to move to). */
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
  maxEdits: number;
  maxAttempts: number;
  maxSuggestions: number;
  deadline: number;
}

export const defaultSuggestOptions = (): SuggestOptions => ({
  maxEdits: 3,
  maxAttempts: 60,
  maxSuggestions: 4,
  deadline: Date.now() + 4000,
});

export function suggestFixes(ctx: SuggestContext, conflicts: Requirement[][], opts: SuggestOptions = defaultSuggestOptions()) {
  const found: Suggestion[] = [];
  const tried = new Set<string>();
  let attempts = 0;
  let frontier: { edits: Edit[]; conflicts: Requirement[][] }[] = [{ edits: [], conflicts }];
  for (let depth = 1; depth <= opts.maxEdits && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const state of frontier) {
      for (const edit of candidateEdits(ctx, state.edits, state.conflicts[0] ?? [])) {
        const edits = [...state.edits, edit];
        const key = edits.map(editFlag).sort().join(' ');
        if (tried.has(key) || found.some((f) => isSubset(f.edits, edits))) continue;
        tried.add(key);
        if (attempts >= opts.maxAttempts || Date.now() > opts.deadline) return { suggestions: rank(found), exhausted: false };
        attempts++;
        const result = ctx.attempt(edits);
        if (result.kind === 'resolved') {
          found.push({ edits, flags: edits.map(editFlag), text: describe(edits, result.packages, ctx), changes: changes(ctx.baseline, result.packages) });
        } else if (result.conflicts.length > 0) {
          next.push({ edits, conflicts: result.conflicts });
        }
      }
    }
    if (found.length >= opts.maxSuggestions) break;
    frontier = next;
  }
  return { suggestions: rank(found).slice(0, opts.maxSuggestions), exhausted: true, attempts };
}

function isSubset(a: Edit[], b: Edit[]): boolean {
  const bs = new Set(b.map(editFlag));
  return a.every((e) => bs.has(editFlag(e)));
}

function rank(found: Suggestion[]): Suggestion[] {
  const removals = (s: Suggestion) => s.edits.filter((e) => e.kind === 'remove').length;
  return [...found].sort((a, b) => a.edits.length - b.edits.length || removals(a) - removals(b) || a.changes - b.changes);
}

/** The requirement's current semver line(s) of the crate, as `0.20` / `1`. */
function lineOf(v: Summary): string {
  return v.version.line;
}

/**
 * Edits that change one requirement of the conflict: move it to another semver-compatible line
 * (lines other members already use first, then newest first), move every member to that line
 * at once, or drop the dependency.
 */
function candidateEdits(ctx: SuggestContext, done: readonly Edit[], conflict: readonly Requirement[]): Edit[] {
  const edits: Edit[] = [];
  const touched = new Set(done.map((e) => (e.kind === 'pin' ? e.crate : `${'member' in e ? e.member ?? '*' : '*'}:${e.dep}`)));
  for (const { member, dep } of conflict) {
    if (dep.source.kind !== 'registry') continue;
    if (touched.has(`${member.name}:${dep.nameInToml}`) || touched.has(`*:${dep.nameInToml}`)) continue;
    const versions = ctx.versionsOf(dep.name).filter((v) => !v.yanked && !v.version.isPrerelease);
    const current = new Set(versions.filter((v) => dep.req.matches(v.version)).map(lineOf));
    const usedElsewhere = new Set(
      ctx.members
        .filter((m) => m.name !== member.name)
        .flatMap((m) => m.dependencies.filter((d) => d.name === dep.name))
        .flatMap((d) => versions.filter((v) => d.req.matches(v.version)).map(lineOf)),
    );
    const lines = [...new Set(versions.sort((a, b) => b.version.compare(a.version)).map(lineOf))].filter((l) => !current.has(l));
    lines.sort((a, b) => Number(usedElsewhere.has(b)) - Number(usedElsewhere.has(a)));
    const chosen = lines.slice(0, 3);
    for (const line of chosen) edits.push({ kind: 'bump', member: member.name, dep: dep.nameInToml, req: line });
    const users = ctx.members.filter((m) => m.dependencies.some((d) => d.name === dep.name));
    if (users.length > 1) {
      for (const line of [...new Set([...current, ...chosen])].slice(0, 3)) {
        edits.push({ kind: 'bump', dep: dep.nameInToml, req: line });
      }
    }
    edits.push({ kind: 'remove', member: member.name, dep: dep.nameInToml });
  }
  return edits;
}

function changes(baseline: ReadonlyMap<string, string[]> | undefined, after: ReadonlyMap<string, string[]>): number {
  if (!baseline) return 0;
  let n = 0;
  const names = new Set([...baseline.keys(), ...after.keys()]);
  for (const name of names) {
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
        const old = ctx.members
          .filter((m) => !e.member || m.name === e.member)
          .flatMap((m) => m.dependencies.filter((d) => d.nameInToml === e.dep || d.name === e.dep))[0];
        const where = e.member ? `in ${e.member}` : 'in every member';
        return `require ${e.dep} ${e.req} ${where}${old ? ` (now ${old.req})` : ''}`;
      }
      case 'remove':
        return `remove ${e.dep} from ${e.member}`;
      case 'add':
        return `add ${e.dep} ${e.req} to ${e.member}`;
      case 'pin':
        return `pin ${e.crate} to ${e.version}`;
    }
  });
  const picked = edits
    .filter((e) => e.kind !== 'remove')
    .map((e) => ('dep' in e ? e.dep : e.crate))
    .map((name) => (packages.get(name) ? `${name} ${packages.get(name)!.join(' + ')}` : undefined))
    .filter(Boolean);
  const sentence = parts.join(', then ');
  return `${sentence[0]!.toUpperCase()}${sentence.slice(1)}: resolves${picked.length ? ` with ${picked.join(', ')}` : ''}`;
}
