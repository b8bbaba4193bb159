/**
 * Cargo.lock as written, for every format version cargo still reads. References between
 * packages stay as the lockfile spells them (v2+ leave out what is unambiguous); see
 * `references.ts` to follow them.
 */
export interface LockedPackage {
  name: string;
  version: string;
  /** The `source` string; absent for path packages (workspace members and other path deps). */
  source?: string;
  /** From the entry (v2+) or from `[metadata]` (v1). */
  checksum?: string;
  dependencies: LockedDependency[];
  /** `[replace]` (deprecated): the package this one is replaced by; it then has no dependencies. */
  replace?: LockedDependency;
}

/** One `dependencies` entry: `name`, `name version` or `name version (source)`. */
export interface LockedDependency {
  name: string;
  version?: string;
  source?: string;
}

export type LockfileVersion = 1 | 2 | 3 | 4;

export interface Lockfile {
  /** For files without `version = N`, inferred as cargo does (v1 unless something says v2). */
  version: LockfileVersion;
  packages: LockedPackage[];
  /** `[[patch.unused]]`: patches that matched nothing. */
  unusedPatches: LockedPackage[];
  /** `[metadata]` minus v1 checksums; cargo keeps these as they are. */
  metadata: Record<string, string>;
}
