import type { Summary } from '../cargo/summary.js';
import type { Edition, ResolverVersion } from '../manifest/edition.js';
import type { PatchEntry, Replacement } from '../manifest/overrides.js';
import type { ManifestWarning } from '../manifest/warnings.js';

export type { Edition, ManifestWarning, PatchEntry, Replacement, ResolverVersion };

/** A package read from a Cargo.toml on disk: a workspace member or a path dependency. */
export interface WorkspacePackage {
  summary: Summary;
  manifestPath: string;
  dir: string;
  isMember: boolean;
  edition: Edition;
}

export interface Workspace {
  rootDir: string;
  rootManifestPath: string;
  resolver: ResolverVersion;
  /** In cargo's member order, which is the order the resolver activates them in. */
  members: WorkspacePackage[];
  /** Package names cargo operates on when no `-p`/`--workspace` is given. */
  defaultMembers: string[];
  /** Path dependencies that are not members, transitively (also those `[patch]`/`[replace]` point at). */
  pathPackages: WorkspacePackage[];
  /** The root manifest's `[patch]` (cargo ignores, with a warning, those of other members). */
  patches: PatchEntry[];
  replacements: Replacement[];
  lockfilePath: string;
  /** What cargo would print as warnings while loading the members. */
  warnings: ManifestWarning[];
}
