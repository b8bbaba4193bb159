import type { LockDiff } from '../compare/lock-diff.js';
import { diffText } from '../report/diff.js';

export interface DiffRow {
  verb: string;
  text: string;
}

/**
 * The lockfile diff as `resolve` prints it (cargo's Adding/Removing/Updating lines), split
 * for a scrolling pane. When there is nothing to compare with, `resolve` prints one line; the
 * pane still lists what the edits bring in, since that is what the user is looking for.
 */
export function diffLines(d: LockDiff): { header: string; rows: DiffRow[] } {
  const [header = '', ...rest] = diffText(d).trimEnd().split('\n');
  const body =
    d.baseline === 'unresolvable'
      ? diffText({ ...d, baseline: 'resolve' })
          .trimEnd()
          .split('\n')
          .slice(1)
      : rest;
  return { header, rows: body.map((text) => ({ verb: text.trim().split(' ')[0] ?? '', text })) };
}
