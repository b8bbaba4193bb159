import type { Summary } from '../cargo/summary.js';
import { packageId } from './ids.js';

/**
 * Cargo's VersionPreferences: which candidates are tried first. Preferred packages (the ones an
 * existing Cargo.lock names, and `[patch]` entries) come before the rest; then, under resolver 3
 * (or `incompatible-rust-versions = "fallback"`), versions whose `rust-version` the workspace
 * supports; then newest first, or oldest first with --minimal-versions.
 */
export interface VersionPreferences {
  ordering: 'maximum' | 'minimum';
  /** Package ids (see packageId) to try first: locked packages and patches. */
  preferred: ReadonlySet<string>;
  /** The rust-versions the workspace must build with; empty means rust-version is ignored. */
  rustVersions: readonly string[];
}

export const defaultPreferences: VersionPreferences = { ordering: 'maximum', preferred: new Set(), rustVersions: [] };

export function sortCandidates(candidates: Summary[], prefs: VersionPreferences): Summary[] {
  const keyed = candidates.map((s) => ({
    s,
    preferred: prefs.preferred.has(packageId(s)),
    msrv: prefs.rustVersions.length ? msrvCompatCount(s, prefs.rustVersions) : 0,
  }));
  keyed.sort((a, b) => {
    if (a.preferred !== b.preferred) return a.preferred ? -1 : 1;
    if (a.msrv !== b.msrv) return b.msrv - a.msrv;
    const cmp = a.s.version.compare(b.s.version);
    return prefs.ordering === 'maximum' ? -cmp : cmp;
  });
  return keyed.map((k) => k.s);
}

function msrvCompatCount(s: Summary, rustVersions: readonly string[]): number {
  if (!s.rustVersion) return rustVersions.length;
  const need = partial(s.rustVersion);
  return rustVersions.filter((max) => compatible(need, partial(max))).length;
}

type Partial = [number, number | undefined, number | undefined];

function partial(text: string): Partial {
  const [maj, min, pat] = text
    .split('-')[0]!
    .split('.')
    .map((x) => Number(x));
  return [maj ?? 0, min, pat];
}

// Cargo's RustVersion::is_compatible_with (cargo 1.95,
// crates/cargo-util-schemas/src/manifest/rust_version.rs): a package needing `need` builds with
// `max` when need <= max, comparing the components that both name.
function compatible(need: Partial, max: Partial): boolean {
  const a = [need[0], need[1] ?? 0, need[2] ?? 0];
  const b = [max[0], max[1] ?? Number.MAX_SAFE_INTEGER, max[2] ?? Number.MAX_SAFE_INTEGER];
  for (let i = 0; i < 3; i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]!;
  }
  return true;
}
