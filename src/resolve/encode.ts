import type { Lit } from '../../solver/problem.js';
import { Problem } from '../../solver/problem.js';
import type { Model } from '../../solver/session.js';
import { sourceKey, uniqueCrates } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';
import { enabledDependencies } from './features.js';
import { activationKey, packageId } from './ids.js';
import type { CandidateQueryer } from './query.js';
import { NOT_FETCHED, PendingCrates } from './query.js';

/**
 * Cargo's resolution rules as a satisfiability problem over the packages reachable from the
 * workspace members (the model of cargo's resolver tests: cargo 1.95,
 * crates/resolver-tests/src/sat.rs, with features). Variables:
 *   P(pkg)      the package is in the graph
 *   F(pkg, f)   feature f of pkg is on
 *   A(pkg, x)   the optional dependency x of pkg is on
 *   R(req)      a requirement that must be met: "a version of `name` matching `req`, with these
 *               features" — shared by every parent that asks exactly that
 *   T(req, c)   the requirement picks candidate c, which then has the requirement's features
 * As in cargo, each requirement picks one version and only that version gets its features (two
 * semver-compatible lines may both match). T variables exist only where the features can matter
 * (they turn on optional dependencies or dependency features); elsewhere P(c) serves.
 * A dependency whose features depend on which of its parent's features are on (`dep/feat`) is a
 * requirement of its own per parent version.
 *
 * The encoding starts as a relaxation and grows where models go (lazy clause generation): a
 * package gets its variable, its exclusivity and its features when some requirement lists it,
 * but its own dependencies only once a model puts it in the graph (`refine`, called by the
 * session after each satisfiable answer). "Unsatisfiable" of the relaxation is final; a model
 * is only accepted once every package in it has its dependencies encoded. A conflict over the
 * 2019 index so reads 43 crates instead of 337 (conflict-sqlite3-links).
 *
 * Every constraint is filed under a ConstraintTag so that explanations can name it.
 */
export type ConstraintTag =
  | { kind: 'root'; member: Summary }
  | { kind: 'dependency'; parent: Summary; dep: Dependency }
  | { kind: 'candidates'; dep: Dependency; candidates: readonly Summary[] }
  /** Versions matching `dep` that lack a feature it asks for, so cannot be the one it picks. */
  | { kind: 'missing-feature'; dep: Dependency; lacking: readonly { pkg: Summary; feature: string }[] }
  | { kind: 'one-per-semver'; name: string; line: string; versions: readonly Summary[] }
  | { kind: 'links'; links: string; packages: readonly Summary[] };

/** How a replay step's choice reads in the encoding. */
export interface EdgeChoice {
  parent: Summary;
  dep: Dependency;
  /** The features the edge asks of the dependency (its own plus the parent's `dep/feat`). */
  features: ReadonlySet<string>;
  candidate: Summary;
}

export interface Encoding {
  problem: Problem<ConstraintTag>;
  /** The variable P(pkg) of each package, by packageId. */
  packageVar: ReadonlyMap<string, number>;
  packages: ReadonlyMap<string, Summary>;
  roots: readonly Summary[];
  /** The groups of the members' own dependencies: what a user can change. */
  requirementGroups: readonly number[];
  /**
   * The literal meaning "this edge picks this candidate, with the edge's features", or
   * undefined when the encoding says it cannot (the candidate lacks a feature the edge asks).
   */
  choiceLiteral(choice: EdgeChoice): Lit | undefined;
  /**
   * What-if: the requirement groups of a member as edited (same package, other dependencies),
   * encoding whatever new packages they reach. The problem grows; sessions built on it take the
   * additions with `extend()`. New packages join the exclusivity groups as they appear.
   */
  requirementsOf(member: Summary): number[];
  /**
   * The encoding starts as a relaxation: a package's dependencies are encoded only once a
   * model puts the package in the graph (Session's `refine`). Returns whether it grew.
   */
  refine(model: Model): boolean;
  /** Whether the dependencies of this package (by packageId) are encoded yet. */
  isExpanded(id: string): boolean;
}

interface Requirement {
  lit: Lit;
  /** Candidate id -> the literal for picking it (a T variable, or P when features do not matter). */
  picks: Map<string, Lit>;
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
  /** Shared requirements by key; per-parent ones by `parent id#dep index`. */
  private readonly shared = new Map<string, Requirement>();
  private readonly perParent = new Map<string, Requirement>();
  /** Packages with a variable whose dependencies are not encoded yet (see refine). */
  private readonly unexpanded = new Set<string>();
  /** Optional dependencies named by a feature of a package not expanded yet: encoded with it. */
  private readonly deferredOptional = new Map<string, string[]>();
  private readonly depGroups = new Map<string, number>();
  private rootIds = new Set<string>();

