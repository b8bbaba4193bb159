import { existsSync, readFileSync } from 'node:fs';
import type { Workspace } from '../workspace/types.js';

/**
 * The files a `--write` may change, read once before anything is planned: the root and member
 * manifests and Cargo.lock (null when there is none). Writing compares the disk against these,
 * so a file someone changed in the meantime is never overwritten.
 */
export type Snapshot = ReadonlyMap<string, string | null>;

export function takeSnapshot(workspace: Workspace): Snapshot {
  const files = new Set([
    workspace.rootManifestPath,
    ...workspace.members.map((m) => m.manifestPath),
    workspace.lockfilePath,
  ]);
  return new Map([...files].map((f) => [f, existsSync(f) ? readFileSync(f, 'utf8') : null]));
}
