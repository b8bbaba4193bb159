import { type CrateRef, cratesIo, type SourceId, sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import { type UnusableLine, unusableLineWarning } from './index-file.js';
import { type FetchProgress, IndexSnapshot } from './snapshot.js';
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
 * for. Lookups without a source mean crates.io. A registry that is fetched answers "none yet"
 * for a crate it has not fetched (see IndexSnapshot); `fetch` gets what a run asked for, and
 * `watchWanted` tells a run what it read that was not there.
 */
export class RegistrySet {
  private readonly opened = new Map<string, { snapshot: IndexSnapshot; wholeAtOnce: boolean }>();
  private readonly watchers = new Set<CrateRef[]>();
  /** Told how fetching goes, over every registry: crates fetched so far, requests not answered. */
  private progressSink: FetchProgress | undefined;

  /**
   * `warn`: told of each index line left out as cargo leaves it out (a corrupt line of a mirror
   * or a cache), when checking it finds it; resolution goes on without it.
   */
  constructor(
    private readonly open: (source: SourceId) => OpenedRegistry,
    private readonly warn?: (message: string) => void,
  ) {}

  snapshot(source: SourceId = cratesIo): IndexSnapshot {
    return this.entry(source).snapshot;
  }

  private entry(source: SourceId): { snapshot: IndexSnapshot; wholeAtOnce: boolean } {
    const key = sourceKey(source);
    let entry = this.opened.get(key);
    if (!entry) {
      const { index, wholeAtOnce } = this.open(source);
      const snapshot = new IndexSnapshot(index);
      snapshot.onWanted = (name) => {
        for (const w of this.watchers) w.push({ name, source });
      };
      snapshot.progress = { update: () => this.report() };
      snapshot.onUnusable = (line) => {
        const message = unusableLineWarning(line);
        if (message !== undefined) this.warn?.(message);
      };
      entry = { snapshot, wholeAtOnce };
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

  /** Whether `get(name, source)` answers without a `fetch` first. */
  has(name: string, source: SourceId = cratesIo): boolean {
    return this.snapshot(source).has(name);
  }

  /** Whether `source`'s registry must fetch `name` before its versions are known. */
  isPending(name: string, source: SourceId = cratesIo): boolean {
    return this.snapshot(source).isPending(name);
  }

  /** The lines of `name`'s index file cargo leaves out, every line checked (see IndexSnapshot.unusable). */
  unusable(name: string, source: SourceId = cratesIo): UnusableLine[] {
    return this.snapshot(source).unusable(name);
  }

  lists(name: string, source: SourceId = cratesIo): boolean {
    return this.snapshot(source).lists(name);
  }

  /** Where `source`'s crates are read, for messages. */
  describe(source: SourceId = cratesIo): string {
    return this.snapshot(source).index.description;
  }

  /** Whether some registry opened so far is fetched as it is asked (a sparse index online). */
  get fetches(): boolean {
    return [...this.opened.values()].some((e) => e.snapshot.fetches);
  }

  /** Whether every registry opened so far is one cargo has whole at once. */
  get wholeAtOnce(): boolean {
    return [...this.opened.values()].every((e) => e.wholeAtOnce);
  }

  /** The crates read so far, for measurements (see IndexSnapshot.loaded). */
  get loaded(): ReadonlyMap<string, readonly Summary[]> {
    const out = new Map<string, readonly Summary[]>();
    for (const { snapshot } of this.opened.values())
      for (const [name, versions] of snapshot.loaded) out.set(name, [...(out.get(name) ?? []), ...versions]);
    return out;
  }

  /** Fetches the crates among `wanted` that their registries have not, all at once. */
  async fetch(wanted: Iterable<CrateRef>): Promise<void> {
    const bySource = new Map<string, { source: SourceId; names: string[] }>();
    for (const { name, source } of wanted) {
      const key = sourceKey(source);
      let entry = bySource.get(key);
      if (!entry) bySource.set(key, (entry = { source, names: [] }));
      entry.names.push(name);
    }
    await Promise.all([...bySource.values()].map(({ source, names }) => this.snapshot(source).fetch(names)));
  }

  /**
   * Notes, from now until `unwatchWanted`, every crate read and not fetched, in any registry.
   * Runs driven at once (the TUI resolves while it loads) each have their own list: one run's
   * start does not forget what another wanted, though each may see what the other wanted too,
   * which costs at worst one more run, never a request cargo would not make for one of them.
   */
  watchWanted(): CrateRef[] {
    const wanted: CrateRef[] = [];
    this.watchers.add(wanted);
    return wanted;
  }

  /** Stops noting into `wanted`; returns its crates that are still not fetched. */
  unwatchWanted(wanted: CrateRef[]): CrateRef[] {
    this.watchers.delete(wanted);
    const seen = new Set<string>();
    return wanted.filter((c) => {
      const key = `${sourceKey(c.source)}\0${c.name}`;
      if (seen.has(key) || !this.isPending(c.name, c.source)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Where fetching reports how it goes, over every registry (a status line, the TUI). */
  set progress(sink: FetchProgress | undefined) {
    this.progressSink = sink;
  }

  private report(): void {
    let complete = 0;
    let pending = 0;
    for (const { snapshot } of this.opened.values()) {
      complete += snapshot.fetchedCount;
      pending += snapshot.pendingCount;
    }
    this.progressSink?.update(complete, pending);
  }
}
