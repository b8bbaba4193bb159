import type { SourceId } from '../cargo/source-id.js';
import { sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';

/**
 * Every package the resolver may consider, loaded before resolution starts so that resolution
 * itself is synchronous: registry versions by name, plus the path and git packages of the
 * workspace (members, path dependencies, patches).
 */
export interface PackageUniverse {
  /**
   * Every version of `name` in a registry source that `accept` takes (all without it), in any
   * order; empty when unknown.
   */
  registryVersions(name: string, source: SourceId, accept?: (version: Version) => boolean): readonly Summary[];
  /** The one package at a path or git source, if the workspace has it. */
  fixedPackage(name: string, source: SourceId): Summary | undefined;
  /**
   * Whether `source`'s registry has yet to fetch `name` (cargo's `Poll::Pending`): its versions
   * read as none for now, and asking for them notes the crate as wanted.
   */
  isPending(name: string, source: SourceId): boolean;
}

/**
 * Registry versions by crate name: a Map in tests, the registries' index snapshots in the CLI,
 * which also take the registry the dependency names.
 */
export interface RegistryVersions {
  get(name: string, source?: SourceId): readonly Summary[] | undefined;
  /** The versions `accept` takes, where the registry can skip reading the others. */
  matching?(name: string, accept: (version: Version) => boolean, source?: SourceId): readonly Summary[] | undefined;
  /** Whether `name` of `source` is still to be fetched (see PackageUniverse.isPending); never, for a Map. */
  isPending?(name: string, source?: SourceId): boolean;
}

export class MapUniverse implements PackageUniverse {
  private readonly fixed = new Map<string, Summary>();

  constructor(
    private readonly registry: RegistryVersions,
    fixed: Iterable<Summary> = [],
  ) {
    for (const s of fixed) this.fixed.set(`${s.name} ${sourceKey(s.source)}`, s);
  }

  registryVersions(name: string, source: SourceId, accept?: (version: Version) => boolean): readonly Summary[] {
    const { registry } = this;
    const key = sourceKey(source);
    const ours = (s: Summary) => sourceKey(s.source) === key && s.name === name;
    // A registry that can match versions itself reads only those; a plain map is filtered here.
    if (accept && registry.matching) {
      return (
        registry.matching(name, accept, source) ??
        registry.matching(name.toLowerCase(), accept, source) ??
        []
      ).filter(ours);
    }
    const all = registry.get(name, source) ?? registry.get(name.toLowerCase(), source) ?? [];
    return all.filter((s) => ours(s) && (!accept || accept(s.version)));
  }

  fixedPackage(name: string, source: SourceId): Summary | undefined {
    return this.fixed.get(`${name} ${sourceKey(source)}`);
  }

  isPending(name: string, source: SourceId): boolean {
    return this.registry.isPending?.(name, source) ?? false;
  }
}
