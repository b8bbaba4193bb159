import { existsSync } from 'node:fs';
import path from 'node:path';
import { cargoHome } from '../config/home.js';
import { UserError } from '../errors.js';
import { ancestorsOf, normalizePath } from '../manifest/paths.js';
import type { WorkspaceConfig } from '../manifest/workspace-config.js';
import { isExcluded } from './membership.js';

/** What root discovery reads of a manifest: only its `[workspace]` half (ManifestLoader caches it). */
export interface WorkspaceConfigs {
  workspaceConfig(manifestPath: string): WorkspaceConfig;
}

/**
 * cargo's `find_root` (cargo 1.95, src/workspace/workspace.rs): a manifest with `[workspace]` is
 * its own root; `package.workspace` points at one; otherwise the nearest ancestor Cargo.toml whose
 * `[workspace]` does not exclude this package, or whose `package.workspace` points somewhere.
 * Undefined means a lone package. Whether the root actually lists the package as a member is
 * checked later, as cargo does.
 */
export function findWorkspaceRoot(loader: WorkspaceConfigs, manifestPath: string): string | undefined {
  const own = rootFrom(loader.workspaceConfig(manifestPath), manifestPath, manifestPath);
  if (own) return own;
  const home = path.resolve(cargoHome());
  for (const dir of ancestorsOf(path.dirname(manifestPath))) {
    // Crates unpacked for `cargo package` verification must not join the surrounding workspace.
    if (/(^|\/)target\/package$/.test(dir)) break;
    const candidate = path.join(dir, 'Cargo.toml');
    if (existsSync(candidate)) {
      let config: WorkspaceConfig;
      try {
        config = loader.workspaceConfig(candidate);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        throw new UserError(
          `failed searching for potential workspace\npackage manifest: \`${manifestPath}\`\ninvalid potential workspace manifest: \`${candidate}\`: ${err.message}`,
          err.location,
          ['to avoid searching for a non-existent workspace, add `[workspace]` to the package manifest'],
        );
      }
      const found = rootFrom(config, candidate, manifestPath);
      if (found) return found;
    }
    // Never walk out of CARGO_HOME: registry sources unpacked there are nobody's members.
    if (dir === home) break;
  }
  return undefined;
}

function rootFrom(config: WorkspaceConfig, selfPath: string, lookFrom: string): string | undefined {
  if (config.kind === 'root') return isExcluded(config.root, lookFrom) ? undefined : selfPath;
  if (config.rootPointer !== undefined) {
    return normalizePath(path.join(path.dirname(selfPath), config.rootPointer, 'Cargo.toml'));
  }
  return undefined;
}
