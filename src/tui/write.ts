import { relative } from 'node:path';
import { baselineOf, diffAgainstBaseline } from '../compare/baseline.js';
import type { LockDiff } from '../compare/lock-diff.js';
import type { Edit } from '../edits/index.js';
import { UserError } from '../errors.js';
import { planManifestEdits } from '../manifest-edit/plan.js';
import type { Snapshot } from '../manifest-edit/snapshot.js';
import { writeEditedWorkspace } from '../manifest-edit/write.js';
import { disposeResolution } from '../pipeline/resolution.js';
import { lockfileText } from '../report/lockfile.js';
import type { WhatIfSession } from '../session/session.js';
import type { DiffLine } from './line-diff.js';
import { lineDiff } from './line-diff.js';

/**
 * What `W` writes, shown before it is written: every file that changes (the manifests with the
 * lines that change, Cargo.lock with the packages that change), and the write itself, which is
 * `lock --write`'s: the same manifest edits (only the edited values; every other byte kept) and
 * the same Cargo.lock, each file written atomically, refused when a file changed since the
 * session read it, read back and checked, and every file restored when anything fails.
 */
export interface FileChangeView {
  /** Relative to the working directory, as the commands print paths. */
  file: string;
  kind: 'manifest' | 'lockfile';
  /** The lines a manifest changes by; for Cargo.lock, `diff` says what changes. */
  lines: DiffLine[];
  /** Cargo.lock does not exist yet. */
  created: boolean;
}

export interface WritePreview {
  edits: readonly Edit[];
  files: FileChangeView[];
  diff: LockDiff;
  packages: number;
  /** Writes the files; throws a UserError (nothing written) when one changed since it was read. */
  commit(): string[];
}

export async function previewWrite(
  session: WhatIfSession,
  snapshot: Snapshot,
  edits: readonly Edit[],
): Promise<WritePreview> {
  if (edits.length === 0) throw new UserError('no edits to write yet: the manifests are as the session read them');
  const resolution = await session.resolve(edits);
  const outcome = resolution.outcome;
  if (outcome.kind !== 'resolved') {
    disposeResolution(resolution);
    throw new UserError(
      'the workspace does not resolve with these edits, so there is no Cargo.lock to write: nothing was written',
    );
  }
  const { input } = session;
  const graph = outcome.graph;
  const text = lockfileText(graph, resolution.members, input.lockfile, [...input.patches.values()].flat());
  const manifests = planManifestEdits(
    { workspace: input.workspace, baseMembers: input.baseMembers, versionsOf: session.versionsOf, texts: snapshot },
    edits,
  );
  const lockPath = input.workspace.lockfilePath;
  const lockBefore = snapshot.get(lockPath) ?? null;
  const diff = diffAgainstBaseline(await baselineOf(input, session.settings), graph);
  const shown = (file: string) => relative(process.cwd(), file) || file;
  const files: FileChangeView[] = manifests.map((m) => ({
    file: shown(m.file),
    kind: 'manifest',
    lines: lineDiff(m.before, m.after),
    created: false,
  }));
  if (lockBefore !== text)
    files.push({ file: shown(lockPath), kind: 'lockfile', lines: [], created: lockBefore === null });
  return {
    edits,
    files,
    diff,
    packages: graph.packages.size,
    commit: () => {
      const result = writeEditedWorkspace({
        workspace: input.workspace,
        baseMembers: input.baseMembers,
        edits,
        versionsOf: session.versionsOf,
        snapshot,
        lockfile: { file: lockPath, text },
      });
      return [...result.manifests.map((m) => shown(m.file)), ...(result.lockfileChanged ? [shown(lockPath)] : [])];
    },
  };
}
