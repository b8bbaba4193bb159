import type { Dependency, Summary } from '../cargo/summary.js';
import type { LockDiff, SourceKindName } from '../compare/lock-diff.js';
import type { Edit } from '../edits/index.js';
import type { Explanation } from '../explain/explain.js';
import type { Resolution } from '../pipeline/resolution.js';
import { conflictNotes, derivationLines } from '../report/explanation.js';
import { conflictSummary } from '../report/facts.js';
import { cycleText } from '../report/resolution.js';
import { deadEndNote, suggestionText } from '../report/suggestions.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { packageId } from '../resolve/ids.js';

/**
 * What the TUI shows for one edit list, as plain data: the pipeline's resolution, explanation
 * and lockfile diff reduced to what the components render, so they never touch the pipeline.
 */
export interface Analysis {
  edits: readonly Edit[];
  verdict: Verdict;
  members: MemberView[];
  /** The resolved graph, sorted by name and version (empty when it does not resolve). */
  packages: PackageView[];
  /** Against Cargo.lock, or the workspace resolved without edits. */
  diff?: LockDiff;
  /** Absent while the conflicts are still being explained. */
  explanation?: ExplanationView;
}

export type Verdict =
  | { kind: 'resolved'; packages: number }
  | { kind: 'unresolvable' }
  | { kind: 'cycle'; text: string };

export interface MemberView {
  name: string;
  version: string;
  deps: DepView[];
}

export interface DepView {
  /** The key in the manifest, which edits name. */
  key: string;
  /** The package it resolves to (differs from `key` when renamed). */
  crate: string;
  /** As written in the manifest (or set by an edit), not the Cargo.lock pin. */
  req: string;
  features: readonly string[];
  defaultFeatures: boolean;
  optional: boolean;
  kind: Dependency['kind'];
  target: string | null;
  source: SourceKindName;
  /** Changed by a what-if edit. */
  edited: boolean;
  /** The version the resolution picked for it. */
  resolved?: string;
  /** The registry's semver-compatible lines of `crate`, newest first. */
  lines: LineView[];
  /** Every version of `crate`, by line, newest first: yanked ones and pre-releases marked. */
  versions: VersionGroupView[];
  /** The `links` value of the version it resolved to (else the newest its requirement takes). */
  links: string | null;
  /** Who in the graph requires `crate` (the members, when it does not resolve), and with which requirement. */
  requiredBy: RequirerView[];
}

export interface VersionGroupView {
  line: string;
  versions: { version: string; yanked: boolean; prerelease: boolean }[];
}

export interface RequirerView {
  /** `name version` of the package that requires it. */
  by: string;
  req: string;
  /** The version of `crate` that requirement resolved to. */
  resolved?: string;
}

export interface LineView {
  /** As a requirement: `0.22`, `1`, `0.0.3`. */
  line: string;
  newest: string;
  count: number;
  /** The dependency's requirement accepts a release of this line. */
  current: boolean;
}

export interface PackageView {
  name: string;
  version: string;
  source: SourceKindName;
}

export interface ExplanationView {
  conflicts: ConflictView[];
  suggestions: SuggestionView[];
  notes: string[];
  truncated: boolean;
}

export interface ConflictView {
  summary: string;
  /** The members' dependencies (by the member and the dependency's key) that clash. */
  requirements: { member: string; key: string }[];
  /** The derivation and cargo-style notes, as `explain` prints them. */
  lines: string[];
}

export interface SuggestionView {
  text: string;
  flags: string[];
  edits: Edit[];
}

export type VersionsOf = (name: string) => readonly Summary[];

export function analysisOf(
  edits: readonly Edit[],
  resolution: Resolution,
  versionsOf: VersionsOf,
  diff?: LockDiff,
): Analysis {
  const outcome = resolution.outcome;
  const graph = outcome.kind === 'resolved' ? outcome.graph : undefined;
  const verdict: Verdict =
    outcome.kind === 'resolved'
      ? { kind: 'resolved', packages: outcome.graph.packages.size }
      : outcome.kind === 'cycle'
        ? { kind: 'cycle', text: cycleText(outcome.cycle) }
        : { kind: 'unresolvable' };
  const requirers = requirersOf(resolution.members, graph);
  return {
    edits,
    verdict,
    members: resolution.members.map((m) => memberView(m, versionsOf, graph, requirers)),
    packages: graph
      ? graph.sorted().map((s) => ({ name: s.name, version: s.version.toString(), source: s.source.kind }))
      : [],
    ...(diff && { diff }),
  };
}

export function explanationView(ex: Explanation): ExplanationView {
  return {
    conflicts: ex.conflicts.map((c) => ({
      summary: conflictSummary(c),
      requirements: c.requirements.map((r) => ({ member: r.member.name, key: r.dep.nameInToml })),
      lines: [...derivationLines(c), ...conflictNotes(c).map((n) => `note: ${n}`)],
    })),
    suggestions: ex.suggestions.map((s) => ({ text: suggestionText(s), flags: s.flags, edits: s.edits })),
    notes: ex.deadEnds.map(deadEndNote),
    truncated: ex.truncated,
  };
}

