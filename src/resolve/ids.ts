import { sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';

const ids = new WeakMap<Summary, string>();

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
  return `${s.name} ${s.version.line} ${sourceKey(s.source)}`;
}
