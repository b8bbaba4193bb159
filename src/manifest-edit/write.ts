import type { Summary } from '../cargo/summary.js';
import { applyEdits } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';
import type { VersionsOf } from '../edits/upgrade.js';
import { loadWorkspace } from '../workspace/index.js';
import type { Workspace } from '../workspace/types.js';
import type { FileWrite } from './commit.js';
import { commitWrites } from './commit.js';
import type { ManifestChange } from './plan.js';
import { planManifestEdits } from './plan.js';
import type { Snapshot } from './snapshot.js';
import { summaryDifferences } from './verify.js';

/**
 * `lock --write` with edits: the edited manifests and the Cargo.lock resolved for them, written
 * together, and checked by loading the workspace again: it must read as the members the
 * what-if resolved, or nothing stays written.
 */
export interface WriteRequest {
  workspace: Workspace;
  baseMembers: readonly Summary[];
  edits: readonly Edit[];
  versionsOf: VersionsOf;
  snapshot: Snapshot;
  lockfile: { file: string; text: string };
}

export interface WriteResult {
  manifests: ManifestChange[];
  lockfileChanged: boolean;
}

export function writeEditedWorkspace(req: WriteRequest): WriteResult {
  const manifests = planManifestEdits(
    { workspace: req.workspace, baseMembers: req.baseMembers, versionsOf: req.versionsOf, texts: req.snapshot },
    req.edits,
  );
  const expected = applyEdits(req.baseMembers, req.edits, req.versionsOf).members;
  const lockBefore = req.snapshot.get(req.lockfile.file) ?? null;
  const lockfileChanged = lockBefore !== req.lockfile.text;
  const writes: FileWrite[] = [
    ...manifests.map((m) => ({ file: m.file, before: m.before, after: m.after, toml: true })),
    ...(lockfileChanged
      ? [{ file: req.lockfile.file, before: lockBefore, after: req.lockfile.text, toml: false }]
      : []),
  ];
  commitWrites(writes, () => {
    const reloaded = loadWorkspace(req.workspace.rootManifestPath);
    return summaryDifferences(
      expected,
      reloaded.members.map((m) => m.summary),
    );
  });
  return { manifests, lockfileChanged };
}
