import type { Dependency, Summary } from '../cargo/summary.js';
import { packageId } from './ids.js';

/**
 * What `a.localeCompare(b, 'en')` answers, the order reports list packages in. Creating an ICU
 * collator costs ~10 ms, a thirtieth of a resolution, so names made only of the characters crate
 * names allow are compared here with the same rules: `_` < `-` < digits < letters ignoring case,
 * then, between names equal but for case, lower case first at the first difference.
 */
export function byName(a: string, b: string): number {
  if (!PLAIN_NAME.test(a) || !PLAIN_NAME.test(b)) return (collator ??= new Intl.Collator('en')).compare(a, b);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = primary(a.charCodeAt(i)) - primary(b.charCodeAt(i));
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    if (x !== b.charCodeAt(i)) return x >= 0x61 ? -1 : 1;
  }
  return 0;
}

const PLAIN_NAME = /^[A-Za-z0-9_-]*$/;
let collator: Intl.Collator | undefined;

function primary(c: number): number {
  if (c === 0x5f) return 0; // _
  if (c === 0x2d) return 1; // -
  if (c <= 0x39) return 2 + c - 0x30; // 0-9
  return 12 + ((c | 0x20) - 0x61); // letters, either case
}

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
