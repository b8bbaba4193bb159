import { sourceKey } from '../cargo/source-id.js';
import type { Summary } from '../cargo/summary.js';

/** Identity of a package: Cargo's PackageId (name, version, source). */
export function packageId(s: Summary): string {
  return `${s.name} ${s.version} ${sourceKey(s.source)}`;
}

/**
 * Cargo's activation key: at most one version per (name, semver-compatible line, source)
 * may be in the graph.
 */
export function activationKey(s: Summary): string {
  return `${s.name} ${s.version.line} ${sourceKey(s.source)}`;
}
