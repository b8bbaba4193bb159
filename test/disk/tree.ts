import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * A directory tree as the disk holds it, to prove that a run left it alone: every entry's path,
 * kind and mode, a file's content hash, and (with `identity`) its inode and modification time,
 * so that even a file rewritten with the same bytes (an atomic replace) counts as touched.
 */
export type Tree = Record<string, string>;

export function readTree(root: string, identity = true): Tree {
  const out: Tree = {};
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    const full = join(root, name);
    const st = lstatSync(full);
    const kind = st.isSymbolicLink()
      ? `link ${readlinkSync(full)}`
      : st.isDirectory()
        ? 'dir'
        : `file ${hash(readFileSync(full))}`;
    // A directory's time changes with its entries, which are compared themselves.
    const same = identity && !st.isDirectory() ? ` ino ${st.ino} mtime ${st.mtimeMs}` : '';
    out[relative(root, full)] = `${kind} mode ${(st.mode & 0o7777).toString(8)}${same}`;
  }
  return out;
}

function hash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** A fresh copy of the seed workspace (`ws/`) and of the fixture registry (`registry/`) beside it. */
export function seedCopy(prefix: string): { root: string; ws: string; registry: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(SEED, join(root, 'ws'), { recursive: true });
  cpSync(REGISTRY, join(root, 'registry'), { recursive: true });
  return {
    root,
    ws: join(root, 'ws'),
    registry: join(root, 'registry'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
