import { Requirement } from '../../src/cargo/requirement.js';
import { cratesIo, pathSource } from '../../src/cargo/source-id.js';
import type { Dependency, DependencyKind, Summary } from '../../src/cargo/summary.js';
import { buildFeatureMap } from '../../src/cargo/summary.js';
import { Version } from '../../src/cargo/version.js';
import type { VersionPreferences } from '../../src/resolve/preferences.js';
import { defaultPreferences } from '../../src/resolve/preferences.js';
import { CandidateQueryer } from '../../src/resolve/query.js';
import { MapUniverse } from '../../src/resolve/registry.js';

/** Compact test notation for packages: `dep('b', '^1', { optional: true })`. */
export interface DepOptions {
  kind?: DependencyKind;
  optional?: boolean;
  defaultFeatures?: boolean;
  features?: string[];
  rename?: string;
  target?: string;
  path?: string;
}

export type DepSpec = [name: string, req: string, options?: DepOptions];

export interface PkgSpec {
  deps?: DepSpec[];
  features?: Record<string, string[]>;
  links?: string;
  yanked?: boolean;
}

export function dependency([name, req, o = {}]: DepSpec): Dependency {
  return {
    name,
    nameInToml: o.rename ?? name,
    req: Requirement.parse(req),
    source: o.path ? pathSource(o.path) : cratesIo,
    kind: o.kind ?? 'normal',
    target: o.target ?? null,
    optional: o.optional ?? false,
    defaultFeatures: o.defaultFeatures ?? true,
    features: o.features ?? [],
  };
}

export function pkg(id: string, spec: PkgSpec = {}, source = cratesIo): Summary {
  const [name, version] = id.split('@') as [string, string];
  const dependencies = (spec.deps ?? []).map(dependency);
  return {
    name,
    version: Version.parse(version),
    source,
    dependencies,
    features: buildFeatureMap(Object.entries(spec.features ?? {}), dependencies),
    links: spec.links ?? null,
    checksum: null,
    yanked: spec.yanked ?? false,
    rustVersion: null,
  };
}

export function member(name: string, spec: PkgSpec = {}): Summary {
  return pkg(`${name}@0.1.0`, spec, pathSource(`/ws/${name}`));
}

export function queryerFor(
  registry: Record<string, PkgSpec>,
  members: Summary[],
  prefs: VersionPreferences = defaultPreferences,
): CandidateQueryer {
  const map = new Map<string, Summary[]>();
  for (const [id, spec] of Object.entries(registry)) {
    const s = pkg(id, spec);
    map.set(s.name, [...(map.get(s.name) ?? []), s]);
  }
  return new CandidateQueryer(new MapUniverse(map, members), prefs);
}
