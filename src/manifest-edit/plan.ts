import { readFileSync } from 'node:fs';
import type { Summary } from '../cargo/summary.js';
import { applyEdits } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';
import { editFlag } from '../edits/edit.js';
import type { VersionsOf } from '../edits/upgrade.js';
import { upgradeBumps } from '../edits/upgrade.js';
import { InternalError, UserError } from '../errors.js';
import type { Workspace } from '../workspace/types.js';
import type { Entry, Spec } from './dependency-entry.js';
import {
  dependencyEntries,
  effectiveSpec,
  isRegistrySpec,
  makeExplicit,
  makeInherited,
  removeDefaultFeatures,
  removeFeatureReferences,
  rootEntryOf,
  setDefaultFeatures,
  setFeatures,
  setVersion,
  WORKSPACE_DEPENDENCIES,
} from './dependency-entry.js';
import { basicString, tomlKey, tomlValue } from './format.js';
import { insertKey, removeKey } from './text-edits.js';

/**
 * What-if edits as changes to Cargo.toml texts: each edit, in order, becomes the change a
 * person would make by hand, in whichever spelling the entry has. The result is the text of
 * every manifest that changes; nothing is written here.
 *
 * Inheritance is kept where it can be: a bump of every member that inherits `x` changes the
 * `[workspace.dependencies]` entry once; a change that only some members get (a bump in one
 * member, turning off a feature the root entry turns on) spells that member's entry out.
 */
export interface ManifestChange {
  file: string;
  before: string;
  after: string;
}

export interface PlanContext {
  workspace: Workspace;
  /** The members as the manifests say, before edits. */
  baseMembers: readonly Summary[];
  versionsOf: VersionsOf;
  /** The manifests' texts as read; files not in it are read from disk. */
  texts?: ReadonlyMap<string, string | null>;
}

export function planManifestEdits(ctx: PlanContext, edits: readonly Edit[]): ManifestChange[] {
  // Bad edits are refused before anything is planned, with the same messages as a resolve.
  applyEdits(ctx.baseMembers, edits, ctx.versionsOf);
  const plan = new Planner(ctx);
  edits.forEach((e, i) => {
    const steps =
      e.kind === 'upgrade'
        ? upgradeBumps(applyEdits(ctx.baseMembers, edits.slice(0, i), ctx.versionsOf).members, e, ctx.versionsOf)
        : [e];
    for (const step of steps) plan.apply(step, e);
  });
  return plan.changes();
}

type Of<K extends Edit['kind']> = Extract<Edit, { kind: K }>;

class Planner {
  private readonly before = new Map<string, string>();
  private readonly current = new Map<string, string>();

  constructor(private readonly ctx: PlanContext) {}

  changes(): ManifestChange[] {
    return [...this.current]
      .filter(([file, text]) => text !== this.before.get(file))
      .map(([file, after]) => ({ file, before: this.before.get(file)!, after }));
  }

  private text(file: string): string {
    let t = this.current.get(file);
    if (t === undefined) {
      const snap = this.ctx.texts?.get(file);
      t = snap ?? readFileSync(file, 'utf8');
      this.before.set(file, t);
      this.current.set(file, t);
    }
    return t;
  }

  private update(file: string, change: (text: string) => string): void {
    this.current.set(file, change(this.text(file)));
  }

  private get rootFile(): string {
    return this.ctx.workspace.rootManifestPath;
  }

  private rootEntry(key: string): Spec | undefined {
    return rootEntryOf(this.text(this.rootFile), key);
  }

  private manifestOf(member: string): string {
    const m = this.ctx.workspace.members.find((p) => p.summary.name === member);
    if (!m) throw new InternalError(`no member ${member}`);
    return m.manifestPath;
  }

  /** Entries an edit's `[MEMBER:]DEP` names, by key or by package name, as the resolver matches them. */
  private entries(
    member: string | undefined,
    dep: string,
  ): { file: string; member: string; entry: Entry; spec: Spec }[] {
    const names = member ? [member] : this.ctx.workspace.members.map((m) => m.summary.name);
    return names.flatMap((name) => {
      const file = this.manifestOf(name);
      return dependencyEntries(this.text(file))
        .map((entry) => ({
          file,
          member: name,
          entry,
          spec: effectiveSpec(entry, entry.inherited ? this.rootEntry(entry.key) : undefined),
        }))
        .filter(({ entry, spec }) => entry.key === dep || (spec.package ?? entry.key) === dep);
    });
  }

