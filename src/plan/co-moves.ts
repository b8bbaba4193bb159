import { Requirement } from '../cargo/requirement.js';
import type { SourceId } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import type { Edit } from '../edits/index.js';
import type { Conflict } from '../explain/conflict.js';
import type { DependencyUse, Move, VersionsOf } from './moves.js';
import { moveEdits, releasesOf } from './moves.js';

/**
 * What stands in a move's way, read from the minimal conflicts of the workspace with the move
 * made, and which other dependencies could move with it. A minimal conflict only goes away when
 * one of its requirements changes; the moved crate's is the one being asked about, so one of the
 * others must: each is a candidate co-move, to the newest line of its own that works with the
 * moved crate's new line. A requirement with no such line is a dead end ("no release of
 * pyo3-asyncio supports pyo3 0.25"), and a conflict made only of dead ends blocks the move.
 */
export type Blocker =
  /** `member`'s `dependent` (`dependentReq`) takes release `release`, which requires `crate` `requires`. */
  | {
      kind: 'requires';
      member: string;
      dependent: string;
      dependentReq: string;
      release: string;
      crate: string;
      requires: string;
      /** No release of `dependent` at all works with the line `crate` moves to (`release` is its newest). */
      noRelease: boolean;
      /** The line `crate` moves to, as people say it (`0.25.x`). */
      line: string;
    }
  /** The moved crate's new `release` (`numpy 0.25.0`) requires `crate` `requires`, and `member` requires `memberReq` of it. */
  | { kind: 'needs'; member: string; release: string; crate: string; requires: string; memberReq: string }
  /** Any other conflict the move runs into (or that was there before it). */
  | { kind: 'conflict'; conflict: Conflict }
  /** With the move, the graph has a dependency cycle (`packages`, in order). */
  | { kind: 'cycle'; packages: string[] };

export interface CoMove {
  crate: string;
  source: SourceId;
  to: string;
  from: string[];
  members: string[];
  edits: Edit[];
}

/** The moved crate's releases on the line it moves to. */
export function targetReleases(move: Move, versionsOf: VersionsOf): Summary[] {
  const req = Requirement.parse(move.to);
  return releasesOf(versionsOf(move.crate, move.source)).filter((r) => req.matches(r.version));
}

/** Whether release `r` works with `crate` on the `target` releases: each dependency it has on `crate` accepts one of them. */
function accepts(r: Summary, crate: string, target: readonly Summary[]): boolean {
  return r.dependencies
    .filter((d) => d.name === crate && d.kind !== 'dev')
    .every((d) => target.some((t) => d.req.matches(t.version)));
}

function dependsOn(r: Summary, crate: string): Dependency | undefined {
  return r.dependencies.find((d) => d.name === crate && d.kind !== 'dev');
}

/**
 * The blockers of `move` in the conflicts of the workspace with it made, each said once. The
 * conflicts the moved crate takes part in are what blocks it; when it takes part in none, what
 * blocks it is what already failed without it.
 */
export function blockersOf(conflicts: readonly Conflict[], move: Move, versionsOf: VersionsOf): Blocker[] {
  const target = targetReleases(move, versionsOf);
  const line = target[0]?.version.lineLabel ?? move.to;
  const involved = conflicts.filter((c) => c.requirements.some((r) => r.dep.name === move.crate));
  const out: Blocker[] = [];
  const seen = new Set<string>();
  const add = (b: Blocker) => {
    const key = b.kind === 'conflict' ? `c\0${conflicts.indexOf(b.conflict)}` : JSON.stringify(b);
    if (!seen.has(key)) out.push(b);
    seen.add(key);
  };
  for (const c of involved.length > 0 ? involved : conflicts) {
    let explained = involved.length > 0;
    for (const { member, dep } of explained ? c.requirements : []) {
      if (dep.name === move.crate) continue;
      const b =
        dep.source.kind === 'registry'
          ? requirementBlocker(member.name, dep, move, target, line, versionsOf)
          : undefined;
      if (b) add(b);
      else explained = false;
    }
    if (!explained) add({ kind: 'conflict', conflict: c });
  }
  return out;
}

/**
 * Why `member`'s `dep` and the move cannot meet, when one of them depends on the other: the
 * release of `dep` the member's requirement takes requires an older line of the moved crate
 * (or no release of `dep` works with the new line at all), or the moved crate's new release
 * requires a line of `dep` the member's requirement does not take.
 */