  constructor(private readonly queryer: CandidateQueryer) {}

  run(roots: readonly Summary[]): Encoding {
    this.rootIds = new Set(roots.map(packageId));
    for (const root of roots) {
      const p = this.pkg(root);
      this.problem.addClause([p], this.problem.addGroup({ kind: 'root', member: root }));
    }
    for (const root of roots) this.expandRoot(root);
    const requirementGroups = this.problem.groups
      .filter((g) => g.tag.kind === 'dependency' && this.rootIds.has(packageId(g.tag.parent)))
      .map((g) => g.id);
    return {
      problem: this.problem,
      packageVar: this.pvar,
      packages: this.packages,
      roots,
      requirementGroups,
      choiceLiteral: (choice) => this.choiceLiteral(choice),
      requirementsOf: (member) => this.requirementsOf(member),
      refine: (model) => this.refine(model),
      isExpanded: (id) => this.packages.has(id) && !this.unexpanded.has(id),
    };
  }

  /**
   * Encodes the dependencies of every package the model has in the graph and that lacks them.
   * Over an index that is fetched, a package whose dependencies are not all fetched stays as it
   * is; once nothing else grows, the model cannot be accepted, and PendingCrates says what to
   * fetch before asking again (the encoding so far stays valid: a relaxation).
   */
  private refine(model: Model): boolean {
    const reached: Summary[] = [];
    for (const id of this.unexpanded) {
      if (model.holds(this.pvar.get(id)!)) reached.push(this.packages.get(id)!);
    }
    let grew = false;
    const pending: Dependency[] = [];
    for (const s of reached) {
      const lacking = this.lacking(s);
      if (lacking.length === 0) {
        this.expand(s);
        grew = true;
      } else pending.push(...lacking);
    }
    if (!grew && pending.length > 0) throw new PendingCrates(uniqueCrates(pending));
    return grew;
  }

  /** The dependencies of a package on crates their registry has yet to fetch. */
  private lacking(s: Summary): Dependency[] {
    return s.dependencies.filter((d) => d.kind !== 'dev' && this.queryer.isPending(d));
  }

  private readonly memberGroups = new Map<string, number>();

  private requirementsOf(member: Summary): number[] {
    const p = this.pkg(member);
    const groups: number[] = [];
    for (const { dep, features } of enabledDependencies(member, { kind: 'all' }, true).deps) {
      const key = `${packageId(member)}\0${dep.nameInToml}\0${dep.kind}\0${dep.target ?? ''}\0${requirementKey(dep, features, dep.defaultFeatures)}`;
      let g = this.memberGroups.get(key);
      if (g === undefined) {
        // The requirement first: it may need crates not fetched yet (PendingCrates), and then
        // nothing of this dependency is added.
        const req = this.sharedRequirement(dep, features, dep.defaultFeatures);
        g = this.problem.addGroup({ kind: 'dependency', parent: member, dep });
        this.problem.addImplication([p], [req.lit], g);
        this.memberGroups.set(key, g);
      }
      groups.push(g);
    }
    return groups;
  }

  /**
   * One version per semver-compatible line, one package per `links` value, kept as each
   * package appears: a sequential counter extended one member at a time (`chain` is "some
   * member so far is in the graph"), all under the line's or the value's group.
   */
  private readonly exclusive = new Map<string, { group?: number; chain?: Lit; members: Summary[] }>();

  private exclude(s: Summary, p: Lit): void {
    for (const key of [`line\0${activationKey(s)}`, s.links === null ? undefined : `links\0${s.links}`]) {
      if (key === undefined) continue;
      let set = this.exclusive.get(key);
      if (!set) {
        set = { members: [] };
        this.exclusive.set(key, set);
      }
      const members = set.members;
      members.push(s);
      if (members.length === 1) continue;
      if (set.group === undefined) {
        const first = members[0]!;
        set.group = this.problem.addGroup(
          key.startsWith('line')
            ? { kind: 'one-per-semver', name: first.name, line: first.version.lineLabel, versions: members }
            : { kind: 'links', links: s.links!, packages: members },
        );
        set.chain = this.problem.newVar(`AMO(${key.replace('\0', ' ')})`);
        this.problem.addClause([-this.pvar.get(packageId(first))!, set.chain], set.group);
      }
      const next = this.problem.newVar(`AMO(${key.replace('\0', ' ')})`);
      this.problem.addClause([-p, -set.chain!], set.group);
      this.problem.addClause([-set.chain!, next], set.group);
      this.problem.addClause([-p, next], set.group);
      set.chain = next;
    }
  }