  apply(e: Edit, from: Edit): void {
    switch (e.kind) {
      case 'bump':
        return this.bump(e);
      case 'pin':
        return; // Only the lockfile says which version is picked.
      case 'add':
        return this.add(e);
      case 'remove':
        return this.remove(e);
      case 'features':
        return this.features(e, from);
      case 'default-features':
        return this.defaultFeatures(e, from);
      case 'unify-workspace':
        return this.unify(e);
      case 'upgrade':
        throw new InternalError('upgrades are planned as their bumps');
    }
  }

  private bump(e: Of<'bump'>): void {
    const rootKeys = new Set<string>();
    for (const { file, entry, spec } of this.entries(e.member, e.dep)) {
      if (!isRegistrySpec(spec)) continue;
      if (entry.inherited && !e.member) rootKeys.add(entry.key);
      else this.setRequirement(file, entry, spec, e.req);
    }
    // Every member that inherits the entry gets the bump, so the shared entry changes.
    for (const key of rootKeys)
      this.update(this.rootFile, (t) => setVersion(t, [...WORKSPACE_DEPENDENCIES, key], e.req));
  }

  /** One entry's requirement; an inherited entry that alone changes is spelled out in the member. */
  private setRequirement(file: string, entry: Entry, spec: Spec, req: string): void {
    if (!entry.inherited) this.update(file, (t) => setVersion(t, entry.path, req));
    else this.update(file, (t) => makeExplicit(t, entry.path, explicit(spec, { version: req })));
  }

  /** Like `cargo add`: an entry already there keeps every key but its requirement (see apply.ts). */
  private add(e: Of<'add'>): void {
    const file = this.manifestOf(e.member);
    const existing = this.entries(e.member, e.dep).filter(
      ({ entry }) => entry.kind === 'normal' && entry.target === null,
    );
    for (const { entry, spec } of existing) this.setRequirement(file, entry, spec, e.req);
    if (existing.length === 0)
      this.update(file, (t) => insertKey(t, ['dependencies'], tomlKey(e.dep), basicString(e.req)));
  }

  private remove(e: Of<'remove'>): void {
    const file = this.manifestOf(e.member);
    const removed = this.entries(e.member, e.dep);
    for (const { entry } of removed) this.update(file, (t) => removeKey(t, entry.path));
    for (const key of new Set([e.dep, ...removed.map(({ entry }) => entry.key)])) {
      const optional = removed.some(({ entry, spec }) => entry.key === key && spec.optional === true);
      this.update(file, (t) => removeFeatureReferences(t, key, optional));
    }
  }

  private features(e: Of<'features'>, from: Edit): void {
    for (const { file, entry, spec } of this.entries(e.member, e.dep)) {
      const effective = spec.features ?? [];
      const kept = effective.filter((f) => !e.disable.includes(f));
      const wanted = [...new Set([...kept, ...e.enable])];
      if (!entry.inherited) {
        this.update(file, (t) => setFeatures(t, entry.path, wanted));
        continue;
      }
      const fromRoot = this.rootEntry(entry.key)?.features ?? [];
      if (e.disable.some((f) => fromRoot.includes(f))) {
        // The root entry turns it on for everyone; only an entry of the member's own can leave it out.
        this.update(file, (t) => makeExplicit(t, entry.path, explicit(spec, { features: wanted }, from)));
        continue;
      }
      const own = (entry.own.features ?? []).filter((f) => !e.disable.includes(f));
      const added = e.enable.filter((f) => !fromRoot.includes(f) && !own.includes(f));
      this.update(file, (t) => setFeatures(t, entry.path, [...new Set([...own, ...added])]));
    }
  }

