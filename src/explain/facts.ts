import { isAbsolute, relative } from 'node:path';
import type { Dependency, Origin, Summary } from '../cargo/summary.js';
import type { ConstraintTag } from '../resolve/encode.js';
import { packageId } from '../resolve/ids.js';

/**
 * The facts of one conflict, in words, with versions that behave alike merged into one line:
 * "pyo3 0.22.0 to 0.22.6 depend on pyo3-ffi =0.22.x" rather than seven lines.
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

/** "0.22.0 to 0.22.6", "0.20.3", "0.20.0, 0.20.2": a sorted run of versions, compactly. */
export function versionRange(versions: readonly Summary[], all?: readonly Summary[]): string {
  const sorted = [...new Map(versions.map((v) => [v.version.toString(), v])).values()].sort((a, b) =>
    a.version.compare(b.version),
  );
  if (sorted.length === 0) return '';
  if (sorted.length === 1) return sorted[0]!.version.toString();
  // Contiguous within the known versions of the package: a range reads best.
  if (all) {
    const known = [...all].sort((a, b) => a.version.compare(b.version)).map((s) => s.version.toString());
    const i = known.indexOf(sorted[0]!.version.toString());
    const contiguous = i >= 0 && sorted.every((s, k) => known[i + k] === s.version.toString());
    if (!contiguous) return sorted.map((s) => s.version.toString()).join(', ');
  }
  return `${sorted[0]!.version} to ${sorted[sorted.length - 1]!.version}`;
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
      display: (parents) => {
        const lines = new Set(parents.map((p) => p.version.lineLabel));
        return lines.size === 1 ? `=${[...lines][0]}` : '= the same version';
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
): Fact[] {
  const facts: Fact[] = [];
  const merged = new Map<string, { parents: Summary[]; dep: Dependency; shape: ReturnType<typeof reqShape>; viaFeature?: string }>();
  for (const tag of tags) {
    switch (tag.kind) {
      case 'dependency': {
        if (roots.has(packageId(tag.parent))) {
          facts.push({
            kind: 'requirement',
            text: `${tag.parent.name} ${kindWord(tag.dep)}s on ${depLabel(tag.dep)} ${tag.dep.req}${featureNote(tag.dep)}`,
            origin: describeOrigin(tag.dep.origin),
            parents: [tag.parent],
            dep: tag.dep,
            targets: [...candidatesOf(tag.dep)],
          });
          break;
        }
        const shape = reqShape(tag.parent, tag.dep);
        const key = `${tag.parent.name}\0${tag.parent.version.line}\0${tag.dep.nameInToml}\0${tag.dep.kind}\0${shape.key}\0${tag.viaFeature ?? ''}`;
        const m = merged.get(key);
        if (m) m.parents.push(tag.parent);
        else merged.set(key, { parents: [tag.parent], dep: tag.dep, shape, viaFeature: tag.viaFeature });
        break;
      }
      case 'candidates':
        if (tag.candidates.length === 0) {
          const known = universe(tag.dep.name);
          const newest = [...known].sort((a, b) => b.version.compare(a.version))[0];
          facts.push({
            kind: 'no-candidates',
            text: known.length
              ? `no version of ${tag.dep.name} matches ${tag.dep.req} (newest: ${newest!.version})`
              : `no package named \`${tag.dep.name}\` exists in the registry`,
            parents: [],
            dep: tag.dep,
            targets: [],
          });
        }
        break;
      case 'links':
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
        facts.push({
          kind: 'missing-feature',
          text: `${tag.pkg.name} ${tag.pkg.version} has no feature \`${tag.feature}\`, which ${tag.dep.name} ${tag.dep.req} asks for`,
          parents: [tag.pkg],
          dep: tag.dep,
          targets: [],
        });
        break;
      case 'root':
        break;
    }
  }
  for (const { parents, dep, shape, viaFeature } of merged.values()) {
    const range = versionRange(parents, universe(parents[0]!.name));
    const verb = parents.length > 1 ? kindWord(dep) : `${kindWord(dep)}s`;
    const via = viaFeature ? ` (through its feature \`${viaFeature}\`)` : dep.optional ? ' (optional, switched on)' : '';
    facts.push({
      kind: 'dependency',
      text: `${parents[0]!.name} ${range} ${verb} on ${depLabel(dep)} ${shape.display(parents)}${via}`,
      origin: describeOrigin(parents[0]!.origin ?? dep.origin),
      parents,
      dep,
      targets: parents.flatMap((p) => [...candidatesOf(p.dependencies.find((d) => d.nameInToml === dep.nameInToml && d.kind === dep.kind) ?? dep)]),
    });
  }
  for (const tag of tags) {
    if (tag.kind !== 'links') continue;
    // The packages of this `links` value that the conflict actually reaches.
    const reached = new Map<string, Summary>();
    for (const f of facts) for (const t of f.targets) if (t.links === tag.links) reached.set(packageId(t), t);
    const declarers = groupByName([...reached.values()], universe);
    facts.push({
      kind: 'links',
      text: `only one package in the graph may link the native library \`${tag.links}\`; ${declarers} declare${reached.size === 1 ? 's' : ''} links = "${tag.links}"`,
      parents: [],
      targets: [...reached.values()],
    });
  }
  return facts;
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
