import type { Dependency, Origin, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import type { UnusableLine } from '../index/index-file.js';
import type { ConstraintTag } from '../resolve/encode.js';
import { comparePackages, packageId } from '../resolve/ids.js';
import { similar } from '../text/spelling.js';

/**
 * The facts of one conflict, as data, with versions that behave alike merged into one fact
 * ("pyo3 0.22.4 to 0.22.6 depend on pyo3-ffi =0.22.4 to =0.22.6, each its own version" rather
 * than three); report/facts.ts words them.
 */
interface FactBase {
  /** Packages this fact is about (for derivation paths). */
  parents: Summary[];
  /** The dependency it follows, when it is one. */
  dep?: Dependency;
  /** Packages it leads to. */
  targets: Summary[];
  /** Where the fact comes from: a manifest line, an index entry, a what-if edit. */
  origin?: Origin;
}

export type Fact = FactBase &
  // A member's own requirement: `parents` is the member.
  (
    | { kind: 'requirement'; dep: Dependency }
    | {
        kind: 'dependency';
        dep: Dependency;
        /** The versions of `parents` that share this dependency. */
        versions: VersionSet;
        /** Each version asks for exactly itself (`=x.y.z`), as a crate and its own -sys or -macros crate do. */
        pinsOwnVersion: boolean;
      }
    | { kind: 'no-candidates'; dep: Dependency; why: NoCandidates }
    | {
        kind: 'links';
        links: string;
        /** The packages of this `links` value the conflict reaches, by name and semver-compatible line. */
        declarers: { name: string; versions: VersionSet }[];
      }
    | { kind: 'one-per-semver'; name: string; line: string }
    | {
        kind: 'missing-feature';
        dep: Dependency;
        feature: string;
        /** The versions of `parents` without it. */
        versions: VersionSet;
        /** Features they do have whose names are close to it. */
        didYouMean: string[];
      }
  );

/** Why no version can be picked for a requirement. */
export interface NoCandidates {
  /** The requirement as the user wrote it (before Cargo.lock pinned it). */
  req: Dependency['req'];
  /** Versions that match it but are yanked. */
  yanked: VersionSet;
  /** How many versions are not yanked. */
  known: number;
  newest?: Version;
  /** The `--pin` that keeps out versions that would match, when that is the reason. */
  pinnedTo?: string;
  /**
   * Index lines cargo leaves out that might have matched (their version does, or cannot be
   * read): versions that exist but cannot be used.
   */
  unusable: readonly UnusableLine[];
}

/** Whether `req` takes the version `text` (false when it is no version). */
function matchesText(req: Dependency['req'], text: string): boolean {
  const v = Version.tryParse(text);
  return v !== undefined && req.matches(v);
}

/**
 * A set of versions of one package, compactly: runs with no gap among the package's releases
 * (yanked ones do not count), oldest first, and the semver-compatible line (`0.22.x`) when the
 * set is all of its releases.
 */
export interface VersionSet {
  runs: Version[][];
  wholeLine?: string;
}

export function versionSet(versions: readonly Summary[], all?: readonly Summary[]): VersionSet {
  const sorted = [...new Map(versions.map((v) => [v.version.toString(), v])).values()].sort((a, b) =>
    a.version.compare(b.version),
  );
  if (sorted.length <= 1) return { runs: sorted.map((s) => [s.version]) };
  const known = (all ?? sorted)
    .filter((s) => !s.yanked || sorted.includes(s))
    .sort((a, b) => a.version.compare(b.version));
  const position = new Map(known.map((s, i) => [s.version.toString(), i]));
  const runs: Summary[][] = [];
  for (const s of sorted) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && position.get(prev.version.toString())! + 1 === position.get(s.version.toString())) run.push(s);
    else runs.push([s]);
  }
  const line = sorted[0]!.version.lineLabel;
  const wholeLine =
    runs.length === 1 &&
    sorted.length > 2 &&
    sorted.every((s) => s.version.lineLabel === line) &&
    known.filter((s) => s.version.lineLabel === line && !s.version.isPrerelease).every((s) => sorted.includes(s));
  return { runs: runs.map((r) => r.map((s) => s.version)), ...(wholeLine && { wholeLine: line }) };
}