  private defaultFeatures(e: Of<'default-features'>, from: Edit): void {
    for (const { file, entry, spec } of this.entries(e.member, e.dep)) {
      const ownSays = entry.own.defaultFeatures;
      if (!entry.inherited) {
        if (e.enabled && ownSays === undefined) continue;
        this.update(file, (t) => setDefaultFeatures(t, entry.path, e.enabled));
        continue;
      }
      const rootSays = this.rootEntry(entry.key)?.defaultFeatures;
      if (e.enabled) {
        // Over a root without defaults, `true` turns them back on; over one with them, a
        // member's `false` was ignored (with a warning), so it is set right too.
        if (rootSays === false || ownSays !== undefined)
          this.update(file, (t) => setDefaultFeatures(t, entry.path, true));
      } else if (rootSays === false) {
        this.update(file, (t) => removeDefaultFeatures(t, entry.path));
      } else {
        // Cargo ignores a member's `default-features = false` over a root entry that has them.
        this.update(file, (t) => makeExplicit(t, entry.path, explicit(spec, { defaultFeatures: false }, from)));
      }
    }
  }

  private unify(e: Of<'unify-workspace'>): void {
    const uses = this.entries(undefined, e.dep);
    const specs = uses.map((u) => u.spec);
    const first = specs[0]!;
    const common = (first.features ?? []).filter(
      (f, i, all) => all.indexOf(f) === i && specs.every((s) => (s.features ?? []).includes(f)),
    );
    const allDefault = specs.every((s) => s.defaultFeatures !== false);
    const version = e.req ?? first.version;
    if (version === undefined)
      throw new UserError(
        `${editFlag(e)}: \`${e.dep}\` has no version requirement to share; give one: --unify-workspace ${e.dep}=REQ`,
      );
    const rootPath = [...WORKSPACE_DEPENDENCIES, e.dep];
    const existing = this.rootEntry(e.dep);
    if (existing && !isRegistrySpec(existing)) {
      throw new UserError(
        `${editFlag(e)}: \`[workspace.dependencies]\` already has \`${e.dep}\` from a path or git source`,
        {
          file: this.rootFile,
          keyPath: `workspace.dependencies.${e.dep}`,
        },
      );
    }
    if (existing) {
      this.update(this.rootFile, (t) => setVersion(t, rootPath, version));
      this.update(this.rootFile, (t) => setFeatures(t, rootPath, common));
      this.update(this.rootFile, (t) =>
        allDefault ? removeDefaultFeatures(t, rootPath) : setDefaultFeatures(t, rootPath, false),
      );
    } else {
      const simple = common.length === 0 && allDefault && first.package === undefined && first.registry === undefined;
      const value = simple
        ? basicString(version)
        : tomlValue({
            version,
            package: first.package,
            registry: first.registry,
            'registry-index': first.registryIndex,
            features: common.length ? common : undefined,
            'default-features': allDefault ? undefined : false,
          });
      this.update(this.rootFile, (t) => insertKey(t, WORKSPACE_DEPENDENCIES, tomlKey(e.dep), value));
    }
    for (const { file, entry, spec } of uses) {
      const own = [...new Set((spec.features ?? []).filter((f) => !common.includes(f)))];
      const wantsDefaults = !allDefault && spec.defaultFeatures !== false;
      this.update(file, (t) => makeInherited(t, entry.path, { features: own, defaultFeatures: wantsDefaults }));
    }
  }
}

/** A merged entry spelled out, with `changes` applied; only registry entries can be. */
function explicit(
  spec: Spec,
  changes: Partial<{ version: string; features: readonly string[]; defaultFeatures: boolean }>,
  from?: Edit,
): Spec & { version: string; features: string[]; defaultFeatures: boolean } {
  const version = changes.version ?? spec.version;
  if (version === undefined || !isRegistrySpec(spec)) {
    throw new UserError(
      `${from ? editFlag(from) : 'this edit'}: the member inherits a path or git dependency from \`[workspace.dependencies]\`; change that entry instead`,
    );
  }
  return {
    ...spec,
    version,
    features: [...(changes.features ?? spec.features ?? [])],
    defaultFeatures: changes.defaultFeatures ?? spec.defaultFeatures ?? true,
  };
}
