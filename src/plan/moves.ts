import type { Requirement } from '../cargo/requirement.js';
import type { SourceId } from '../cargo/source-id.js';
import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, DependencyKind, Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import type { Edit } from '../edits/index.js';

/**
 * The moves an upgrade plan considers: every registry dependency of every member whose
 * requirement does not reach the newest release (a breaking move to the newest line), or whose
 * resolved version is older than the newest release its requirement already allows (a move
 * within the line, which Cargo.lock or another package holds back). Pre-releases and yanked
 * versions are never a target: a requirement cannot pick them without naming them.
 *
 * A move is per crate, everywhere the workspace uses it: a plan that moved pyo3 in one member
 * and not the other would only trade one conflict for another.
 */
export type MoveSize = 'major' | 'minor' | 'patch';

export interface DependencyUse {
  member: string;
  /** The key in the manifest (differs from the crate when renamed). */
  key: string;
  /** The requirement as written, or as the user's edits set it. */
  req: string;
  kind: DependencyKind;
  target: string | null;
  /** The versions the resolution without the move picked for it (none when it does not resolve). */
  resolved: string[];
  /** Whether this use's requirement moves. */
  moves: boolean;
}

export interface Move {
  crate: string;
  source: SourceId;
  uses: DependencyUse[];
  /** Members whose requirement moves, in workspace order. */
  members: string[];
  /** The distinct requirements that move, as written now. */
  from: string[];
  /** The requirement the move sets: the newest line (`0.25`, `2`), or within it the newest release (`1.48.0`). */
  to: string;
  /** The newest semver-compatible line, and its newest release. */
  line: string;
  newest: string;
  /** major: another semver-compatible line (every 0.x minor is one); minor or patch: within the line. */
  size: MoveSize;
  /** The what-if edits that make the move, alone. */
  edits: Edit[];
}

export type VersionsOf = (name: string, source: SourceId) => readonly Summary[];

/** Releases a requirement can pick without naming them, newest first: no yanked or pre-release versions. */
export function releasesOf(versions: readonly Summary[]): Summary[] {
  return versions.filter((v) => !v.yanked && !v.version.isPrerelease).sort((a, b) => b.version.compare(a.version));
}

/** How far `from` is from `to`: another line, or a minor or patch step within one. */
export function moveSize(from: Version | undefined, to: Version): MoveSize {
  if (!from || from.line !== to.line) return 'major';
  return from.major === to.major && from.minor === to.minor ? 'patch' : 'minor';
}

/** The resolved versions of each member's dependencies: member name -> dependency -> versions. */
export type ResolvedVersions = (member: string, d: Dependency) => string[];

/**
 * The moves of `members` (as edited), in the order their crates first appear. `resolved` gives
 * what the resolution without any move picked; without it (the workspace does not resolve),
 * only breaking moves can be told, since nothing says which release a use is on.
 */
export function findMoves(members: readonly Summary[], versionsOf: VersionsOf, resolved?: ResolvedVersions): Move[] {
  const byCrate = new Map<string, { crate: string; source: SourceId; uses: { member: Summary; d: Dependency }[] }>();
  for (const m of members) {
    for (const d of m.dependencies) {
      if (d.source.kind !== 'registry') continue;
      const key = `${d.name} ${sourceKey(d.source)}`;
      let entry = byCrate.get(key);
      if (!entry) byCrate.set(key, (entry = { crate: d.name, source: d.source, uses: [] }));
      entry.uses.push({ member: m, d });
    }
  }
  const moves: Move[] = [];
  for (const { crate, source, uses } of byCrate.values()) {
    const releases = releasesOf(versionsOf(crate, source));
    const newest = releases[0];
    if (!newest) continue;
    const views: DependencyUse[] = [];
    let breaking = false;
    let size: MoveSize | undefined;
    const all = versionsOf(crate, source).filter((v) => !v.yanked);
    for (const { member, d } of uses) {
      const versions = resolved?.(member.name, d) ?? [];
      // What the use is on: what the resolution picked, else the newest its requirement takes
      // (a pre-release it names, `^1.0.0-beta.18`, is newer than the newest release 0.11.20).
      const on =
        versions.length > 0
          ? versions.map((v) => all.find((s) => s.version.toString() === v)?.version).filter((v) => v !== undefined)
          : all.filter((s) => d.req.matches(s.version)).map((s) => s.version);
      const ahead = on.some((v) => v.compare(newest.version) >= 0);
      const reaches = d.req.matches(newest.version);
      const behind = versions.length > 0 && versions.some((v) => v !== newest.version.toString());
      const moves = !ahead && (!reaches || behind);
      if (moves) {
        if (!reaches && !sameLine(d.req, releases, newest.version)) breaking = true;
        const from =
          versions.length > 0 ? oldest(versions, releases) : releases.find((r) => d.req.matches(r.version))?.version;
        size = larger(size, moveSize(from, newest.version));
      }
      views.push({
        member: member.name,
        key: d.nameInToml,
        req: d.req.toString(),
        kind: d.kind,
        target: d.target,
        resolved: versions,
        moves,
      });
    }
    if (!size) continue;
    const moving = views.filter((u) => u.moves);
    // Across lines the requirement names the line (`0.25`), as `--upgrade` does; within the
    // line it names the release, so that Cargo.lock cannot keep the older one.
    const to = breaking ? newest.version.line : newest.version.toString();
    moves.push({
      crate,
      source,
      uses: views,
      members: [...new Set(moving.map((u) => u.member))],
      from: [...new Set(moving.map((u) => u.req))],
      to,
      line: newest.version.line,
      newest: newest.version.toString(),
      size,
      edits: moveEdits(crate, views, to),
    });
  }
  return moves;
}

/**
 * The bumps that set `to` where a use moves: one `--bump CRATE=TO` when every use moves and
 * names the crate by its own name, else one `--bump MEMBER:KEY=TO` per member.
 */
export function moveEdits(crate: string, uses: readonly DependencyUse[], to: string): Edit[] {
  const moving = uses.filter((u) => u.moves);
  if (moving.length === uses.length && uses.every((u) => u.key === crate))
    return [{ kind: 'bump', dep: crate, req: to }];
  const edits: Edit[] = [];
  const seen = new Set<string>();
  for (const u of moving) {
    const key = `${u.member}\0${u.key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edits.push({ kind: 'bump', member: u.member, dep: u.key, req: to });
  }
  return edits;
}

/** Whether `req` accepts some release of `version`'s line: then only a newer release within it is missing. */
function sameLine(req: Requirement, releases: readonly Summary[], version: Version): boolean {
  return releases.some((r) => r.version.line === version.line && req.matches(r.version));
}

function oldest(versions: readonly string[], releases: readonly Summary[]): Version | undefined {
  const known = releases.filter((r) => versions.includes(r.version.toString())).map((r) => r.version);
  return known.sort((a, b) => a.compare(b))[0];
}

const ORDER: MoveSize[] = ['patch', 'minor', 'major'];

function larger(a: MoveSize | undefined, b: MoveSize): MoveSize {
  return a === undefined || ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}
