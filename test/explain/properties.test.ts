import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factKey } from '../../src/explain/cores.js';
import { explain } from '../../src/explain/explain.js';
import { WhatIfChecker } from '../../src/explain/what-if.js';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { Session } from '../../solver/session.js';
import { applyEdits } from '../../src/whatif/edits.js';
import { member, pkg, queryerFor } from '../resolve/helpers.js';
import type { PkgSpec } from '../resolve/helpers.js';
import { randomCase } from '../resolve/random-registry.js';

/**
 * On random unresolvable registries: every reported conflict is unsatisfiable and minimal
 * (dropping any one of its facts, a merged fact counting as one, makes the rest satisfiable),
 * and every suggested fix, applied, resolves.
 */
function twoMembers(c: { registry: Record<string, PkgSpec>; member: PkgSpec }) {
  const deps = c.member.deps ?? [];
  const a = member('alpha', { deps: deps.slice(0, 1) });
  const b = member('beta', { deps: deps.slice(1) });
  return [a, b].filter((m) => m.dependencies.length > 0);
}

describe('explanations on random unresolvable registries', () => {
  it('cores are unsatisfiable and minimal; suggestions resolve', async () => {
    let checked = 0;
    let suggestionsChecked = 0;
    await fc.assert(
      fc.asyncProperty(randomCase, async (c) => {
        const members = twoMembers(c);
        if (members.length === 0) return;
        const q = queryerFor(c.registry, members);
        const outcome = resolveGraph(members, q);
        if (outcome.kind !== 'unresolvable') return;
        checked++;
        const universe = Object.entries(c.registry).map(([id, spec]) => pkg(id, spec));
        const versionsOf = (name: string) => universe.filter((s) => s.name === name);
        const ex = await explain({
          encoding: outcome.encoding,
          session: outcome.session,
          // Quick verdicts on the shared encoding, every fix still confirmed in full below.
          whatIf: new WhatIfChecker(outcome.encoding, outcome.session, members),
          queryer: q,
          members,
          versionsOf,
          resolveWith: async (edits) => {
            const edited = applyEdits(members, edits);
            const qq = queryerFor(c.registry, edited.members);
            const r = resolveGraph(edited.members, qq);
            if (r.kind === 'resolved') {
              const packages = new Map<string, string[]>();
              for (const s of r.graph.packages.values()) packages.set(s.name, [...(packages.get(s.name) ?? []), `${s.version}`]);
              return { resolved: true, packages };
            }
            return r.kind === 'unresolvable'
              ? { resolved: false, encoding: r.encoding, session: r.session, queryer: qq }
              : { resolved: false, queryer: qq };
          },
        });
        expect(ex.conflicts.length).toBeGreaterThan(0);

        const { problem } = outcome.encoding;
        const session = new Session(problem, {
          selectable: (g) => {
            const kind = problem.groups[g]!.tag.kind;
            return kind === 'root' || kind === 'candidates' ? 'hard' : 'switch';
          },
        });
        for (const conflict of ex.conflicts) {
          // Units of minimality: each requirement alone, each merged fact as a whole.
          const units = new Map<string, number[]>();
          for (const g of conflict.core.requirements) units.set(`req${g}`, [g]);
          for (const g of conflict.core.facts) {
            const key = factKey(problem.groups[g]!.tag, g);
            units.set(key, [...(units.get(key) ?? []), g]);
          }
          const all = [...units.values()].flat();
          expect(session.satisfiable([], all)).toBe(false);
          for (const [key, groups] of units) {
            const rest = all.filter((g) => !groups.includes(g));
            expect(session.satisfiable([], rest), `dropping ${key} should make it satisfiable`).toBe(true);
          }
        }
        session.dispose();

        for (const s of ex.suggestions) {
          suggestionsChecked++;
          const edited = applyEdits(members, s.edits);
          const r = resolveGraph(edited.members, queryerFor(c.registry, edited.members));
          expect(r.kind, s.flags.join(' ')).toBe('resolved');
        }
      }),
      { numRuns: 250, seed: 99 },
    );
    console.log(`explain properties: ${checked} unresolvable registries, ${suggestionsChecked} suggestions re-checked`);
    expect(checked).toBeGreaterThan(20);
  }, 120_000);
});


describe('quick what-if verdicts on a shared encoding', () => {
  it('agree with resolving the edited workspace from scratch', () => {
    let compared = 0;
    fc.assert(
      fc.property(randomCase, (c) => {
        const members = twoMembers(c);
        if (members.length === 0) return;
        const outcome = resolveGraph(members, queryerFor(c.registry, members));
        if (outcome.kind !== 'unresolvable') return;
        const checker = new WhatIfChecker(outcome.encoding, outcome.session, members);
        const universe = Object.entries(c.registry).map(([id, spec]) => pkg(id, spec));
        for (const m of members) {
          for (const d of m.dependencies) {
            const lines = [...new Set(universe.filter((s) => s.name === d.name && !s.version.isPrerelease).map((s) => s.version.line))];
            for (const line of lines) {
              const edits = [{ kind: 'bump' as const, member: m.name, dep: d.nameInToml, req: line }];
              const quick = checker.check(edits);
              if (!quick) continue;
              const edited = applyEdits(members, edits).members;
              const full = resolveGraph(edited, queryerFor(c.registry, edited));
              expect(quick.satisfiable, `${m.name}:${d.name}=${line}`).toBe(full.kind === 'resolved');
              compared++;
            }
          }
        }
      }),
      { numRuns: 200, seed: 5 },
    );
    console.log(`quick what-if: ${compared} verdicts compared with full resolutions`);
    expect(compared).toBeGreaterThan(50);
  }, 120_000);
});
