import type { Requirement } from './requirement.js';
import type { SourceId } from './source-id.js';
import type { Version } from './version.js';

/**
 * The resolver's view of one package version, whether it came from a Cargo.toml or an index
 * line: Cargo calls this a Summary. Everything later stages need to cite a fact lives here too
 * (`origin`), so an explanation can say which manifest line or index entry a rule came from.
 */
export type DependencyKind = 'normal' | 'dev' | 'build';

export type Origin =
  | {
      kind: 'manifest';
      file: string;
      line?: number;
      keyPath: string;
      /** For `x.workspace = true`: the `[workspace.dependencies]` entry the requirement came from. */
      inheritedFrom?: { file: string; line?: number; keyPath: string };
    }
  | { kind: 'index'; file: string; line?: number }
  | { kind: 'edit'; text: string };

export interface Dependency {
  /** The package name looked up in the source. */
  name: string;
  /** The name the parent uses for it: the table key, different from `name` when renamed. */
  nameInToml: string;
  req: Requirement;
  /** Where candidates come from (the registry, or the path/git package itself). */
  source: SourceId;
  kind: DependencyKind;
  /** A `cfg(...)` expression or target triple; null when it applies everywhere. */
  target: string | null;
  optional: boolean;
  defaultFeatures: boolean;
  features: readonly string[];
  origin?: Origin;
  /** Set when an existing Cargo.lock pinned this dependency: the requirement it had before. */
  lockedFrom?: Requirement;
}

/** One entry of a `[features]` list, parsed as Cargo does. */
export type FeatureValue =
  | { kind: 'feature'; feature: string }
  | { kind: 'dep'; dep: string }
  | { kind: 'dep-feature'; dep: string; feature: string; weak: boolean };

/**
 * As cargo's FeatureValue::new: split at the first `/` before looking for `dep:`, so `dep:a/b`
 * reads as a feature of a dependency named `dep:a` (which validation then rejects by name).
 */
export function parseFeatureValue(text: string): FeatureValue {
  const slash = text.indexOf('/');
  if (slash < 0 && text.startsWith('dep:')) return { kind: 'dep', dep: text.slice(4) };
  if (slash >= 0) {
    let dep = text.slice(0, slash);
    const feature = text.slice(slash + 1);
    const weak = dep.endsWith('?');
    if (weak) dep = dep.slice(0, -1);
    return { kind: 'dep-feature', dep, feature, weak };
  }
  return { kind: 'feature', feature: text };
}

export function featureValueText(v: FeatureValue): string {
  switch (v.kind) {
    case 'feature':
      return v.feature;
    case 'dep':
      return `dep:${v.dep}`;
    case 'dep-feature':
      return `${v.dep}${v.weak ? '?' : ''}/${v.feature}`;
  }
}

export type FeatureMap = ReadonlyMap<string, readonly FeatureValue[]>;

export interface Summary {
  name: string;
  version: Version;
  source: SourceId;
  /** In declaration order (index order for registry packages): Cargo's tie-break order. */
  dependencies: readonly Dependency[];
  /** Explicit features plus the implicit feature of every optional dependency not named by `dep:`. */
  features: FeatureMap;
  links: string | null;
  checksum: string | null;
  yanked: boolean;
  rustVersion: string | null;
  origin?: Origin;
}

/**
 * Cargo's feature map: the declared features, plus an implicit feature `x = ["dep:x"]` for each
 * optional dependency `x` that no feature names with `dep:`.
 */
export function buildFeatureMap(
  declared: Iterable<[string, readonly string[]]>,
  dependencies: readonly Pick<Dependency, 'nameInToml' | 'optional'>[],
): Map<string, FeatureValue[]> {
  const map = new Map<string, FeatureValue[]>();
  const explicitDep = new Set<string>();
  for (const [name, values] of declared) {
    const parsed = values.map(parseFeatureValue);
    for (const v of parsed) if (v.kind === 'dep') explicitDep.add(v.dep);
    map.set(name, parsed);
  }
  for (const d of dependencies) {
    if (d.optional && !explicitDep.has(d.nameInToml) && !map.has(d.nameInToml)) {
      map.set(d.nameInToml, [{ kind: 'dep', dep: d.nameInToml }]);
    }
  }
  return map;
}

export function packageIdText(s: { name: string; version: Version }): string {
  return `${s.name} v${s.version}`;
}
