import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import type { ParsedIndexFile, UnusableLine } from './index-file.js';
import type { IndexSource } from './source.js';

/** Told how fetching goes: crates fetched so far, and requests not yet answered. */
export interface FetchProgress {
  update(complete: number, pending: number): void;
}

/**
 * The index as resolution sees it: every version of a crate by name, answered synchronously.
 * An index on this machine is read when a crate is first asked for, so only the crates the
 * resolver really reaches are parsed, as with cargo.
 *
 * An index that must be fetched cannot be read mid-resolution. Like cargo's sparse registry
 * (a query answers `Poll::Pending`), it answers "no versions yet" for a crate it has not fetched
 * and notes the crate as wanted; whoever drives the resolution fetches what was wanted
 * (`fetch`, many requests in flight) and runs it again, until nothing new is wanted. Only a run
 * that wanted nothing it lacked may be trusted.
 */
export class IndexSnapshot {
  /** A file read from this machine or fetched (its lines checked as they are wanted); undefined: no such crate. */
  private readonly crates = new Map<string, ParsedIndexFile | undefined>();
  /** The sets noting wanted crates, one per run being driven (see watchWanted). */
  private readonly watchers = new Set<Set<string>>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private complete = 0;
  /** Where fetching reports how it goes (a status line on a terminal, the TUI). */
  progress: FetchProgress | undefined;
  /** Told of every crate asked for and not fetched (a RegistrySet's watchers). */
  onWanted: ((name: string) => void) | undefined;
  /** Told of each index line found unusable, once, as the lines are checked (see ParsedIndexFile.onUnusable). */
  onUnusable: ((line: UnusableLine) => void) | undefined;

  constructor(readonly index: IndexSource) {}

  /** Whether crates are fetched as they are wanted, rather than read when asked. */
  get fetches(): boolean {
    return this.index.loadFileSync === undefined;
  }

  /** Every version of `name` (file lookup is case-insensitive); empty when unknown or not fetched yet. */
  get(name: string): Summary[] {
    return this.crate(name)?.summaries ?? [];
  }

  /** The versions of `name` that `accept` takes, checking only their index lines. */
  matching(name: string, accept: (version: Version) => boolean): Summary[] {
    return this.crate(name)?.matching(accept) ?? [];
  }

  /**
   * The lines of `name`'s file cargo leaves out (every line checked), for saying why a
   * requirement has no candidates; empty when the crate is unknown or not fetched.
   */
  unusable(name: string): UnusableLine[] {
    return this.crate(name)?.unusable() ?? [];
  }

  /** Whether the index has a usable version named exactly `name` (lookup ignores case). */
  lists(name: string): boolean {
    return this.crate(name)?.lists(name) ?? false;
  }

  /** Whether `name` must be fetched before its versions are known; asking for them notes it as wanted. */
  isPending(name: string): boolean {
    return !this.crates.has(name) && this.fetches;
  }

  /** Whether `get(name)` answers without a `fetch` first. */
  has(name: string): boolean {
    return !this.isPending(name);
  }

  private crate(name: string): ParsedIndexFile | undefined {
    const crate = this.crates.get(name);
    if (crate !== undefined || this.crates.has(name)) return crate;
    const { loadFileSync } = this.index;
    if (!loadFileSync) {
      for (const w of this.watchers) w.add(name);
      this.onWanted?.(name);
      return undefined;
    }
    const file = loadFileSync(name);
    this.keep(name, file);
    return file;
  }

  private keep(name: string, file: ParsedIndexFile | undefined): void {
    this.crates.set(name, file);
    // A file may be kept under several spellings of a name (lookup ignores case): told once.
    if (file && !this.heard.has(file)) {
      this.heard.add(file);
      file.onUnusable((line) => this.onUnusable?.(line));
    }
  }

  private readonly heard = new WeakSet<ParsedIndexFile>();

  /**
   * Notes, from now until `unwatchWanted`, every crate asked for and not fetched. Runs driven at
   * once (the TUI resolves while it loads) each have their own set: one run's start does not
   * forget what another wanted, though each may see what the other wanted too, which costs at
   * worst one more run, never a request cargo would not make for one of them.
   */
  watchWanted(): Set<string> {
    const wanted = new Set<string>();
    this.watchers.add(wanted);
    return wanted;
  }

  /** Stops noting into `wanted`; returns its crates that are still not fetched. */
  unwatchWanted(wanted: Set<string>): string[] {
    this.watchers.delete(wanted);
    return [...wanted].filter((n) => this.isPending(n));
  }

  /** Crates fetched so far. */
  get fetchedCount(): number {
    return this.complete;
  }

  /** Requests not answered yet. */
  get pendingCount(): number {
    return this.inFlight.size;
  }

  /** Fetches the crates among `names` not fetched yet, all at once. */
  async fetch(names: Iterable<string>): Promise<void> {
    if (!this.fetches) return;
    const waits: Promise<void>[] = [];
    const fresh: string[] = [];
    for (const name of names) {
      if (this.crates.has(name)) continue;
      const running = this.inFlight.get(name);
      if (running) {
        waits.push(running);
        continue;
      }
      fresh.push(name);
    }
    for (const name of fresh) {
      const task = this.index.loadFile(name).then((file) => {
        this.keep(name, file);
        this.complete++;
      });
      const settled = task.finally(() => {
        this.inFlight.delete(name);
        this.progress?.update(this.complete, this.inFlight.size);
      });
      // Awaited below; until then a failure must not count as unhandled.
      settled.catch(() => undefined);
      this.inFlight.set(name, settled);
      waits.push(settled);
    }
    if (fresh.length > 0) this.progress?.update(this.complete, this.inFlight.size);
    // Every request is waited for, even after one failed, so none is left running unobserved.
    const results = await Promise.allSettled(waits);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** The crates read so far and all their versions, for measurements: this checks every line. */
  get loaded(): ReadonlyMap<string, readonly Summary[]> {
    return new Map([...this.crates.keys()].map((name) => [name, this.get(name)]));
  }
}