  private choiceLiteral({ parent, dep, features, candidate }: EdgeChoice): Lit | undefined {
    // The replay asks about edges of packages the solver has not put in a graph yet.
    this.pkg(parent);
    if (this.unexpanded.has(packageId(parent))) {
      const lacking = this.lacking(parent);
      if (lacking.length > 0) throw new PendingCrates(lacking);
    }
    this.expand(parent);
    const req = this.rootIds.has(packageId(parent))
      ? this.shared.get(requirementKey(dep, features, dep.defaultFeatures))
      : (this.perParent.get(edgeKey(parent, dep)) ??
        this.shared.get(requirementKey(dep, dep.features, dep.defaultFeatures)));
    return req?.picks.get(packageId(candidate));
  }

  private pkg(s: Summary): number {
    const id = packageId(s);
    let v = this.pvar.get(id);
    if (v === undefined) {
      v = this.problem.newVar(`P(${s.name} ${s.version})`);
      this.pvar.set(id, v);
      this.packages.set(id, s);
      if (!this.rootIds.has(id)) this.unexpanded.add(id);
      this.exclude(s, v);
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
      this.problem.addImplication([v], [this.pkg(s)]);
      if (!this.unexpanded.has(packageId(s))) this.optionalRequirements(s, name, v);
      else this.deferredOptional.set(packageId(s), [...(this.deferredOptional.get(packageId(s)) ?? []), name]);
    }
    return v;
  }

  private optionalRequirements(s: Summary, name: string, v: Lit): void {
    for (const dep of s.dependencies) {
      if (dep.kind !== 'dev' && dep.optional && dep.nameInToml === name) {
        this.problem.addImplication([v], [this.dependencyRequirement(s, dep)], this.depGroup(s, dep));
      }
    }
  }

  private depGroup(parent: Summary, dep: Dependency): number {
    const key = `${packageId(parent)}\0${parent.dependencies.indexOf(dep)}`;
    let g = this.depGroups.get(key);
    if (g === undefined) {
      g = this.problem.addGroup({ kind: 'dependency', parent, dep });
      this.depGroups.set(key, g);
    }
    return g;
  }

  /** A member: every feature on, so its enabled dependencies and their features are fixed. */
  private expandRoot(root: Summary): void {
    const p = this.pkg(root);
    // Errors here (a member asking for a feature it lacks) were already reported by the replay.
    const enabled = enabledDependencies(root, { kind: 'all' }, true);
    for (const { dep, features } of enabled.deps) {
      this.problem.addImplication(
        [p],
        [this.sharedRequirement(dep, features, dep.defaultFeatures).lit],
        this.depGroup(root, dep),
      );
    }
  }

  private expand(s: Summary): void {
    const id = packageId(s);
    if (!this.unexpanded.delete(id)) return;
    const p = this.pkg(s);
    for (const dep of s.dependencies) {
      if (dep.kind === 'dev' || dep.optional) continue;
      this.problem.addImplication([p], [this.dependencyRequirement(s, dep)], this.depGroup(s, dep));
    }
    for (const name of this.deferredOptional.get(id) ?? [])
      this.optionalRequirements(s, name, this.avar.get(`${id}\0${name}`)!);
    this.deferredOptional.delete(id);
  }

  /** The requirement a (non-member) package's dependency stands for. */
  private dependencyRequirement(s: Summary, dep: Dependency): Lit {
    const added = featuresAddedBy(s, dep);
    if (added.length === 0) return this.sharedRequirement(dep, dep.features, dep.defaultFeatures).lit;
    const key = edgeKey(s, dep);
    const known = this.perParent.get(key);
    if (known) return known.lit;
    const req = this.requirement(
      `R(${s.name} ${s.version} -> ${dep.name} ${dep.req})`,
      dep,
      dep.features,
      dep.defaultFeatures,
      true,
    );
    this.perParent.set(key, req);
    // `dep/feat` in the parent's feature f: while f is on, the pick must have feat too.
    for (const { feature: f, depFeature } of added) {
      const fv = this.feature(s, f);
      for (const c of this.queryer.candidates(dep)) {
        const t = req.picks.get(packageId(c));
        if (t === undefined) continue;
        if (c.features.has(depFeature)) this.problem.addImplication([fv, t], [this.feature(c, depFeature)]);
        else
          this.problem.addClause(
            [-fv, -t],
            this.problem.addGroup({ kind: 'missing-feature', dep, lacking: [{ pkg: c, feature: depFeature }] }),
          );
      }
    }
    return req.lit;
  }

  private sharedRequirement(dep: Dependency, features: Iterable<string>, defaultFeatures: boolean): Requirement {
    const feats = [...new Set(features)].sort();
    const key = requirementKey(dep, feats, defaultFeatures);
    let req = this.shared.get(key);
    if (!req) {
      req = this.requirement(
        `R(${dep.name} ${dep.req} [${feats.join(',')}]${defaultFeatures ? '+default' : ''})`,
        dep,
        feats,
        defaultFeatures,
        false,
      );
      this.shared.set(key, req);
    }
    return req;
  }

