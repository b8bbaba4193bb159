import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byName } from '../../src/resolve/graph.js';

describe('the package order of reports', () => {
  const icu = new Intl.Collator('en').compare;
  const sign = (n: number) => Math.sign(n);

  it("is localeCompare(b, 'en') for crate names, without creating a collator", () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{0,8}$/);
    fc.assert(
      fc.property(name, name, (a, b) => sign(byName(a, b)) === sign(icu(a, b))),
      { numRuns: 20_000 },
    );
    const names = [
      'serde',
      'Serde',
      'serde_json',
      'serde-json',
      'serde1',
      'SERDE',
      'a_b',
      'a-b',
      'ab',
      'a',
      'A',
      '_',
      '-',
      '9',
      'z',
    ];
    expect([...names].sort(byName)).toEqual([...names].sort(icu));
  });

  it('falls back to the collator for other names', () => {
    for (const [a, b] of [
      ['é', 'e'],
      ['a.b', 'a-b'],
      ['über', 'uber'],
      ['x y', 'x_y'],
    ])
      expect(sign(byName(a!, b!))).toBe(sign(icu(a!, b!)));
  });
});
