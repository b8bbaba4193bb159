import type { Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import { closure } from './closure.js';
import type { ParsedIndexFile } from './entry.js';
import type { IndexSource } from './source.js';

/**
 * The index as resolution sees it: every version of a crate by name, answered synchronously.
 * An index on this machine is read when a crate is first asked for, so only the crates the
 * resolver really reaches are parsed, as with cargo (a closure over every version of every
 * dependency is several times larger: 786 crates against the 137 cargo reads for
 * rocket-diesel-postgres). An index that must be fetched cannot be read mid-resolution, so the
 * closure of the workspace is fetched up front instead (`prefetch`), all requests of a frontier
 * in flight together.
 */
export class IndexSnapshot {
  /** A file read from this machine, its lines checked as they are wanted, or a fetched list. */
  private readonly crates = new Map<string, ParsedIndexFile | Summary[]>();

  constructor(readonly index: IndexSource) {}

  /** Every version of `name` (file lookup is case-insensitive); empty when unknown or not fetched. */
  get(name: string): Summary[] {
    const crate = this.crate(name);
    return crate === undefined ? [] : Array.isArray(crate) ? crate : crate.summaries;
  }

  /** The versions of `name` that `accept` takes, checking only their index lines. */
  matching(name: string, accept: (version: Version) => boolean): Summary[] {
    const crate = this.crate(name);
    if (crate === undefined) return [];
    return Array.isArray(crate) ? crate.filter((s) => accept(s.version)) : crate.matching(accept);
  }

  /** Whether the index has a usable version named exactly `name` (lookup ignores case). */
  lists(name: string): boolean {
    const crate = this.crate(name);
    if (crate === undefined) return false;
    return Array.isArray(crate) ? crate.some((s) => s.name === name) : crate.lists(name);
  }

  private crate(name: string): ParsedIndexFile | Summary[] | undefined {
    let crate = this.crates.get(name);
    if (crate) return crate;
    if (!this.index.loadFileSync) return undefined;
    crate = this.index.loadFileSync(name) ?? [];
    this.crates.set(name, crate);
    return crate;
  }

  /** Whether `get(name)` answers without a `prefetch` first. */
  has(name: string): boolean {
    return this.crates.has(name) || this.index.loadFileSync !== undefined;
  }

  /** Fetches what `names` can reach, where the index is not on this machine. */
  async prefetch(names: Iterable<string>): Promise<void> {
    if (this.index.loadFileSync) return;
    const missing = [...names].filter((n) => !this.crates.has(n));
    if (missing.length === 0) return;
    for (const [name, versions] of await closure(this.index, missing)) {
      if (!this.crates.has(name)) this.crates.set(name, versions);
    }
  }

  /** The crates read so far and all their versions, for measurements: this checks every line. */
  get loaded(): ReadonlyMap<string, readonly Summary[]> {
    return new Map([...this.crates.keys()].map((name) => [name, this.get(name)]));
  }
}
