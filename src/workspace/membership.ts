import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { normalizePath, pathStartsWith, rawJoin } from '../manifest/paths.js';
import { byteOrder } from '../manifest/toml-values.js';
import type { WorkspaceRootConfig } from '../manifest/workspace-config.js';

/** One directory a `members`/`default-members` entry stands for. */
export interface MemberPath {
  dir: string;
  /** The entry's index in its list, to point at it in errors. */
  index: number;
  /** The entry, when it was a glob that expanded to something else. */
  glob?: string;
}

/**
 * `members` expanded as cargo's `members_paths` does with the `glob` crate (cargo 1.95,
 * src/workspace/workspace.rs): each entry in list order; a glob's matches in path order (the crate
 * walks directories in sorted order, hidden ones included); non-directories dropped; an entry
 * matching nothing kept verbatim so that loading it reports the missing manifest.
 */
export function expandMemberPaths(root: WorkspaceRootConfig, entries: readonly string[]): MemberPath[] {
  const out: MemberPath[] = [];
  entries.forEach((entry, index) => {
    const joined = path.join(root.rootDir, entry);
    const matches = expand(root.rootDir, entry, joined);
    if (matches.length === 0) {
      out.push({ dir: joined, index });
      return;
    }
    const usedGlob = matches.length > 1 || matches[0] !== joined;
    for (const m of matches) {
      if (isDirectory(m)) out.push({ dir: m, index, glob: usedGlob ? entry : undefined });
    }
  });
  return out;
}

function expand(rootDir: string, entry: string, joined: string): string[] {
  if (!isDynamicPattern(entry)) return existsSync(joined) ? [joined] : [];
  const options = {
    cwd: rootDir,
    absolute: true,
    onlyFiles: false,
    dot: true,
    expandDirectories: false,
    braceExpansion: false,
    extglob: false,
  };
  // tinyglobby never yields a symlinked directory itself, only what is inside it, where the glob
  // crate matches it as the directory it points to (cargo 1.95 takes `crates/p -> ../elsewhere/p`
  // as a member under `crates/*`): the Cargo.toml files under the pattern bring those back.
  const found = [
    ...globSync(entry, options),
    ...globSync(`${entry.replace(/\/$/, '')}/Cargo.toml`, options).map((f) => path.dirname(f)),
  ];
  // The glob crate's trailing `**` matches what is below a directory, never the directory itself
  // (cargo 1.95 with `crates/**` loads crates/m and crates/m/src as members, never crates/).
  const above =
    entry === '**' || entry.endsWith('/**') ? path.join(rootDir, entry.slice(0, -2)).replace(/\/$/, '') : undefined;
  return [...new Set(found.map((p) => p.replace(/\/$/, '')))].filter((p) => p !== above).sort(componentOrder);
}

function componentOrder(a: string, b: string): number {
  const ca = a.split('/');
  const cb = b.split('/');
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const c = byteOrder(ca[i]!, cb[i]!);
    if (c !== 0) return c;
  }
  return ca.length - cb.length;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * cargo's `is_excluded` (cargo 1.95, src/workspace/workspace.rs): under an `exclude` entry and not
 * under a `members` entry. Both are compared as written (a member glob like `crates/*` never counts
 * as "explicitly listed").
 */
export function isExcluded(root: WorkspaceRootConfig, manifestPath: string): boolean {
  const under = (entries: readonly string[]) =>
    entries.some((e) => pathStartsWith(manifestPath, rawJoin(root.rootDir, e)));
  return !under(root.members ?? []) && under(root.exclude);
}

export function manifestIn(dir: string): string {
  return normalizePath(path.join(dir, 'Cargo.toml'));
}
