import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import type { Lit } from '../../solver/problem.js';
import { Problem } from '../../solver/problem.js';
import { enabledDependencies } from './features.js';
import { activationKey, packageId } from './ids.js';
import type { CandidateQueryer } from './query.js';

/**
 * Cargo's resolution rules as a satisfiability problem over the packages reachable from the
 * workspace members (the model of crates/resolver-tests/src/sat.rs in rust-lang/cargo, with
 * features). Variables:
 *   P(pkg)      the package is in the graph
 *   F(pkg, f)   feature f of pkg is on
 *   A(pkg, x)   the optional dependency x of pkg is on
 *   N(req)      some package needs a version of `name` matching `req`, with these features
 * Requirements N are shared between every parent that asks the same thing, which keeps the
 * clause count near linear in the number of versions.
 *
 * Every constraint is filed under a ConstraintTag so that explanations can name it.
 */
export type ConstraintTag =
  | { kind: 'root'; member: Summary }
  | { kind: 'dependency'; parent: Summary; dep: Dependency; viaFeature?: string }
  | { kind: 'candidates'; dep: Dependency; candidates: readonly Summary[] }
  | { kind: 'missing-feature'; pkg: Summary; feature: string; dep: Dependency }
  | { kind: 'one-per-semver'; name: string; line: string; versions: readonly Summary[] }
  | { kind: 'links'; links: string; packages: readonly Summary[] };

export interface Encoding {
  problem: Problem<ConstraintTag>;
  /** The variable P(pkg) of each package, by packageId. */
  packageVar: ReadonlyMap<string, number>;
  packages: ReadonlyMap<string, Summary>;
  roots: readonly Summary[];
  /** The groups of the members' own dependencies: what a user can change. */
  requirementGroups: readonly number[];
}

export function encode(roots: readonly Summary[], queryer: CandidateQueryer): Encoding {
  return new Encoder(queryer).run(roots);
}

class Encoder {
  readonly problem = new Problem<ConstraintTag>();
  private readonly pvar = new Map<string, number>();
  private readonly packages = new Map<string, Summary>();
  private readonly fvar = new Map<string, number>();
  private readonly avar = new Map<string, number>();
  private readonly nodes = new Map<string, number>();
  private readonly pending: Summary[] = [];
  private readonly depGroups = new Map<string, number>();

  constructor(private readonly queryer: CandidateQueryer) {}

  run(roots: readonly Summary[]): Encoding {
    const rootIds = new Set(roots.map(packageId));
    for (const root of roots) {
      const p = this.pkg(root);
      this.problem.addClause([p], this.problem.addGroup({ kind: 'root', member: root }));
    }
    for (const root of roots) this.expandRoot(root);
    while (this.pending.length > 0) {
      const s = this.pending.pop()!;
      if (!rootIds.has(packageId(s))) this.expand(s);
    }
    this.exclusivity();
    const requirementGroups = this.problem.groups
      .filter((g) => g.tag.kind === 'dependency' && rootIds.has(packageId(g.tag.parent)))
      .map((g) => g.id);
    return { problem: this.problem, packageVar: this.pvar, packages: this.packages, roots, requirementGroups };
  }

  private pkg(s: Summary): number {
    const id = packageId(s);
    let v = this.pvar.get(id);
    if (v === undefined) {
      v = this.problem.newVar(`P(${s.name} ${s.version})`);
      this.pvar.set(id, v);
      this.packages.set(id, s);
      this.pending.push(s);
    }
    return v;
  }

  private feature(s: Summary, f: string): number {
    const key = `${packageId(s)}\0${f}`;
    let v = this.fvar.get(key);
    if (v === undefined) {
      v = this.problem.newVar(`F(${s.name} ${s.version}/${f})`);
      this.fvar.set(key, v);
      this.problem.addImplication([v], [this.pkg(s)]);
      this.defineFeature(s, f, v);
    }
    return v;
  }

  private optionalDep(s: Summary, name: string): number {
    const key = `${packageId(s)}\0${name}`;
    let v = this.avar.get(key);
    if (v === undefined) {
      v = this.problem.newVar(`A(${s.name} ${s.version}:${name})`);
      this.avar.set(key, v);
      const p = this.pkg(s);
      this.problem.addImplication([v], [p]);
      for (const dep of s.dependencies) {
        if (dep.kind !== 'dev' && dep.optional && dep.nameInToml === name) {
          this.problem.addImplication([v], [this.node(dep, dep.features, dep.defaultFeatures)], this.depGroup(s, dep));
        }
      }
    }
    return v;
  }

  private depGroup(parent: Summary, dep: Dependency, viaFeature?: string): number {
    const key = `${packageId(parent)}\0${parent.dependencies.indexOf(dep)}\0${viaFeature ?? ''}`;
    let g = this.depGroups.get(key);
    if (g === undefined) {
      g = this.problem.addGroup({ kind: 'dependency', parent, dep, viaFeature });
      this.depGroups.set(key, g);
    }
    return g;
  }

