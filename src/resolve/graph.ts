import type { Dependency, Summary } from '../cargo/summary.js';
import { packageId } from './ids.js';

// What `localeCompare(b, 'en')` does, with one collator instead of one per comparison.
const byName = new Intl.Collator('en').compare;

/**
 * A finished resolution: the packages Cargo would write into Cargo.lock, the features each
 * has on, and the dependency edges between them (with the manifest/index dependencies that
 * made each edge, so reports can cite them).
 */
export class ResolvedGraph {
  readonly packages = new Map<string, Summary>();
  readonly features = new Map<string, Set<string>>();
  /** parent id -> child id -> the dependencies of parent that chose child. */
  readonly edges = new Map<string, Map<string, Dependency[]>>();

  add(s: Summary): void {
    this.packages.set(packageId(s), s);
  }

  link(parent: Summary, child: Summary, dep: Dependency): void {
    const pid = packageId(parent);
    let out = this.edges.get(pid);
    if (!out) {
      out = new Map();
      this.edges.set(pid, out);
    }
    const cid = packageId(child);
    const list = out.get(cid);
    if (!list) out.set(cid, [dep]);
    else if (!list.includes(dep)) list.push(dep);
  }

  children(id: string): ReadonlyMap<string, Dependency[]> {
    return this.edges.get(id) ?? new Map();
  }

  /** Packages sorted by name, then version (the order reports and lockfiles use). */
  sorted(): Summary[] {
    return [...this.packages.values()].sort((a, b) => byName(a.name, b.name) || a.version.compare(b.version));
  }
}
