import { cratesIo, sourceKey, type SourceId } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import { IndexSnapshot } from './snapshot.js';
import type { IndexSource } from './source.js';

/** An index opened for a registry, and how cargo would read it. */
export interface OpenedRegistry {
  index: IndexSource;
  /**
   * Whether cargo has the whole registry at once (a `directory` or `local-registry` source): it
   * then searches once, rather than in passes over what each wave of fetches brought.
   */
  wholeAtOnce: boolean;
}

/**
 * Every registry a resolution reads, by source: crates.io (or whatever stands in for it) and
 * each `[registries]` registry a dependency names, each an IndexSnapshot opened when first asked
 * for. Lookups without a source mean crates.io.
 */
export class RegistrySet {
  private readonly opened = new Map<string, { snapshot: IndexSnapshot; wholeAtOnce: boolean }>();

  constructor(private readonly open: (source: SourceId) => OpenedRegistry) {}

  snapshot(source: SourceId = cratesIo): IndexSnapshot {
    return this.entry(source).snapshot;
  }

  private entry(source: SourceId): { snapshot: IndexSnapshot; wholeAtOnce: boolean } {
    const key = sourceKey(source);
    let entry = this.opened.get(key);
    if (!entry) {
      const { index, wholeAtOnce } = this.open(source);
      entry = { snapshot: new IndexSnapshot(index), wholeAtOnce };
      this.opened.set(key, entry);
    }
    return entry;
  }

  /** Every version of `name` in `source`'s registry; empty when unknown or not fetched. */
  get(name: string, source: SourceId = cratesIo): Summary[] {
    return this.snapshot(source).get(name);
  }

  matching(name: string, accept: (version: Version) => boolean, source: SourceId = cratesIo): Summary[] {
    return this.snapshot(source).matching(name, accept);
  }

  /** Whether `get(name, source)` answers without a `prefetch` first. */
  has(name: string, source: SourceId = cratesIo): boolean {
    return this.snapshot(source).has(name);
  }

  lists(name: string, source: SourceId = cratesIo): boolean {
    return this.snapshot(source).lists(name);
  }

  /** Where `source`'s crates are read, for messages. */
  describe(source: SourceId = cratesIo): string {
    return this.snapshot(source).index.description;
  }

  /** Whether every registry opened so far is one cargo has whole at once. */
  get wholeAtOnce(): boolean {
    return [...this.opened.values()].every((e) => e.wholeAtOnce);
  }

  /** The crates read so far, for measurements (see IndexSnapshot.loaded). */
  get loaded(): ReadonlyMap<string, readonly Summary[]> {
    const out = new Map<string, readonly Summary[]>();
    for (const { snapshot } of this.opened.values()) for (const [name, versions] of snapshot.loaded) out.set(name, [...(out.get(name) ?? []), ...versions]);
    return out;
  }

  /**
   * Fetches, where a registry is not on this machine, what the `wanted` crates can reach. Each
   * registry fetches its own closure; when one must be fetched, each closure is also walked for
   * dependencies on other registries, which are fetched in turn, until nothing new turns up.
   */
  async prefetch(wanted: Iterable<{ name: string; source: SourceId }>): Promise<void> {
    let batch = group(wanted);
    const walked = new Set<string>();
    while (batch.size > 0) {
      const current = [...batch.values()];
      batch = new Map();
      await Promise.all(current.map(({ source, names }) => this.snapshot(source).prefetch(names)));
      const fetched = [...this.opened.values()].some((e) => !e.snapshot.index.loadFileSync);
      if (!fetched) continue;
      for (const { source, names } of current) {
        const key = sourceKey(source);
        const snapshot = this.snapshot(source);
        const stack = [...names];
        while (stack.length > 0) {
          const name = stack.pop()!;
          if (walked.has(`${key} ${name}`)) continue;
          walked.add(`${key} ${name}`);
          for (const s of snapshot.get(name)) {
            for (const d of s.dependencies) {
              if (d.kind === 'dev' || d.source.kind !== 'registry') continue;
              if (sourceKey(d.source) === key) stack.push(d.name);
              else add(batch, d.source, d.name);
            }
          }
        }
      }
    }
  }
}

type Batch = Map<string, { source: SourceId; names: Set<string> }>;

function group(wanted: Iterable<{ name: string; source: SourceId }>): Batch {
  const batch: Batch = new Map();
  for (const { name, source } of wanted) add(batch, source, name);
  return batch;
}

function add(batch: Batch, source: SourceId, name: string): void {
  const key = sourceKey(source);
  let entry = batch.get(key);
  if (!entry) batch.set(key, (entry = { source, names: new Set() }));
  entry.names.add(name);
}
