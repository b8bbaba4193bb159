import { sourceKey } from '../cargo/source-id.js';
import type { Dependency, Summary } from '../cargo/summary.js';

const ids = new WeakMap<Summary, string>();
const keys = new WeakMap<Summary, string>();
const depKeys = new WeakMap<Dependency, string>();

/** Identity of a package: Cargo's PackageId (name, version, source). Computed once per summary. */
export function packageId(s: Summary): string {
  let id = ids.get(s);
  if (id === undefined) {
    id = `${s.name} ${s.version} ${sourceKey(s.source)}`;
    ids.set(s, id);
  }
  return id;
}

/**
 * Cargo's activation key: at most one version per (name, semver-compatible line, source)
 * may be in the graph.
 */
export function activationKey(s: Summary): string {
  let key = keys.get(s);
  if (key === undefined) {
    key = `${s.name} ${s.version.line} ${sourceKey(s.source)}`;
    keys.set(s, key);
  }
  return key;
}

/**
 * Cargo's PackageId order (name, then version, then source): the order of its conflict sets
 * and of its parents graph, which decides which of several equally good backjumps it takes.
 */
export function comparePackages(a: Summary, b: Summary): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const v = a.version.compare(b.version);
  if (v !== 0) return v;
  const sa = sourceKey(a.source);
  const sb = sourceKey(b.source);
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}

/**
 * Cargo's Dependency equality (every field of the declaration, not who declared it): its
 * conflict cache is keyed by it, so two crates declaring `serde = "1"` alike share what was
 * learned about it.
 */
export function dependencyKey(d: Dependency): string {
  let key = depKeys.get(d);
  if (key === undefined) {
    key = [
      d.name,
      d.nameInToml,
      d.req.toString(),
      sourceKey(d.source),
      d.kind,
      d.target ?? '',
      d.optional ? 'o' : '',
      d.defaultFeatures ? 'd' : '',
      d.features.join(','),
    ].join('\0');
    depKeys.set(d, key);
  }
  return key;
}
