import { lockfileSource } from '../cargo/source-id.js';
import { Version } from '../cargo/version.js';
import type { Lockfile } from '../lockfile/model.js';
import { sourceIdentity } from '../lockfile/source.js';
import type { ResolvedGraph } from '../resolve/graph.js';

/**
 * What a what-if does to Cargo.lock: the packages added, removed, upgraded and downgraded
 * between a baseline (the existing Cargo.lock, or a resolve without the edits) and the result.
 */
export type SourceKindName = 'registry' | 'path' | 'git';

/** One package as Cargo.lock identifies it; `source` is the lockfile's string (none for path packages). */
export interface LockEntry {
  name: string;
  version: string;
  source?: string;
}

export interface PackageRef {
  name: string;
  version: string;
  source: SourceKindName;
}

export interface PackageChange {
  name: string;
  from: string;
  to: string;
  source: SourceKindName;
}

/** Where the "before" side came from. */
export type BaselineKind = 'lockfile' | 'resolve' | 'unresolvable';

export interface LockDiff {
  baseline: BaselineKind;
  added: PackageRef[];
  removed: PackageRef[];
  upgraded: PackageChange[];
  downgraded: PackageChange[];
}

export function graphEntries(graph: ResolvedGraph): LockEntry[] {
  return [...graph.packages.values()].map((s) => ({
    name: s.name,
    version: s.version.toString(),
    source: lockfileSource(s.source),
  }));
}

export function lockEntries(lock: Lockfile): LockEntry[] {
  return lock.packages.map((p) => ({
    name: p.name,
    version: p.version,
    ...(p.source !== undefined && { source: p.source }),
  }));
}

export function isEmptyDiff(d: LockDiff): boolean {
  return d.added.length + d.removed.length + d.upgraded.length + d.downgraded.length === 0;
}

/**
 * Versions are compared per (name, source). Within one, a version that stays is no change; the
 * rest pair up by semver line (0.22.4 -> 0.22.6 is an upgrade in place), and when exactly one is
 * left on each side those pair too (0.20.3 -> 0.22.6); anything else was added or removed.
 */
export function lockDiff(baseline: BaselineKind, before: readonly LockEntry[], after: readonly LockEntry[]): LockDiff {
  const groups = new Map<string, { name: string; source: SourceKindName; before: Version[]; after: Version[] }>();
  const add = (e: LockEntry, side: 'before' | 'after') => {
    const version = Version.tryParse(e.version);
    if (!version) return;
    const key = `${e.name}\0${e.source === undefined ? 'path' : sourceIdentity(e.source)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { name: e.name, source: kindOf(e.source), before: [], after: [] }));
    if (!g[side].some((v) => v.equals(version))) g[side].push(version);
  };
  for (const e of before) add(e, 'before');
  for (const e of after) add(e, 'after');

  const out: LockDiff = { baseline, added: [], removed: [], upgraded: [], downgraded: [] };
  for (const g of groups.values()) {
    let was = g.before.filter((v) => !g.after.some((w) => w.equals(v)));
    let now = g.after.filter((v) => !g.before.some((w) => w.equals(v)));
    const pairs: [Version, Version][] = [];
    for (const v of [...was]) {
      const same = now.find((w) => w.line === v.line);
      if (!same) continue;
      pairs.push([v, same]);
      was = was.filter((x) => x !== v);
      now = now.filter((x) => x !== same);
    }
    if (was.length === 1 && now.length === 1) {
      pairs.push([was[0]!, now[0]!]);
      was = [];
      now = [];
    }
    for (const [from, to] of pairs) {
      const change = { name: g.name, from: from.toString(), to: to.toString(), source: g.source };
      (to.compare(from) > 0 ? out.upgraded : out.downgraded).push(change);
    }
    for (const v of was) out.removed.push({ name: g.name, version: v.toString(), source: g.source });
    for (const v of now) out.added.push({ name: g.name, version: v.toString(), source: g.source });
  }
  const byName =
    <T extends { name: string }>(key: (x: T) => string) =>
    (a: T, b: T) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : Version.parse(key(a)).compare(Version.parse(key(b)));
  out.added.sort(byName((x) => x.version));
  out.removed.sort(byName((x) => x.version));
  out.upgraded.sort(byName((x) => x.from));
  out.downgraded.sort(byName((x) => x.from));
  return out;
}

function kindOf(source: string | undefined): SourceKindName {
  if (source === undefined) return 'path';
  return source.startsWith('git+') ? 'git' : 'registry';
}
