import { Requirement } from '../cargo/requirement.js';
import { cratesIo, sourceKey } from '../cargo/source-id.js';
import type { Dependency, FeatureMap, FeatureValue, Summary } from '../cargo/summary.js';
import { Version } from '../cargo/version.js';
import { InternalError, UserError } from '../errors.js';
import { didYouMean } from '../text/spelling.js';
import { nearbyCrateNames } from './crate-names.js';
import type { Edit } from './edit.js';
import { editFlag } from './edit.js';
import type { VersionsOf } from './upgrade.js';
import { upgradeBumps } from './upgrade.js';

export interface EditedWorkspace {
  members: Summary[];
  /** crate name -> the only version allowed. */
  pins: Map<string, Version>;
  /** What each `--upgrade` turned into (empty when applied without the registry). */
  upgrades: { edit: Edit; bumps: Edit[] }[];
  /** What the user should know about how an edit was taken (an `--add` of a dependency already there). */
  notes: string[];
}

/** Whether `d` is the dependency an edit calls `dep`: by its key in the manifest, or by package name. */
export function named(d: Dependency, dep: string): boolean {
  return d.nameInToml === dep || d.name === dep;
}

/**
 * Applies edits in order to the members' summaries; unknown members or dependencies are errors.
 * `--upgrade` needs the registry (`versionsOf`) to pick lines; without it, an upgrade is only
 * checked for sense and changes nothing, which is what validating a command line before the
 * index is loaded needs.
 */
export function applyEdits(
  members: readonly Summary[],
  edits: readonly Edit[],
  versionsOf?: VersionsOf,
): EditedWorkspace {
  const state = new EditState(members, versionsOf);
  const upgrades: EditedWorkspace['upgrades'] = [];
  for (const e of edits) {
    if (e.kind === 'upgrade') {
      if (!versionsOf) {
        state.requireUsers(e, e.dep);
        state.requirementsKnown = false;
        continue;
      }
      const bumps = upgradeBumps(state.members, e, versionsOf);
      for (const b of bumps) state.apply(b, editFlag(e));
      upgrades.push({ edit: e, bumps });
    } else {
      state.apply(e, editFlag(e));
    }
  }
  return { members: state.members, pins: state.pins, upgrades, notes: state.notes };
}

class EditState {
  members: Summary[];
  readonly pins = new Map<string, Version>();
  readonly notes: string[] = [];
  /** False after an upgrade applied without the registry: requirements may then differ from what they will be. */
  requirementsKnown = true;

  constructor(
    members: readonly Summary[],
    /** The registry, when the edits are applied for a resolution (and so checked against it). */
    private readonly versionsOf?: VersionsOf,
  ) {
    this.members = [...members];
  }

  memberIndex(name: string, e: Edit): number {
    const i = this.members.findIndex((m) => m.name === name);
    if (i < 0) {
      const names = this.members.map((m) => m.name);
      throw new UserError(
        `${editFlag(e)}: no workspace member named \`${name}\` (members: ${names.join(', ')})${didYouMean(name, names)}`,
      );
    }
    return i;
  }

  /** Indices of the members an edit scoped by `[MEMBER:]DEP` touches: MEMBER, or every member with DEP. */
  scope(e: Edit, member: string | undefined, dep: string): number[] {
    const targets = member ? [this.memberIndex(member, e)] : this.members.map((_, i) => i);
    const hits = targets.filter((i) => this.members[i]!.dependencies.some((d) => named(d, dep)));
    if (hits.length === 0) {
      const who = member ? `\`${member}\` does not depend` : 'no workspace member depends';
      throw new UserError(`${editFlag(e)}: ${who} on \`${dep}\`${this.dependencyHint(targets, dep)}`);
    }
    return hits;
  }

  /** A did-you-mean among the keys and package names these members depend on. */
  dependencyHint(members: readonly number[], dep: string): string {
    return didYouMean(
      dep,
      members.flatMap((i) => this.members[i]!.dependencies.flatMap((d) => [d.nameInToml, d.name])),
    );
  }

  requireUsers(e: Edit, dep: string): void {
    this.scope(e, undefined, dep);
  }

  private update(i: number, f: (m: Summary) => Summary): void {
    this.members = this.members.map((m, j) => (j === i ? f(m) : m));
  }

  private mapDeps(i: number, dep: string, f: (d: Dependency) => Dependency): void {
    this.update(i, (m) => ({ ...m, dependencies: m.dependencies.map((d) => (named(d, dep) ? f(d) : d)) }));
  }

