import { describe, expect, it } from 'vitest';
import { packageId } from '../../src/resolve/ids.js';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { member, queryerFor } from './helpers.js';
import { PASSES_CARGO, PASSES_CARGO_OFFLINE, PASSES_MEMBER, PASSES_REGISTRY } from './passes-scenario.js';

function names(outcome: ReturnType<typeof resolveGraph>): string[] {
  if (outcome.kind !== 'resolved') throw new Error(`expected resolved, got ${outcome.kind}`);
  return outcome.graph.sorted().map((s) => `${s.name}@${s.version}`);
}

describe('resolveGraph', () => {
  it('takes the newest version of each requirement', () => {
    const m = member('app', {
      deps: [
        ['a', '1'],
        ['b', '0.2'],
      ],
    });
    const q = queryerFor({ 'a@1.0.0': {}, 'a@1.2.0': {}, 'a@2.0.0': {}, 'b@0.2.1': {}, 'b@0.3.0': {} }, [m]);
    const out = resolveGraph([m], q);
    expect(names(out)).toEqual(['a@1.2.0', 'app@0.1.0', 'b@0.2.1']);
    // Every dependency took its first candidate: Cargo's passes could not differ from one.
    expect(out.stats.searchPasses).toBe(1);
  });

  it('allows two semver-incompatible lines of one crate', () => {
    const m = member('app', {
      deps: [
        ['a', '1'],
        ['b', '1'],
      ],
    });
    const q = queryerFor(
      { 'a@1.0.0': { deps: [['c', '0.1']] }, 'b@1.0.0': { deps: [['c', '0.2']] }, 'c@0.1.5': {}, 'c@0.2.3': {} },
      [m],
    );
    expect(names(resolveGraph([m], q))).toEqual(['a@1.0.0', 'app@0.1.0', 'b@1.0.0', 'c@0.1.5', 'c@0.2.3']);
  });

  it('backtracks to an older version when the newest cannot be completed', () => {
    // a 1.1 needs c ^2, but b pins c 1.x; c 1.x and 2.x may coexist, but both link `z`.
    const m = member('app', {
      deps: [
        ['a', '1'],
        ['b', '1'],
      ],
    });
    const q = queryerFor(
      {
        'a@1.0.0': { deps: [['c', '1']] },
        'a@1.1.0': { deps: [['c', '2']] },
        'b@1.0.0': { deps: [['c', '=1.0.0']] },
        'c@1.0.0': { links: 'z' },
        'c@2.0.0': { links: 'z' },
      },
      [m],
    );
    const out = resolveGraph([m], q);
    expect(names(out)).toEqual(['a@1.0.0', 'app@0.1.0', 'b@1.0.0', 'c@1.0.0']);
    expect(out.stats.usedSolver).toBe(false);
    expect(out.stats.backjumps).toBeGreaterThan(0);
    // The SAT-guided replay, Cargo's search skipped, reaches the same answer.
    const guided = resolveGraph([m], q, { searchBudget: 0 });
    expect(guided.stats.usedSolver).toBe(true);
    expect(names(guided)).toEqual(names(out));
  });

  it("follows Cargo's passes over a sparse index, which can change the answer", () => {
    const m = member('app', PASSES_MEMBER);
    const q = queryerFor(PASSES_REGISTRY, [m]);
    const out = resolveGraph([m], q);
    expect(names(out)).toEqual(PASSES_CARGO);
    // app's crates, then d2/f/s, then d3 are fetched in turn, and the fourth pass sees all.
    expect(out.stats.searchPasses).toBe(4);
    expect(out.stats.usedSolver).toBe(false);
  });

  it('searches once, as Cargo does offline, when told to', () => {
    const m = member('app', PASSES_MEMBER);
    const q = queryerFor(PASSES_REGISTRY, [m]);
    const out = resolveGraph([m], q, { onePass: true });
    expect(names(out)).toEqual(PASSES_CARGO_OFFLINE);
    expect(out.stats.searchPasses).toBe(1);
    expect(out.stats.backjumps).toBeGreaterThan(0);
  });

  it('reports a links conflict that no choice avoids', () => {
    const m1 = member('one', { deps: [['py', '0.22']] });
    const m2 = member('two', { deps: [['py', '0.20']] });
    const q = queryerFor({ 'py@0.20.3': { links: 'python' }, 'py@0.22.4': { links: 'python' } }, [m1, m2]);
    expect(resolveGraph([m1, m2], q).kind).toBe('unresolvable');
  });

  it('turns on optional dependencies through features, including weak ones', () => {
    const m = member('app', { deps: [['t', '1', { features: ['rt'] }]] });
    const q = queryerFor(
      {
        't@1.0.0': {
          deps: [
            ['m', '1', { optional: true }],
            ['s', '1', { optional: true }],
            ['u', '1', { optional: true }],
          ],
          features: { rt: ['dep:m', 's?/x'] },
        },
        'm@1.0.0': {},
        's@1.0.0': { features: { x: [] } },
        'u@1.0.0': {},
      },
      [m],
    );
    expect(names(resolveGraph([m], q))).toEqual(['app@0.1.0', 'm@1.0.0', 's@1.0.0', 't@1.0.0']);
  });

  it('skips a candidate that lacks a requested feature', () => {
    const m = member('app', { deps: [['a', '1', { features: ['f'] }]] });
    const q = queryerFor({ 'a@1.0.0': { features: { f: [] } }, 'a@1.1.0': {} }, [m]);
    expect(names(resolveGraph([m], q))).toEqual(['a@1.0.0', 'app@0.1.0']);
  });
});

describe('the SAT encoding, built lazily', () => {
  it("encodes a version's dependencies only once a model reaches it, and still proves the conflict", () => {
    // a and c both link `z`, and b needs c: no resolution. Of e's two versions a model takes
    // one at most, and the other's dependencies are never encoded.
    const m = member('app', {
      deps: [
        ['a', '1'],
        ['b', '1'],
        ['e', '1'],
      ],
    });
    const q = queryerFor(
      {
        'a@1.0.0': { links: 'z' },
        'b@1.0.0': { deps: [['c', '1']] },
        'c@1.0.0': { links: 'z' },
        'e@1.0.0': { deps: [['g', '1']] },
        'e@1.1.0': { deps: [['f', '1']] },
        'f@1.0.0': {},
        'g@1.0.0': {},
      },
      [m],
    );
    const out = resolveGraph([m], q);
    if (out.kind !== 'unresolvable') throw new Error(out.kind);
    const { encoding } = out;
    const ids = (name: string) => [...encoding.packages.values()].filter((s) => s.name === name).map(packageId);
    expect(ids('b').map((id) => encoding.isExpanded(id))).toEqual([true]);
    const eVersions = ids('e');
    expect(eVersions).toHaveLength(2);
    expect(eVersions.filter((id) => encoding.isExpanded(id)).length).toBeLessThanOrEqual(1);
    expect(ids('f').length + ids('g').length).toBeLessThanOrEqual(1);
  });
});
