import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../src/lockfile/parse.js';
import { lockGraph } from '../../src/lockfile/references.js';
import { type LockGraphPackage, writeLockfile } from '../../src/lockfile/write.js';

/**
 * Random lockfile graphs, with names, versions and sources chosen to collide: several versions
 * of a name, one version from several sources, path packages next to registry ones.
 */
const NAMES = ['a', 'b', 'a-b', 'a_b', 'B'];
const VERSIONS = ['0.1.0', '0.9.0', '0.10.0', '1.0.0-rc.1', '1.0.0', '1.0.0+b', '2.0.0'];
const SOURCES: (string | undefined)[] = [
  undefined,
  'registry+https://github.com/rust-lang/crates.io-index',
  'sparse+https://alt.example/index/',
  'git+https://github.com/o/r?tag=v1#0123456789abcdef',
  'git+https://github.com/o/r?branch=feat%2Fx#0123456789abcdef',
  'git+https://github.com/o/r#0123456789abcdef',
];

const graph = fc
  .uniqueArray(
    fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VERSIONS), fc.integer({ min: 0, max: SOURCES.length - 1 })),
    {
      minLength: 1,
      maxLength: 14,
      selector: ([n, v, s]) => `${n} ${v} ${s}`,
    },
  )
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(fc.array(fc.nat({ max: ids.length - 1 }), { maxLength: 5 }), {
        minLength: ids.length,
        maxLength: ids.length,
      }),
      fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, edges, reversed]) => {
    const packages: LockGraphPackage[] = ids.map(([name, version, s]) => {
      const source = SOURCES[s];
      return {
        name,
        version,
        ...(source !== undefined && { source }),
        ...(source?.startsWith('registry') || source?.startsWith('sparse')
          ? { checksum: `${name}${version}`.replace(/\W/g, '') }
          : {}),
        dependencies: [],
      };
    });
    packages.forEach((p, i) => {
      const targets = [...new Set(edges[i]!)].filter((j) => j !== i).map((j) => packages[j]!);
      p.dependencies = targets.map((t) => ({
        name: t.name,
        version: t.version,
        ...(t.source !== undefined && { source: t.source }),
      }));
      if (reversed[i]) p.dependencies.reverse();
    });
    return packages;
  });

const key = (p: { name: string; version: string; source?: string }) => `${p.name} ${p.version} ${p.source ?? ''}`;
const normal = (packages: readonly LockGraphPackage[]) =>
  packages
    .map((p) => ({ id: key(p), checksum: p.checksum, deps: p.dependencies.map(key).sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

describe('writeLockfile and parseLockfile on random graphs', () => {
  it('read back what was written, every reference resolving to its package', () => {
    fc.assert(
      fc.property(graph, (packages) => {
        const text = writeLockfile(packages);
        const lock = parseLockfile(text, 'Cargo.lock');
        expect(lock.version).toBe(4);
        const g = lockGraph(lock);
        expect(g.dangling).toEqual([]);
        expect(normal(g.packages)).toEqual(normal(packages));
        expect(writeLockfile(g.packages)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  it('write the same text whatever order packages and edges come in', () => {
    fc.assert(
      fc.property(graph, fc.integer(), (packages, seed) => {
        const shuffled = [...packages].map((p) => ({ ...p, dependencies: [...p.dependencies].reverse() }));
        const rotate = Math.abs(seed) % shuffled.length;
        expect(writeLockfile([...shuffled.slice(rotate), ...shuffled.slice(0, rotate)])).toBe(writeLockfile(packages));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trip through format 3 as well', () => {
    fc.assert(
      fc.property(graph, (packages) => {
        const text = writeLockfile(packages, [], { version: 3 });
        const lock = parseLockfile(text, 'Cargo.lock');
        expect(lock.version).toBe(3);
        const g = lockGraph(lock);
        expect(writeLockfile(g.packages)).toBe(writeLockfile(packages));
        expect(writeLockfile(g.packages, [], { version: 3 })).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