/** Turns the tags of a core into merged facts. `universe` lists all known versions per name. */
export function coreFacts(
  tags: readonly ConstraintTag[],
  roots: ReadonlySet<string>,
  universe: (name: string) => readonly Summary[],
  candidatesOf: (dep: Dependency) => readonly Summary[],
  pinOf: (name: string) => string | undefined = () => undefined,
  unusableOf: (dep: Dependency) => readonly UnusableLine[] = () => [],
): Fact[] {
  const facts: Fact[] = [];
  const merged = new Map<string, { parents: Summary[]; dep: Dependency; pinsOwnVersion: boolean }>();
  const missing = new Map<string, { pkgs: Summary[]; feature: string; dep: Dependency }>();
  const noCandidates = new Map<string, Dependency>();
  const noteEmpty = (dep: Dependency) => {
    if (candidatesOf(dep).length === 0) noCandidates.set(`${dep.name}\0${dep.req}`, dep);
  };
  for (const tag of tags) {
    switch (tag.kind) {
      case 'dependency': {
        noteEmpty(tag.dep);
        if (roots.has(packageId(tag.parent))) {
          facts.push({
            kind: 'requirement',
            origin: tag.dep.origin,
            parents: [tag.parent],
            dep: tag.dep,
            targets: [...candidatesOf(tag.dep)],
          });
          break;
        }
        // The parent's own version abstracted away, so that "pyo3 0.22.3 depends on pyo3-ffi
        // =0.22.3" and its siblings merge.
        const pinsOwnVersion = tag.dep.req.toString() === `=${tag.parent.version}`;
        const shape = pinsOwnVersion ? '=$self' : tag.dep.req.toString();
        const key = `${tag.parent.name}\0${tag.parent.version.line}\0${tag.dep.nameInToml}\0${tag.dep.kind}\0${shape}`;
        const m = merged.get(key);
        if (m) m.parents.push(tag.parent);
        else merged.set(key, { parents: [tag.parent], dep: tag.dep, pinsOwnVersion });
        break;
      }
      case 'candidates':
        if (tag.candidates.length === 0) noCandidates.set(`${tag.dep.name}\0${tag.dep.req}`, tag.dep);
        break;
      case 'one-per-semver':
        facts.push({ kind: 'one-per-semver', name: tag.name, line: tag.line, parents: [], targets: [...tag.versions] });
        break;
      case 'missing-feature':
        for (const { pkg, feature } of tag.lacking) {
          const key = `${pkg.name}\0${pkg.version.line}\0${feature}`;
          const m = missing.get(key);
          if (m) {
            if (!m.pkgs.includes(pkg)) m.pkgs.push(pkg);
          } else missing.set(key, { pkgs: [pkg], feature, dep: tag.dep });
        }
        break;
      case 'links':
      case 'root':
        break;
    }
  }
  for (const { parents, dep, pinsOwnVersion } of merged.values()) {
    facts.push({
      kind: 'dependency',
      versions: versionSet(parents, universe(parents[0]!.name)),
      pinsOwnVersion,
      origin: parents[0]!.origin ?? dep.origin,
      parents,
      dep,
      targets: parents.flatMap((p) => [
        ...candidatesOf(p.dependencies.find((d) => d.nameInToml === dep.nameInToml && d.kind === dep.kind) ?? dep),
      ]),
    });
  }
  for (const { pkgs, feature, dep } of missing.values()) {
    const available = [...pkgs[pkgs.length - 1]!.features.keys()].filter((f) => f !== 'default').sort();
    facts.push({
      kind: 'missing-feature',
      feature,
      versions: versionSet(pkgs, universe(pkgs[0]!.name)),
      didYouMean: available.filter((f) => similar(f, feature)),
      origin: dep.origin,
      parents: pkgs,
      dep,
      targets: [],
    });
  }
  for (const dep of noCandidates.values()) {
    const all = universe(dep.name);
    const known = all.filter((v) => !v.yanked);
    const newest = [...known].sort((a, b) => b.version.compare(a.version))[0];
    const req = dep.lockedFrom ?? dep.req;
    const pin = pinOf(dep.name);
    // A pin names a published version (apply.ts checks), so it is the reason only when the requirement excludes it.
    const pinned = pin !== undefined && pin !== '' && !req.matches(Version.parse(pin));
    const why: NoCandidates = {
      req,
      yanked: versionSet(all.filter((v) => v.yanked && req.matches(v.version))),
      known: known.length,
      ...(newest && { newest: newest.version }),
      ...(pinned && { pinnedTo: pin }),
      unusable: unusableOf(dep).filter(
        (u) => (u.name === dep.name || u.name === '') && (u.version === '' || matchesText(req, u.version)),
      ),
    };
    const first = why.unusable[0];
    const origin: Origin | undefined = first && { kind: 'index', file: first.file, line: first.line };
    facts.push({ kind: 'no-candidates', why, parents: [], dep, targets: [], ...(origin && { origin }) });
  }
  for (const tag of tags) {
    if (tag.kind !== 'links') continue;
    // The packages of this `links` value that the conflict actually reaches.
    const reached = new Map<string, Summary>();
    for (const f of facts) for (const t of f.targets) if (t.links === tag.links) reached.set(packageId(t), t);
    const targets = [...reached.values()].sort(comparePackages);
    facts.push({ kind: 'links', links: tag.links, declarers: byLine(targets, universe), parents: [], targets });
  }
  return facts;
}

function byLine(
  pkgs: Summary[],
  universe: (name: string) => readonly Summary[],
): { name: string; versions: VersionSet }[] {
  const lines = new Map<string, Summary[]>();
  for (const p of pkgs) {
    const key = `${p.name} ${p.version.lineLabel}`;
    lines.set(key, [...(lines.get(key) ?? []), p]);
  }
  return [...lines.values()].map((list) => ({
    name: list[0]!.name,
    versions: versionSet(list, universe(list[0]!.name)),
  }));
}
