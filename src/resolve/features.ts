import type { Dependency, FeatureValue, Summary } from '../cargo/summary.js';

/**
 * Which dependencies of a package an activation turns on, and with which features: Cargo's
 * `resolve_features` / `build_requirements` (cargo 1.95, src/resolver/dep_cache.rs). As in Cargo's
 * dependency resolver, a weak `dep?/feat` activates `dep` too; the finer feature resolver that
 * later narrows this does not affect what goes into Cargo.lock.
 */
export type RequestedFeatures =
  /** A workspace member: every feature on, default features on (Cargo's CliFeatures::new_all). */
  | { kind: 'all' }
  /** A dependency edge: the features it asks for. */
  | { kind: 'dep'; features: ReadonlySet<string>; defaultFeatures: boolean };

export interface EnabledDependency {
  dep: Dependency;
  /** Features asked of the dependency: its own `features` plus `dep/feat` entries that name it. */
  features: Set<string>;
}

export interface EnabledDependencies {
  /** Feature names switched on in the package, for Cargo's per-package feature record. */
  usedFeatures: Set<string>;
  /** In the package's dependency order. */
  deps: EnabledDependency[];
}

export type FeatureProblem =
  | { kind: 'missing-feature'; feature: string }
  /** `feature = ["x"]` where `x` is a required (non-optional) dependency. */
  | { kind: 'required-dependency-as-feature'; feature: string }
  /** `x` names an optional dependency only reachable as `dep:x`. */
  | { kind: 'non-implicit-dependency-as-feature'; feature: string }
  | { kind: 'missing-dependency'; dependency: string }
  | { kind: 'feature-cycle'; feature: string };

export class FeatureError extends Error {
  constructor(
    readonly summary: Summary,
    readonly problem: FeatureProblem,
  ) {
    super(describeFeatureProblem(summary, problem));
  }
}

export function describeFeatureProblem(s: Summary, p: FeatureProblem): string {
  const id = `\`${s.name} v${s.version}\``;
  switch (p.kind) {
    case 'missing-feature':
      return `package ${id} does not have the feature \`${p.feature}\``;
    case 'required-dependency-as-feature':
      return `package ${id} does not have feature \`${p.feature}\` (a dependency with that name exists, but it is not optional, so it is not a feature)`;
    case 'non-implicit-dependency-as-feature':
      return `package ${id} does not have feature \`${p.feature}\` (the optional dependency of that name is only reachable as \`dep:${p.feature}\`)`;
    case 'missing-dependency':
      return `package ${id} does not have a dependency named \`${p.dependency}\``;
    case 'feature-cycle':
      return `cyclic feature dependency: feature \`${p.feature}\` depends on itself`;
  }
}

class Requirements {
  readonly deps = new Map<string, Set<string>>();
  readonly features = new Set<string>();

  constructor(private readonly summary: Summary) {}

  requireFeature(feature: string): void {
    if (this.features.has(feature)) return;
    this.features.add(feature);
    const values = this.summary.features.get(feature);
    if (!values) throw new FeatureError(this.summary, missingFeature(this.summary, feature));
    for (const fv of values) {
      if (fv.kind === 'feature' && fv.feature === feature) {
        throw new FeatureError(this.summary, { kind: 'feature-cycle', feature });
      }
      this.requireValue(fv);
    }
  }

  requireValue(fv: FeatureValue): void {
    switch (fv.kind) {
      case 'feature':
        this.requireFeature(fv.feature);
        return;
      case 'dep':
        this.depEntry(fv.dep);
        return;
      case 'dep-feature':
        if (
          !fv.weak &&
          this.summary.dependencies.some((d) => d.nameInToml === fv.dep && d.optional) &&
          this.summary.features.has(fv.dep)
        ) {
          this.requireFeature(fv.dep);
        }
        this.depEntry(fv.dep).add(fv.feature);
        return;
    }
  }

  private depEntry(name: string): Set<string> {
    let set = this.deps.get(name);
    if (!set) {
      set = new Set();
      this.deps.set(name, set);
    }
    return set;
  }
}

function missingFeature(s: Summary, feature: string): FeatureProblem {
  const deps = s.dependencies.filter((d) => d.nameInToml === feature);
  if (deps.length === 0) return { kind: 'missing-feature', feature };
  if (deps.some((d) => d.optional)) return { kind: 'non-implicit-dependency-as-feature', feature };
  return { kind: 'required-dependency-as-feature', feature };
}

/**
 * @param isRoot workspace members: dev-dependencies count, and a feature naming a dependency
 *   that does not exist is an error rather than a conflict.
 * @throws FeatureError when the request cannot be met (a conflict for a dependency edge).
 */
export function enabledDependencies(s: Summary, requested: RequestedFeatures, isRoot: boolean): EnabledDependencies {
  const reqs = new Requirements(s);
  if (requested.kind === 'all') {
    for (const key of s.features.keys()) reqs.requireFeature(key);
  } else {
    for (const f of requested.features) reqs.requireFeature(f);
  }
  const defaults = requested.kind === 'all' ? true : requested.defaultFeatures;
  if (defaults && s.features.has('default')) reqs.requireFeature('default');

  const deps: EnabledDependency[] = [];
  const valid = new Set<string>();
  for (const dep of s.dependencies) {
    if (dep.kind === 'dev' && !isRoot) continue;
    if (dep.optional && !reqs.deps.has(dep.nameInToml)) continue;
    valid.add(dep.nameInToml);
    const features = new Set(reqs.deps.get(dep.nameInToml) ?? []);
    for (const f of dep.features) features.add(f);
    deps.push({ dep, features });
  }
  if (isRoot) {
    for (const name of reqs.deps.keys()) {
      if (!valid.has(name)) throw new FeatureError(s, { kind: 'missing-dependency', dependency: name });
    }
  }
  return { usedFeatures: reqs.features, deps };
}