  apply(e: Edit, text: string): void {
    const origin = { kind: 'edit' as const, text };
    switch (e.kind) {
      case 'bump': {
        const req = Requirement.parse(e.req);
        for (const i of this.scope(e, e.member, e.dep)) {
          this.mapDeps(i, e.dep, (d) => (d.source.kind === 'registry' ? { ...d, req, origin } : d));
        }
        return;
      }
      case 'pin':
        this.pins.set(e.crate, this.pinnedVersion(e));
        return;
      case 'add': {
        const i = this.memberIndex(e.member, e);
        const req = Requirement.parse(e.req);
        const existing = this.members[i]!.dependencies.filter(
          (d) => named(d, e.dep) && d.kind === 'normal' && d.target === null,
        );
        if (existing.length) {
          // As `cargo add` treats a dependency that is already there: the requirement changes and
          // every other key (features, default-features, optional, rename) stays. Replacing the
          // whole entry would silently drop features such as pyo3's `extension-module`.
          const other = existing.find((d) => d.source.kind !== 'registry');
          if (other) {
            throw new UserError(
              `${editFlag(e)}: \`${e.member}\` already depends on \`${e.dep}\` from a ${other.source.kind} source; --add only adds registry dependencies (use --remove first)`,
            );
          }
          const d = existing[0]!;
          const keys = [
            d.features.length ? `features ${d.features.map((f) => `\`${f}\``).join(', ')}` : '',
            d.defaultFeatures ? '' : 'default-features = false',
            d.optional ? 'optional' : '',
          ].filter(Boolean);
          this.update(i, (m) => ({
            ...m,
            dependencies: m.dependencies.map((x) => (existing.includes(x) ? { ...x, req, origin } : x)),
          }));
          this.notes.push(
            `${editFlag(e)}: \`${e.member}\` already depends on \`${e.dep}\` (${d.lockedFrom ?? d.req}${keys.length ? `, ${keys.join(', ')}` : ''}); ` +
              `as with \`cargo add\`, only its requirement changes (--bump ${e.member}:${e.dep}=${e.req} says the same)`,
          );
          return;
        }
        const dep: Dependency = {
          name: e.dep,
          nameInToml: e.dep,
          req,
          source: cratesIo,
          kind: 'normal',
          target: null,
          optional: false,
          defaultFeatures: true,
          features: [],
          origin,
        };
        this.update(i, (m) => ({ ...m, dependencies: [...m.dependencies, dep] }));
        return;
      }
      case 'remove': {
        const i = this.memberIndex(e.member, e);
        if (!this.members[i]!.dependencies.some((d) => named(d, e.dep))) {
          throw new UserError(
            `${editFlag(e)}: \`${e.member}\` does not depend on \`${e.dep}\`${this.dependencyHint([i], e.dep)}`,
          );
        }
        this.update(i, (m) => ({
          ...m,
          dependencies: m.dependencies.filter((d) => !named(d, e.dep)),
          features: withoutReferences(
            m.features,
            new Set([e.dep, ...m.dependencies.filter((d) => named(d, e.dep)).map((d) => d.nameInToml)]),
          ),
        }));
        return;
      }
      case 'features': {
        const scope = this.scope(e, e.member, e.dep);
        for (const f of e.disable) {
          const on = scope.some((i) =>
            this.members[i]!.dependencies.some((d) => named(d, e.dep) && d.features.includes(f)),
          );
          if (!on) {
            throw new UserError(
              `${editFlag(e)}: feature \`${f}\` of \`${e.dep}\` is not turned on${e.member ? ` in \`${e.member}\`` : ''}`,
            );
          }
        }
        for (const i of scope) {
          this.mapDeps(i, e.dep, (d) => {
            const kept = d.features.filter((f) => !e.disable.includes(f));
            const added = e.enable.filter((f) => !kept.includes(f));
            return { ...d, features: [...kept, ...added], origin };
          });
        }
        return;
      }
      case 'default-features':
        for (const i of this.scope(e, e.member, e.dep))
          this.mapDeps(i, e.dep, (d) => ({ ...d, defaultFeatures: e.enabled, origin }));
        return;
      case 'unify-workspace': {
        const shared = this.sharedRequirement(e);
        const text = e.req ?? shared;
        const req = text === undefined ? undefined : Requirement.parse(text);
        for (const i of this.scope(e, undefined, e.dep))
          this.mapDeps(i, e.dep, (d) => ({ ...d, ...(req && { req }), origin }));
        return;
      }
      case 'upgrade':
        throw new InternalError('an upgrade is applied as the bumps it stands for');
    }
  }

  /**
   * A pin names a published version: a crate the registry lacks would make the pin a silent
   * no-op (a typo that passes CI), and a version never published would be explained as a
   * conflict. A yanked version is allowed, as `cargo update --precise` allows it, with a note.
   */
  private pinnedVersion(e: Extract<Edit, { kind: 'pin' }>): Version {
    const version = Version.parse(e.version);
    if (!this.versionsOf) return version;
    const all = this.versionsOf(e.crate).filter((s) => s.name === e.crate);
    if (all.length === 0) {
      throw new UserError(
        `${editFlag(e)}: no crate named \`${e.crate}\` in the registry${didYouMean(e.crate, nearbyCrateNames(this.members, this.versionsOf))}`,
      );
    }
    const exact = all.find((s) => s.version.equals(version));
    if (!exact) {
      const sameLine = all.filter((s) => s.version.line === version.line).sort((a, b) => a.version.compare(b.version));
      const newest = [...all].sort((a, b) => b.version.compare(a.version))[0]!;
      const known = sameLine.length
        ? `the ${version.line} line has ${sameLine.map((s) => s.version.toString()).join(', ')}`
        : `it has no ${version.line} line; the newest release is ${newest.version}`;
      throw new UserError(`${editFlag(e)}: ${e.crate} ${version} was never published (${known})`);
    }
    if (exact.yanked)
      this.notes.push(
        `${editFlag(e)}: ${e.crate} ${version} is yanked; the pin takes it anyway, as \`cargo update --precise\` does`,
      );
    return version;
  }

