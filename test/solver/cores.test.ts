import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { enumerateCores, quickXplain } from '../../solver/cores.js';
import { Problem } from '../../solver/problem.js';
import { Session } from '../../solver/session.js';

function satTest(problem: Problem<string>) {
  const session = new Session(problem, { selectable: true });
  let calls = 0;
  const sat = (groups: readonly number[]) => {
    calls++;
    return session.satisfiable([], groups);
  };
  return { sat, calls: () => calls };
}

describe('quickXplain', () => {
  it('finds the two facts that clash among irrelevant ones', () => {
    const p = new Problem<string>();
    const [a, b, c] = [p.newVar('a'), p.newVar('b'), p.newVar('c')];
    const gA = p.addGroup('a');
    p.addClause([a], gA);
    const gNotA = p.addGroup('not a');
    p.addClause([-a], gNotA);
    const gB = p.addGroup('b');
    p.addClause([b], gB);
    const gBC = p.addGroup('b or c');
    p.addClause([b, c], gBC);
    const { sat } = satTest(p);
    const core = quickXplain([], [gB, gA, gBC, gNotA], sat).sort();
    expect(core).toEqual([gA, gNotA].sort());
  });

  it('enumerates overlapping cores', () => {
    // x needs one of {y, z}; y and z are each forbidden by a separate fact; w is noise.
    const p = new Problem<string>();
    const [x, y, z, w] = ['x', 'y', 'z', 'w'].map((n) => p.newVar(n)) as [number, number, number, number];
    const g = (t: string, lits: number[]) => {
      const id = p.addGroup(t);
      p.addClause(lits, id);
      return id;
    };
    const gx = g('x', [x]);
    const gxyz = g('x -> y|z', [-x, y, z]);
    const gy = g('not y', [-y]);
    const gz = g('not z', [-z]);
    g('w', [w]);
    g('not x (second reason)', [-x]);
    const { sat } = satTest(p);
    const all = p.groups.map((gr) => gr.id);
    const { cores } = enumerateCores([], all, sat, { maxCores: 10 });
    const texts = cores.map((c) => c.map((id) => p.groups[id]!.tag).sort());
    expect(texts).toContainEqual(['not x (second reason)', 'x'].sort());
    expect(texts).toContainEqual(['not y', 'not z', 'x', 'x -> y|z'].sort());
    expect(cores).toHaveLength(2);
    void gx;
    void gxyz;
    void gy;
    void gz;
  });

  it('returns only cores that are unsatisfiable and minimal (random problems)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.integer({ min: -6, max: 6 }).filter((l) => l !== 0),
            { minLength: 1, maxLength: 3 },
          ),
          {
            minLength: 4,
            maxLength: 14,
          },
        ),
        (clauses) => {
          const p = new Problem<string>();
          for (let i = 0; i < 6; i++) p.newVar();
          const groups = clauses.map((lits, i) => {
            const id = p.addGroup(`c${i}`);
            p.addClause(lits, id);
            return id;
          });
          const { sat } = satTest(p);
          if (sat(groups)) return;
          const { cores } = enumerateCores([], groups, sat, { maxCores: 5 });
          expect(cores.length).toBeGreaterThan(0);
          for (const core of cores) {
            expect(sat(core)).toBe(false);
            for (const g of core) expect(sat(core.filter((x) => x !== g))).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
