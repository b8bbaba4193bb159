import { describe, expect, it } from 'vitest';
import type { LockedPackage, Lockfile } from '../../src/lockfile/model.js';
import { LockIndex, lockGraph } from '../../src/lockfile/references.js';
import { sourceIdentity } from '../../src/lockfile/source.js';

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const ALT = 'sparse+https://alt.example/index/';

const p = (name: string, version: string, source?: string): LockedPackage => ({
  name,
  version,
  ...(source !== undefined && { source }),
  dependencies: [],
});

describe('LockIndex follows references as cargo’s into_resolve does', () => {
  const a1 = p('a', '1.0.0', CRATES_IO);
  const a2 = p('a', '2.0.0', CRATES_IO);
  const b = p('b', '1.0.0', CRATES_IO);
  const bAlt = p('b', '1.0.0', ALT);
  const c = p('c', '1.0.0', CRATES_IO);
  const cPath = p('c', '1.0.0');
  const d = p('d', '0.1.0', ALT);
  const g = p('g', '0.1.0', 'git+https://github.com/Owner/Repo.git?branch=main#abc');
  const index = new LockIndex([a1, a2, b, bAlt, c, cPath, d, g]);

  it.each([
    ['a name with one version', { name: 'd' }, d, true],
    ['a name with several versions and no version given', { name: 'a' }, undefined, true],
    ['a version (the source is inferred)', { name: 'a', version: '2.0.0' }, a2, true],
    ['a version that is not there', { name: 'a', version: '3.0.0' }, undefined, false],
    ['a name that is not there', { name: 'zz' }, undefined, false],
    ['one non-path package without a source', { name: 'd', version: '0.1.0' }, d, true],
    ['several sources and none given', { name: 'b', version: '1.0.0' }, undefined, false],
    ['several sources, one given', { name: 'b', version: '1.0.0', source: ALT }, bAlt, false],
    ['a path package and a registry one, no source given', { name: 'c', version: '1.0.0' }, cPath, false],
    [
      'a path package and a registry one, the registry given',
      { name: 'c', version: '1.0.0', source: CRATES_IO },
      c,
      false,
    ],
    [
      'a git source spelled differently',
      { name: 'g', source: 'git+https://github.com/owner/repo?branch=main' },
      g,
      true,
    ],
    [
      'a git source under another branch',
      { name: 'g', source: 'git+https://github.com/owner/repo?branch=dev' },
      undefined,
      true,
    ],
  ] as const)('%s', (_, ref, expected, implicit) => {
    const found = index.lookup(ref);
    expect(found.package).toBe(expected);
    expect(found.implicit).toBe(implicit);
  });
});

describe('sourceIdentity is cargo’s SourceId equality', () => {
  it.each([
    ['git+https://github.com/Owner/Repo.git', 'git+https://github.com/owner/repo/'],
    ['git+https://github.com/o/r?branch=x#aaa', 'git+https://github.com/o/r?branch=x#bbb'],
    ['git+https://github.com/o/r?ref=x', 'git+https://github.com/o/r?branch=x'],
    ['git+https://gitlab.example/o/r.git', 'git+https://gitlab.example/o/r'],
    ['sparse+https://index.example/', 'sparse+https://index.example'],
    ['git+http://github.com/o/r', 'git+https://github.com/o/r'],
  ])('%s is %s', (a, b) => expect(sourceIdentity(a)).toBe(sourceIdentity(b)));

  it.each([
    ['git+https://gitlab.example/O/r', 'git+https://gitlab.example/o/r'],
    ['git+https://github.com/o/r?branch=x', 'git+https://github.com/o/r?tag=x'],
    ['git+https://github.com/o/r', 'git+https://github.com/o/r?branch=master'],
    ['registry+https://index.example/', 'sparse+https://index.example/'],
  ])('%s is not %s', (a, b) => expect(sourceIdentity(a)).not.toBe(sourceIdentity(b)));
});

describe('lockGraph', () => {
  it('spells every reference out and reports those that name nothing', () => {
    const app = { ...p('app', '0.1.0'), dependencies: [{ name: 'a', version: '1.0.0' }, { name: 'ghost' }] };
    const lock: Lockfile = {
      version: 4,
      packages: [app, { ...p('a', '1.0.0', CRATES_IO), checksum: 'ff' }],
      unusedPatches: [{ ...p('u', '9.0.0'), checksum: 'ee' }],
      metadata: {},
    };
    const g = lockGraph(lock);
    expect(g.packages).toEqual([
      { name: 'app', version: '0.1.0', dependencies: [{ name: 'a', version: '1.0.0', source: CRATES_IO }] },
      { name: 'a', version: '1.0.0', source: CRATES_IO, checksum: 'ff', dependencies: [] },
    ]);
    expect(g.unusedPatches).toEqual([{ name: 'u', version: '9.0.0', checksum: 'ee', dependencies: [] }]);
    expect(g.dangling).toEqual([{ from: app, reference: { name: 'ghost' } }]);
  });
});