  /**
   * What `[workspace.dependencies]` can hold for DEP: one registry dependency that every member
   * names by the same key, and (without an explicit REQ) with one requirement.
   */
  private sharedRequirement(e: Extract<Edit, { kind: 'unify-workspace' }>): string | undefined {
    const uses = this.unifiable(e);
    // Which requirements an earlier upgrade set is only known with the registry.
    if (!this.requirementsKnown) return undefined;
    const reqs = [...new Set(uses.map(({ d }) => d.req.toString()))];
    if (reqs.length > 1 && e.req === undefined) {
      const each = uses.map(({ m, d }) => `${m.name} has ${d.req}`);
      throw new UserError(
        `${editFlag(e)}: the members ask for different requirements (${[...new Set(each)].join(', ')}); give the one to share: --unify-workspace ${e.dep}=REQ`,
      );
    }
    return reqs[0];
  }

  unifiable(e: Extract<Edit, { kind: 'unify-workspace' }>): { m: Summary; d: Dependency }[] {
    const uses = this.members.flatMap((m) => m.dependencies.filter((d) => named(d, e.dep)).map((d) => ({ m, d })));
    if (uses.length === 0) throw new UserError(`${editFlag(e)}: no workspace member depends on \`${e.dep}\``);
    for (const { m, d } of uses) {
      if (d.source.kind !== 'registry') {
        throw new UserError(
          `${editFlag(e)}: \`${m.name}\` takes \`${e.dep}\` from a ${d.source.kind} source; only registry dependencies can be moved`,
        );
      }
      if (d.nameInToml !== e.dep) {
        throw new UserError(
          `${editFlag(e)}: \`${m.name}\` calls \`${d.name}\` \`${d.nameInToml}\`; members inherit \`[workspace.dependencies]\` entries by their key, so use one name`,
        );
      }
    }
    const first = uses[0]!.d;
    for (const { m, d } of uses) {
      if (d.name !== first.name || sourceKey(d.source) !== sourceKey(first.source)) {
        throw new UserError(
          `${editFlag(e)}: \`${m.name}\`'s \`${e.dep}\` is a different package (${d.name} from ${d.source.url}) than ${first.name} from ${first.source.url}`,
        );
      }
    }
    return uses;
  }
}

/**
 * What `cargo remove` does to `[features]`: values that enable the removed dependency go
 * (`dep:x`, `x/f`, `x?/f`), and so does the feature an optional dependency stood for when it
 * is nothing but `x = ["dep:x"]` (cargo's implicit one), with every value naming it.
 */
export function withoutReferences(features: FeatureMap, deps: ReadonlySet<string>): Map<string, FeatureValue[]> {
  const implicit = new Set(
    [...deps].filter((d) => {
      const values = features.get(d);
      return values?.length === 1 && values[0]!.kind === 'dep' && values[0]!.dep === d;
    }),
  );
  const out = new Map<string, FeatureValue[]>();
  for (const [name, values] of features) {
    if (implicit.has(name)) continue;
    out.set(
      name,
      values.filter((v) => {
        if (v.kind === 'feature') return !implicit.has(v.feature);
        return !deps.has(v.dep);
      }),
    );
  }
  return out;
}
