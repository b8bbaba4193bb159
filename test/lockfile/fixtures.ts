import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Lockfile } from '../../src/lockfile/model.js';
import { parseLockfile } from '../../src/lockfile/parse.js';
import { lockGraph } from '../../src/lockfile/references.js';
import { writeLockfile } from '../../src/lockfile/write.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/lockfiles/', import.meta.url));

export function fixture(path: string): { text: string; file: string } {
  const file = FIXTURES + path;
  return { text: readFileSync(file, 'utf8'), file };
}

/** What cargo would write for this lockfile now: format 3 stays 3, anything else becomes 4. */
export function rewrite(lock: Lockfile, original?: string): string {
  const g = lockGraph(lock);
  return writeLockfile(g.packages, g.unusedPatches, {
    metadata: lock.metadata,
    ...(original !== undefined && { original }),
    version: lock.version === 3 ? 3 : 4,
  });
}

/** The packages of a lockfile with every reference followed, in a canonical order, for comparing formats. */
export function resolvedPackages(lock: Lockfile) {
  const g = lockGraph(lock);
  const id = (p: { name: string; version: string; source?: string }) =>
    `${p.name} ${p.version} ${p.source ?? '(path)'}`;
  return {
    packages: g.packages
      .map((p) => ({ id: id(p), checksum: p.checksum ?? null, dependencies: p.dependencies.map(id).sort() }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    unusedPatches: g.unusedPatches.map(id).sort(),
    dangling: g.dangling.length,
  };
}

export { parseLockfile };
