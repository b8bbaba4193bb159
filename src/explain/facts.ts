import { isAbsolute, relative } from 'node:path';
import type { Dependency, Origin, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import type { ConstraintTag } from '../resolve/encode.js';
import { comparePackages, packageId } from '../resolve/ids.js';
import { similar } from '../text/spelling.js';

/**
 * The facts of one conflict, in words, with versions that behave alike merged into one line:
 * "pyo3 0.22.4 to 0.22.6 depend on pyo3-ffi =0.22.4 to =0.22.6, each its own version" rather than
 * three lines.
 */
export type FactKind = 'requirement' | 'dependency' | 'no-candidates' | 'links' | 'one-per-semver' | 'missing-feature';

export interface Fact {
  kind: FactKind;
  text: string;
  /** Where the fact comes from: a manifest line, an index entry. */
  origin?: string;
  /** Packages this fact is about (for derivation paths). */
  parents: Summary[];
  /** The dependency it follows, when it is one. */
  dep?: Dependency;
  /** Packages it leads to. */
  targets: Summary[];
}

export function describeOrigin(o: Origin | undefined): string | undefined {
  if (!o) return undefined;
  switch (o.kind) {
    case 'manifest':
      return o.line !== undefined ? `${shortPath(o.file)}:${o.line}` : `${shortPath(o.file)} (${o.keyPath})`;
    case 'index':
      return o.line !== undefined ? `${shortPath(o.file)}:${o.line}` : shortPath(o.file);
    case 'edit':
      return `what-if ${o.text}`;
  }
}

/** Paths relative to where the user stands, as cargo prints them; URLs as they are. */
function shortPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * A set of versions, compactly: "0.22.0 to 0.22.6" for a run with no gap among the package's
 * releases (yanked ones do not count), runs joined by commas otherwise, and "every 1.x
 * release (1.0.0 to 1.0.102)" when the set is a whole semver-compatible line.
 */
export function versionRange(versions: readonly Summary[], all?: readonly Summary[]): string {
  const sorted = [...new Map(versions.map((v) => [v.version.toString(), v])).values()].sort((a, b) =>
    a.version.compare(b.version),
  );
  if (sorted.length === 0) return '';
  if (sorted.length === 1) return sorted[0]!.version.toString();
  const known = (all ?? sorted).filter((s) => !s.yanked || sorted.includes(s)).sort((a, b) => a.version.compare(b.version));
  const position = new Map(known.map((s, i) => [s.version.toString(), i]));
  const runs: Summary[][] = [];
  for (const s of sorted) {
    const run = runs[runs.length - 1];
    const prev = run?.[run.length - 1];
    if (run && prev && position.get(prev.version.toString())! + 1 === position.get(s.version.toString())) run.push(s);
    else runs.push([s]);
  }
  const text = runs
    .map((r) => (r.length === 1 ? r[0]!.version.toString() : r.length === 2 ? `${r[0]!.version}, ${r[1]!.version}` : `${r[0]!.version} to ${r[r.length - 1]!.version}`))
    .join(', ');
  const line = sorted[0]!.version.lineLabel;
  const wholeLine =
    runs.length === 1 &&
    sorted.length > 2 &&
    sorted.every((s) => s.version.lineLabel === line) &&
    known.filter((s) => s.version.lineLabel === line && !s.version.isPrerelease).every((s) => sorted.includes(s));
  return wholeLine ? `${text} (every ${line} release)` : text;
}

function kindWord(dep: Dependency): string {
  return dep.kind === 'build' ? 'build-depend' : dep.kind === 'dev' ? 'dev-depend' : 'depend';
}

function featureNote(dep: Dependency): string {
  const f = dep.features.length ? ` with features ${dep.features.map((x) => `\`${x}\``).join(', ')}` : '';
  return dep.defaultFeatures ? f : `${f}${f ? ',' : ''} without default features`;
}

/**
 * A dependency requirement with the parent's own version abstracted away, so that
 * "pyo3 0.22.3 depends on pyo3-ffi =0.22.3" and its siblings merge.
 */
function reqShape(parent: Summary, dep: Dependency): { key: string; display: (parents: Summary[]) => string } {
  const text = dep.req.toString();
  const own = parent.version.toString();
  if (text === `=${own}`) {
    return {
      key: '=$self',
      // Spelled out as the pins themselves ("=0.22.4 to =0.22.6"), the words cargo's own
      // message uses ("pyo3-ffi = \"=0.22.4\""), rather than a pattern like "=0.22.x".
      display: (parents) => {
        const sorted = [...parents].sort((a, b) => a.version.compare(b.version));
        const lo = sorted[0]!.version.toString();
        const hi = sorted[sorted.length - 1]!.version.toString();
        return lo === hi ? `=${lo}` : `=${lo} to =${hi}, each its own version`;
      },
    };
  }
  return { key: text, display: () => text };
}

/** Turns the tags of a core into merged facts. `universe` lists all known versions per name. */
export function coreFacts(
  tags: readonly ConstraintTag[],
  roots: ReadonlySet<string>,
  universe: (name: string) => readonly Summary[],
  candidatesOf: (dep: Dependency) => readonly Summary[],
  pinOf: (name: string) => string | undefined = () => undefined,
): Fact[] {
  const facts: Fact[] = [];
  const merged = new Map<string, { parents: Summary[]; dep: Dependency; shape: ReturnType<typeof reqShape> }>();
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
            text: `${tag.parent.name} v${tag.parent.version} ${kindWord(tag.dep)}s on ${depLabel(tag.dep)} ${tag.dep.lockedFrom ?? tag.dep.req}${featureNote(tag.dep)}${lockNote(tag.dep)}`,
            origin: describeOrigin(tag.dep.origin),
            parents: [tag.parent],
            dep: tag.dep,
            targets: [...candidatesOf(tag.dep)],
          });
          break;
        }
        const shape = reqShape(tag.parent, tag.dep);
        const key = `${tag.parent.name}\0${tag.parent.version.line}\0${tag.dep.nameInToml}\0${tag.dep.kind}\0${shape.key}`;
        const m = merged.get(key);
        if (m) m.parents.push(tag.parent);
        else merged.set(key, { parents: [tag.parent], dep: tag.dep, shape });
        break;
      }
      case 'candidates':
        if (tag.candidates.length === 0) noCandidates.set(`${tag.dep.name}\0${tag.dep.req}`, tag.dep);
        break;
      case 'one-per-semver':
        facts.push({
          kind: 'one-per-semver',
          text: `only one version of ${tag.name} ${tag.line} may be in the graph (semver-compatible versions are unified)`,
          parents: [],
          targets: [...tag.versions],
        });
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
  for (const { parents, dep, shape } of merged.values()) {
    const range = versionRange(parents, universe(parents[0]!.name));
    const verb = parents.length > 1 ? kindWord(dep) : `${kindWord(dep)}s`;
    const via = dep.optional ? ' (optional, switched on)' : '';
    facts.push({
      kind: 'dependency',
      text: `${parents[0]!.name} ${range} ${verb} on ${depLabel(dep)} ${shape.display(parents)}${via}`,
      origin: describeOrigin(parents[0]!.origin ?? dep.origin),
      parents,
      dep,
      targets: parents.flatMap((p) => [...candidatesOf(p.dependencies.find((d) => d.nameInToml === dep.nameInToml && d.kind === dep.kind) ?? dep)]),
    });
  }
  for (const { pkgs, feature, dep } of missing.values()) {
    const all = universe(pkgs[0]!.name);
    const range = versionRange(pkgs, all);
    const available = [...(pkgs[pkgs.length - 1]!.features.keys())].filter((f) => f !== 'default').sort();
    const close = available.filter((f) => similar(f, feature));
    facts.push({
      kind: 'missing-feature',
      text:
        `${pkgs[0]!.name} ${range} ${pkgs.length > 1 ? 'have' : 'has'} no feature \`${feature}\`` +
        (close.length ? ` (did you mean ${close.map((f) => `\`${f}\``).join(' or ')}?)` : ''),
      origin: describeOrigin(dep.origin),
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
    const yanked = all.filter((v) => v.yanked && req.matches(v.version));
    const why = yanked.length
      ? `every version of ${dep.name} that matches ${req} is yanked (${versionRange(yanked)})${newest ? `; the newest release is ${newest.version}` : ''}`
      : newest
        ? `no version of ${dep.name} matches ${req} (${known.length === 1 ? '1 version exists' : `${known.length} versions exist`}, the newest is ${newest.version})`
        : `no package named \`${dep.name}\` exists in the registry`;
    const pin = pinOf(dep.name);
    // A pin names a published version (apply.ts checks), so it is the reason only when the requirement excludes it.
    const pinned = pin && !req.matches(Version.parse(pin)) ? `${dep.name} is pinned to ${pin} (--pin ${dep.name}=${pin}), which ${req} does not match` : undefined;
    facts.push({ kind: 'no-candidates', text: pinned ?? why, parents: [], dep, targets: [] });
  }
  for (const tag of tags) {
    if (tag.kind !== 'links') continue;
    // The packages of this `links` value that the conflict actually reaches.
    const reached = new Map<string, Summary>();
    for (const f of facts) for (const t of f.targets) if (t.links === tag.links) reached.set(packageId(t), t);
    const declarers = groupByName([...reached.values()].sort(comparePackages), universe);
    facts.push({
      kind: 'links',
      text: `only one package in the graph may link the native library \`${tag.links}\`; ${declarers} declare${reached.size === 1 ? 's' : ''} links = "${tag.links}"`,
      parents: [],
      targets: [...reached.values()].sort(comparePackages),
    });
  }
  return facts;
}

function lockNote(dep: Dependency): string {
  return dep.lockedFrom ? ` (held at ${dep.req.toString().replace(/^=/, '')} by Cargo.lock)` : '';
}


function depLabel(dep: Dependency): string {
  return dep.nameInToml !== dep.name ? `${dep.name} (as \`${dep.nameInToml}\`)` : dep.name;
}

function groupByName(pkgs: Summary[], universe: (name: string) => readonly Summary[]): string {
  const byLine = new Map<string, Summary[]>();
  for (const p of pkgs) {
    const key = `${p.name} ${p.version.lineLabel}`;
    byLine.set(key, [...(byLine.get(key) ?? []), p]);
  }
  return [...byLine.values()]
    .map((list) => `${list[0]!.name} ${versionRange(list, universe(list[0]!.name))}`)
    .join(' and ');
}
