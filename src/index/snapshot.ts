import type { Summary } from '../cargo/summary.js';
import { closure } from './closure.js';
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
  private readonly crates = new Map<string, Summary[]>();

  constructor(readonly index: IndexSource) {}

  /** Every version of `name` (file lookup is case-insensitive); empty when unknown or not fetched. */
  get(name: string): Summary[] {
    let versions = this.crates.get(name);
    if (versions) return versions;
    if (!this.index.loadFileSync) return [];
    versions = this.index.loadFileSync(name)?.summaries ?? [];
    this.crates.set(name, versions);
    return versions;
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

  /** The crates read so far, for measurements. */
  get loaded(): ReadonlyMap<string, readonly Summary[]> {
    return this.crates;
  }
}
