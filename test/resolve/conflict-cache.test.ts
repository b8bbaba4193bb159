import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/cargo/summary.js';
import { ConflictCache } from '../../src/resolve/conflict-cache.js';
import { packageId } from '../../src/resolve/ids.js';
import type { ConflictMap } from '../../src/resolve/types.js';
import { dependency, pkg } from './helpers.js';

const a = pkg('a@1.0.0');
const b = pkg('b@1.0.0');
const c = pkg('c@1.0.0');
const dep = dependency(['x', '1']);
// The same declaration made by another crate: Cargo keys its cache by the declaration alone.
const sameDep = dependency(['x', '1']);

function conflict(...members: Summary[]): ConflictMap {
  return new Map(members.map((s) => [packageId(s), s]));
}

function ages(entries: [Summary, number][]): (s: Summary) => number | undefined {
  const m = new Map(entries.map(([s, age]) => [packageId(s), age]));
  return (s) => m.get(packageId(s));
}

function names(c: ConflictMap | undefined): string[] | undefined {
  return c && [...c.values()].map((s) => s.name).sort();
}

describe('ConflictCache (Cargo conflict_cache.rs)', () => {
  it('finds a stored conflict only while all its members are active', () => {
    const cache = new ConflictCache();
    cache.insert(dep, conflict(a, b));
    expect(
      names(
        cache.findConflicting(
          ages([
            [a, 1],
            [b, 2],
          ]),
          dep,
        ),
      ),
    ).toEqual(['a', 'b']);
    expect(cache.findConflicting(ages([[a, 1]]), dep)).toBeUndefined();
    expect(
      names(
        cache.findConflicting(
          ages([
            [a, 1],
            [b, 2],
          ]),
          sameDep,
        ),
      ),
    ).toEqual(['a', 'b']);
    expect(
      cache.findConflicting(
        ages([
          [a, 1],
          [b, 2],
        ]),
        dependency(['x', '2']),
      ),
    ).toBeUndefined();
  });

  it('of several, returns the one whose newest member is oldest (the furthest jump back)', () => {
    const cache = new ConflictCache();
    cache.insert(dep, conflict(a, c));
    cache.insert(dep, conflict(b));
    expect(
      names(
        cache.findConflicting(
          ages([
            [a, 1],
            [b, 5],
            [c, 3],
          ]),
          dep,
        ),
      ),
    ).toEqual(['a', 'c']);
    expect(
      names(
        cache.findConflicting(
          ages([
            [a, 1],
            [b, 2],
            [c, 3],
          ]),
          dep,
        ),
      ),
    ).toEqual(['b']);
  });

  it('keeps a subset over its supersets, whichever comes first', () => {
    const first = new ConflictCache();
    first.insert(dep, conflict(a, b));
    first.insert(dep, conflict(a));
    expect(
      names(
        first.findConflicting(
          ages([
            [a, 1],
            [b, 2],
          ]),
          dep,
        ),
      ),
    ).toEqual(['a']);
    const second = new ConflictCache();
    second.insert(dep, conflict(a));
    second.insert(dep, conflict(a, b));
    expect(
      names(
        second.findConflicting(
          ages([
            [a, 1],
            [b, 2],
          ]),
          dep,
        ),
      ),
    ).toEqual(['a']);
  });

  it('with mustContain, only sets naming that package count, and its own age is not held against them', () => {
    const cache = new ConflictCache();
    cache.insert(dep, conflict(a));
    cache.insert(dep, conflict(b, c));
    const active = ages([
      [a, 1],
      [b, 9],
      [c, 2],
    ]);
    // b is newer than maxAge, but it is the package asked about.
    expect(names(cache.find(dep, active, b, 5))).toEqual(['b', 'c']);
    // Asked about c, the same set has b, too new.
    expect(cache.find(dep, active, c, 5)).toBeUndefined();
    expect(names(cache.find(dep, active, a, 1))).toEqual(['a']);
    expect(
      cache.find(
        dep,
        ages([
          [b, 9],
          [c, 2],
        ]),
        a,
        5,
      ),
    ).toBeUndefined();
  });

  it('indexes dependencies by the packages their conflicts name', () => {
    const cache = new ConflictCache();
    cache.insert(dep, conflict(a, b));
    expect(cache.dependenciesConflictingWith(a)?.size).toBe(1);
    expect(cache.dependenciesConflictingWith(c)).toBeUndefined();
  });
});