  /** A member: every feature on, so its enabled dependencies are known up front. */
  private expandRoot(root: Summary): void {
    const p = this.pkg(root);
    // Errors here (a member asking for a feature it lacks) were already reported by the replay.
    const enabled = enabledDependencies(root, { kind: 'all' }, true);
    for (const { dep, features } of enabled.deps) {
      this.problem.addImplication([p], [this.node(dep, features, dep.defaultFeatures)], this.depGroup(root, dep));
    }
  }

  private expand(s: Summary): void {
    const p = this.pkg(s);
    for (const dep of s.dependencies) {
      if (dep.kind === 'dev' || dep.optional) continue;
      this.problem.addImplication([p], [this.node(dep, dep.features, dep.defaultFeatures)], this.depGroup(s, dep));
    }
  }

  /** What switching feature f of s on implies, as Cargo's build_requirements reads it. */
  private defineFeature(s: Summary, f: string, fv: number): void {
    const values = s.features.get(f);
    if (!values) {
      this.problem.addClause([-fv]);
      return;
    }
    for (const value of values) {
      switch (value.kind) {
        case 'feature':
          if (value.feature === f || !s.features.has(value.feature)) this.problem.addClause([-fv]);
          else this.problem.addImplication([fv], [this.feature(s, value.feature)]);
          break;
        case 'dep':
          if (s.dependencies.some((d) => d.optional && d.kind !== 'dev' && d.nameInToml === value.dep)) {
            this.problem.addImplication([fv], [this.optionalDep(s, value.dep)]);
          }
          break;
        case 'dep-feature': {
          const deps = s.dependencies.filter((d) => d.kind !== 'dev' && d.nameInToml === value.dep);
          if (!value.weak && deps.some((d) => d.optional) && s.features.has(value.dep)) {
            this.problem.addImplication([fv], [this.feature(s, value.dep)]);
          }
          if (deps.some((d) => d.optional)) this.problem.addImplication([fv], [this.optionalDep(s, value.dep)]);
          for (const d of deps) {
            this.problem.addImplication([fv], [this.node(d, [value.feature], false)], this.depGroup(s, d, f));
          }
          break;
        }
      }
    }
  }

  /** N(dep, features): some version matching dep's requirement is in, with these features. */
  private node(dep: Dependency, features: Iterable<string>, defaultFeatures: boolean): Lit {
    const feats = [...new Set(features)].sort();
    const key = `${dep.name}\0${sourceKey(dep.source)}\0${dep.req}\0${feats.join(',')}\0${defaultFeatures}`;
    let n = this.nodes.get(key);
    if (n !== undefined) return n;
    n = this.problem.newVar(`N(${dep.name} ${dep.req} [${feats.join(',')}]${defaultFeatures ? '+default' : ''})`);
    this.nodes.set(key, n);
    const candidates = this.queryer.candidates(dep);
    this.problem.addClause(
      [-n, ...candidates.map((c) => this.pkg(c))],
      this.problem.addGroup({ kind: 'candidates', dep, candidates }),
    );
    for (const c of candidates) {
      const pc = this.pkg(c);
      for (const g of feats) {
        if (this.featureUsable(c, g)) this.problem.addImplication([n, pc], [this.feature(c, g)]);
        else this.problem.addClause([-n, -pc], this.problem.addGroup({ kind: 'missing-feature', pkg: c, feature: g, dep }));
      }
      if (defaultFeatures && c.features.has('default')) this.problem.addImplication([n, pc], [this.feature(c, 'default')]);
    }
    return n;
  }

  // A feature that exists but leads to a missing one is made false by its own definition.
  private featureUsable(s: Summary, f: string): boolean {
    return s.features.has(f);
  }

  /** One version per semver-compatible line, one package per `links` value. */
  private exclusivity(): void {
    const lines = new Map<string, Summary[]>();
    const links = new Map<string, Summary[]>();
    for (const s of this.packages.values()) {
      push(lines, activationKey(s), s);
      if (s.links) push(links, s.links, s);
    }
    for (const versions of lines.values()) {
      if (versions.length < 2) continue;
      const first = versions[0]!;
      this.problem.addAtMostOne(
        versions.map((s) => this.pvar.get(packageId(s))!),
        this.problem.addGroup({ kind: 'one-per-semver', name: first.name, line: first.version.lineLabel, versions }),
      );
    }
    for (const [value, packages] of links) {
      if (packages.length < 2) continue;
      this.problem.addAtMostOne(
        packages.map((s) => this.pvar.get(packageId(s))!),
        this.problem.addGroup({ kind: 'links', links: value, packages }),
      );
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