  /**
   * R -> some candidate (a fact of the registry), and R -> a pick among the candidates that have
   * the requested features; a pick implies the package and its features.
   */
  private requirement(
    name: string,
    dep: Dependency,
    features: readonly string[],
    defaultFeatures: boolean,
    alwaysPick: boolean,
  ): Requirement {
    const candidates = this.queryer.candidates(dep);
    // Before anything is added: a requirement is encoded whole or not at all.
    if (candidates === NOT_FETCHED) throw new PendingCrates([dep]);
    const lit = this.problem.newVar(name);
    this.problem.addClause(
      [-lit, ...candidates.map((c) => this.pkg(c))],
      this.problem.addGroup({ kind: 'candidates', dep, candidates }),
    );
    const picks = new Map<string, Lit>();
    const lacking: { pkg: Summary; feature: string }[] = [];
    let selectors = false;
    for (const c of candidates) {
      const missing = features.find((g) => !c.features.has(g));
      if (missing !== undefined) {
        lacking.push({ pkg: c, feature: missing });
        continue;
      }
      const asked = defaultFeatures && c.features.has('default') ? [...features, 'default'] : [...features];
      if (!alwaysPick && !this.hasEffect(c, asked)) {
        picks.set(packageId(c), this.pkg(c));
        continue;
      }
      const t = this.problem.newVar(`T(${dep.name} ${dep.req} -> ${c.version})`);
      this.problem.addImplication([t], [this.pkg(c)]);
      for (const g of asked) this.problem.addImplication([t], [this.feature(c, g)]);
      picks.set(packageId(c), t);
      selectors = true;
    }
    if (lacking.length > 0) {
      this.problem.addClause(
        [-lit, ...picks.values()],
        this.problem.addGroup({ kind: 'missing-feature', dep, lacking }),
      );
    } else if (selectors) {
      this.problem.addClause([-lit, ...picks.values()]);
    }
    return { lit, picks };
  }

  /**
   * Whether switching these features on can matter to resolution: they (transitively) turn on
   * an optional dependency or a dependency's feature, or name a feature that does not exist.
   * Features that only switch other features on change nothing the resolver sees.
   */
  private hasEffect(s: Summary, features: readonly string[]): boolean {
    const stack = [...features];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      const values = s.features.get(f);
      if (!values) return true;
      for (const v of values) {
        if (v.kind !== 'feature') return true;
        stack.push(v.feature);
      }
    }
    return false;
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
          // The feature itself reaches the dependency through its per-parent requirement.
          const deps = s.dependencies.filter((d) => d.kind !== 'dev' && d.nameInToml === value.dep);
          if (!value.weak && deps.some((d) => d.optional) && s.features.has(value.dep)) {
            this.problem.addImplication([fv], [this.feature(s, value.dep)]);
          }
          // As in cargo's resolver, a weak `dep?/feat` turns the dependency on too.
          if (deps.some((d) => d.optional)) this.problem.addImplication([fv], [this.optionalDep(s, value.dep)]);
          break;
        }
      }
    }
  }
}

type AddedFeature = { feature: string; depFeature: string };
const NONE_ADDED: readonly AddedFeature[] = [];
const addedByPackage = new WeakMap<Summary, Map<string, AddedFeature[]>>();

/**
 * `(feature of the parent, feature it asks of dep)` pairs: the parent's `dep/feat` entries. Read
 * once per package for all its dependencies: a crate with hundreds of features (web-sys) and
 * dozens of dependencies made scanning them per dependency a tenth of encoding ring-actix.
 */
function featuresAddedBy(s: Summary, dep: Dependency): readonly AddedFeature[] {
  let byDep = addedByPackage.get(s);
  if (!byDep) {
    byDep = new Map();
    for (const [feature, values] of s.features) {
      for (const v of values) {
        if (v.kind !== 'dep-feature') continue;
        const list = byDep.get(v.dep);
        if (list) list.push({ feature, depFeature: v.feature });
        else byDep.set(v.dep, [{ feature, depFeature: v.feature }]);
      }
    }
    addedByPackage.set(s, byDep);
  }
  return byDep.get(dep.nameInToml) ?? NONE_ADDED;
}

function requirementKey(dep: Dependency, features: Iterable<string>, defaultFeatures: boolean): string {
  const feats = [...new Set(features)].sort();
  return `${dep.name}\0${sourceKey(dep.source)}\0${dep.req}\0${feats.join(',')}\0${defaultFeatures}`;
}

function edgeKey(parent: Summary, dep: Dependency): string {
  return `${packageId(parent)}#${parent.dependencies.indexOf(dep)}`;
}