function requirementBlocker(
  member: string,
  dep: Dependency,
  move: Move,
  target: readonly Summary[],
  line: string,
  versionsOf: VersionsOf,
): Blocker | undefined {
  const all = releasesOf(versionsOf(dep.name, dep.source));
  const current = all.find((r) => dep.req.matches(r.version) && dependsOn(r, move.crate));
  if (current) {
    const dependents = all.filter((r) => dependsOn(r, move.crate));
    const noRelease = !dependents.some((r) => accepts(r, move.crate, target));
    const release = noRelease ? dependents[0]! : current;
    return {
      kind: 'requires',
      member,
      dependent: dep.name,
      dependentReq: dep.req.toString(),
      release: release.version.toString(),
      crate: move.crate,
      requires: dependsOn(release, move.crate)!.req.toString(),
      noRelease,
      line,
    };
  }
  const newest = target[0];
  const needs = newest && dependsOn(newest, dep.name);
  if (needs && !all.some((r) => needs.req.matches(r.version) && dep.req.matches(r.version))) {
    return {
      kind: 'needs',
      member,
      release: `${move.crate} ${newest.version}`,
      crate: dep.name,
      requires: needs.req.toString(),
      memberReq: dep.req.toString(),
    };
  }
  return undefined;
}

/** A conflict's way out: the co-moves that could break it, and the requirements no line can move. */
export interface Options {
  coMoves: CoMove[];
  deadEnds: string[];
}

/**
 * The co-moves that could break `conflict` for `move`, given the co-moves already `taken`:
 * each other registry requirement's crate to its newest line past the one it is on that works
 * with the moved crate's new line (any newer line, for a crate that does not depend on it).
 */
export function coMoveOptions(
  conflict: Conflict,
  move: Move,
  members: readonly Summary[],
  versionsOf: VersionsOf,
  taken: ReadonlySet<string>,
): Options {
  const target = targetReleases(move, versionsOf);
  const coMoves: CoMove[] = [];
  const deadEnds: string[] = [];
  const seen = new Set<string>();
  for (const { dep } of conflict.requirements) {
    if (dep.name === move.crate || dep.source.kind !== 'registry' || seen.has(dep.name)) continue;
    seen.add(dep.name);
    if (taken.has(dep.name)) continue;
    const uses = usesOf(members, dep.name);
    const all = releasesOf(versionsOf(dep.name, dep.source));
    // The line the conflict holds it on: of the conflict's requirements on it, the one that reaches
    // least far (arrow_storage's pyo3 ^0.20, while arrow_quant_v2 is on ^0.22 already).
    const newestNow = conflict.requirements
      .filter((r) => r.dep.name === dep.name)
      .map((r) => all.find((s) => r.dep.req.matches(s.version))?.version)
      .reduce<Version | undefined>(
        (a, b) => (a === undefined || (b !== undefined && b.compare(a) < 0) ? b : a),
        undefined,
      );
    // What the moved crate's new release asks of this one, when it depends on it.
    const asked = target[0] && dependsOn(target[0], dep.name);
    const newer = (r: Summary) => !newestNow || (r.version.line !== newestNow.line && r.version.compare(newestNow) > 0);
    const fits = all.find(
      (r) => newer(r) && accepts(r, move.crate, target) && (!asked || asked.req.matches(r.version)),
    );
    if (!fits) {
      deadEnds.push(dep.name);
      continue;
    }
    const to = fits.version.line;
    const toReq = Requirement.parse(to);
    const views: DependencyUse[] = uses.map((u) => ({
      member: u.member,
      key: u.key,
      req: u.req.toString(),
      kind: u.kind,
      target: u.target,
      resolved: [],
      moves: !all.some((r) => r.version.line === to && u.req.matches(r.version) && toReq.matches(r.version)),
    }));
    const moving = views.filter((v) => v.moves);
    coMoves.push({
      crate: dep.name,
      source: dep.source,
      to,
      from: [...new Set(moving.map((v) => v.req))],
      members: [...new Set(moving.map((v) => v.member))],
      edits: moveEdits(dep.name, views, to),
    });
  }
  return { coMoves, deadEnds };
}

interface Use {
  member: string;
  key: string;
  req: Requirement;
  kind: Dependency['kind'];
  target: string | null;
}

function usesOf(members: readonly Summary[], crate: string): Use[] {
  return members.flatMap((m) =>
    m.dependencies
      .filter((d) => d.name === crate && d.source.kind === 'registry')
      .map((d) => ({ member: m.name, key: d.nameInToml, req: d.req, kind: d.kind, target: d.target })),
  );
}