function memberView(
  m: Summary,
  versionsOf: VersionsOf,
  graph: ResolvedGraph | undefined,
  requirers: (crate: string) => RequirerView[],
): MemberView {
  const children = graph?.children(packageId(m));
  const resolvedFor = (d: Dependency): Summary | undefined => {
    for (const [id, deps] of children ?? []) if (deps.includes(d)) return graph!.packages.get(id);
    return undefined;
  };
  return {
    name: m.name,
    version: m.version.toString(),
    deps: m.dependencies.map((d) => {
      // A Cargo.lock pins the requirement the resolver sees; the user wrote the one before it.
      const req = d.lockedFrom ?? d.req;
      const resolved = resolvedFor(d);
      const registry = d.source.kind === 'registry';
      const all = registry ? versionsOf(d.name) : [];
      const taken =
        resolved ??
        [...all].filter((v) => !v.yanked && req.matches(v.version)).sort((a, b) => b.version.compare(a.version))[0];
      return {
        key: d.nameInToml,
        crate: d.name,
        req: req.toString(),
        features: d.features,
        defaultFeatures: d.defaultFeatures,
        optional: d.optional,
        kind: d.kind,
        target: d.target,
        source: d.source.kind,
        edited: d.origin?.kind === 'edit',
        resolved: resolved?.version.toString(),
        lines: registry ? linesOf(all, (v) => req.matches(v.version)) : [],
        versions: versionGroups(all),
        links: taken?.links ?? null,
        requiredBy: requirers(d.name),
      };
    }),
  };
}

/** Every version, by semver-compatible line (a pre-release is in the line of its release), newest first. */
export function versionGroups(versions: readonly Summary[]): VersionGroupView[] {
  const out: VersionGroupView[] = [];
  for (const v of [...versions].sort((a, b) => b.version.compare(a.version))) {
    const entry = { version: v.version.toString(), yanked: v.yanked, prerelease: v.version.isPrerelease };
    const last = out.at(-1);
    if (last && last.line === v.version.line) last.versions.push(entry);
    else out.push({ line: v.version.line, versions: [entry] });
  }
  return out;
}

/** Who requires each crate: every package in the resolved graph that depends on it, or the members when there is no graph. */
function requirersOf(members: readonly Summary[], graph: ResolvedGraph | undefined): (crate: string) => RequirerView[] {
  const byCrate = new Map<string, RequirerView[]>();
  const add = (crate: string, r: RequirerView) => {
    const list = byCrate.get(crate) ?? [];
    if (!list.some((x) => x.by === r.by && x.req === r.req && x.resolved === r.resolved)) list.push(r);
    byCrate.set(crate, list);
  };
  if (graph) {
    for (const [parentId, children] of graph.edges) {
      const parent = graph.packages.get(parentId);
      if (!parent) continue;
      for (const [childId, deps] of children) {
        const child = graph.packages.get(childId);
        if (!child) continue;
        for (const d of deps)
          add(child.name, {
            by: `${parent.name} ${parent.version}`,
            req: (d.lockedFrom ?? d.req).toString(),
            resolved: child.version.toString(),
          });
      }
    }
  } else {
    for (const m of members)
      for (const d of m.dependencies)
        add(d.name, { by: `${m.name} ${m.version}`, req: (d.lockedFrom ?? d.req).toString() });
  }
  return (crate) => byCrate.get(crate) ?? [];
}

/** Releases a requirement can pick without naming them: no yanked or pre-release versions. */
export function linesOf(versions: readonly Summary[], accepts: (s: Summary) => boolean = () => false): LineView[] {
  const releases = versions
    .filter((v) => !v.yanked && !v.version.isPrerelease)
    .sort((a, b) => b.version.compare(a.version));
  const out: LineView[] = [];
  for (const v of releases) {
    const last = out.at(-1);
    if (last && last.line === v.version.line) {
      last.count++;
      last.current ||= accepts(v);
    } else {
      out.push({ line: v.version.line, newest: v.version.toString(), count: 1, current: accepts(v) });
    }
  }
  return out;
}

/** The requirement a bump offers first: the line after the newest one DEP accepts now, or the newest. */
export function nextLine(dep: DepView): string | undefined {
  const i = dep.lines.findIndex((l) => l.current);
  if (i > 0) return dep.lines[i - 1]!.line;
  return dep.lines[0]?.line;
}

/** The version a pin offers first: what the resolution picked, else the newest the requirement accepts. */
export function pinDefault(dep: DepView): string | undefined {
  return dep.resolved ?? dep.lines.find((l) => l.current)?.newest ?? dep.lines[0]?.newest;
}
