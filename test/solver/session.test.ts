import { describe, expect, it } from 'vitest';
import { Problem } from '../../solver/problem.js';
import type { Model } from '../../solver/session.js';
import { Session } from '../../solver/session.js';

describe('Session with lazy constraints (refine)', () => {
  it('repeats the solve while refine adds constraints the model breaks, and returns only a model it accepts', () => {
    // x or y or z; a model with x teaches "not x", then one with y teaches "not y".
    const p = new Problem();
    const x = p.newVar('x');
    const y = p.newVar('y');
    const z = p.newVar('z');
    p.addClause([x, y, z]);
    const refine = (m: Model) => {
      for (const v of [x, y]) {
        if (m.holds(v)) {
          p.addClause([-v]);
          return true;
        }
      }
      return false;
    };
    const session = new Session(p, { refine });
    const model = session.solve();
    expect([model?.holds(x), model?.holds(y), model?.holds(z)]).toEqual([false, false, true]);
    // Assuming x, the first model has x; what refine then adds makes it unsatisfiable.
    const q = new Problem();
    const a = q.newVar('a');
    let asked = 0;
    const lazy = new Session(q, {
      refine: (m) => {
        asked++;
        if (!m.holds(a)) return false;
        q.addClause([-a]);
        return true;
      },
    });
    expect(lazy.satisfiable([a])).toBe(false);
    expect(asked).toBe(1);
    expect(lazy.satisfiable()).toBe(true);
  });

  it('an unsatisfiable relaxation is final, without asking refine', () => {
    const p = new Problem();
    const x = p.newVar('x');
    p.addClause([x]);
    p.addClause([-x]);
    let asked = 0;
    const session = new Session(p, {
      refine: () => {
        asked++;
        return false;
      },
    });
    expect(session.satisfiable()).toBe(false);
    expect(asked).toBe(0);
  });

  it('loads what the problem gained from elsewhere before the next solve', () => {
    const p = new Problem();
    const x = p.newVar('x');
    const session = new Session(p);
    expect(session.satisfiable([x])).toBe(true);
    p.addClause([-x]);
    expect(session.satisfiable([x])).toBe(false);
  });
});
