import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Session } from '../../solver/session.js';
import type { Dependency, Summary } from '../../src/cargo/summary.js';
import { applyEdits } from '../../src/edits/index.js';
import { factKey } from '../../src/explain/cores.js';
import { WhatIfChecker } from '../../src/explain/what-if.js';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { bruteForceResolvable } from '../resolve/brute-force.js';
import type { PkgSpec } from '../resolve/helpers.js';
import { member, pkg, queryerFor } from '../resolve/helpers.js';
import type { RandomCase, RandomShape } from '../resolve/random-registry.js';
import { randomCase, randomCaseOf } from '../resolve/random-registry.js';
import { explainCase } from './explain-case.js';

/**
 * On random unresolvable registries: every reported conflict is unsatisfiable and minimal
 * (dropping any one of its facts, a merged fact counting as one, makes the rest satisfiable),
 * and every suggested fix, applied, resolves. The first test asks the SAT encoding that produced
 * the conflicts; the second asks an oracle that shares nothing with it (brute force over the
 * registry, test/resolve/brute-force.ts) about the members' requirements in each conflict.
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
        const ex = await explainCase(c.registry, members, q, outcome);
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

/**
 * Up to four requirements over three members; `links` on two versions in five, so that members'
 * requirements clash with each other and not only each with the registry. Five crates of up to
 * three versions: at most 15 versions, which brute force can enumerate.
 */
const ORACLE_SHAPE: RandomShape = { crates: 5, maxVersions: 3, extraDeps: 0, memberDeps: 4, linksOneIn: 2 };

/**
 * The case's requirements over three members. Most unresolvable random workspaces have a
 * requirement that cannot resolve even alone, a conflict by itself that hides any clash between
 * the others: such requirements are kept only where the case has a single requirement.
 */
function threeMembers(c: RandomCase, universe: readonly Summary[]): Summary[] {
  const all = c.member.deps ?? [];
  const deps =
    all.length === 1 ? all : all.filter((d) => bruteForceResolvable(member('alone', { deps: [d] }), universe));
  const ms = [
    member('alpha', { deps: deps.slice(0, 1) }),
    member('beta', { deps: deps.slice(1, 2) }),
    member('gamma', { deps: deps.slice(2) }),
  ];
  return ms.filter((m) => m.dependencies.length > 0);
}

/** The members with only the requirements in `keep` (a member may be left with none). */
function onlyRequirements(
  members: readonly Summary[],
  keep: readonly { member: Summary; dep: Dependency }[],
): Summary[] {
  return members.map((m) => ({
    ...m,
    dependencies: m.dependencies.filter((d) => keep.some((k) => k.member.name === m.name && k.dep === d)),
  }));
}

interface OracleTally {
  unresolvable: number;
  /** Conflicts checked, by how many requirements they have. */
  bySize: Map<number, number>;
  subsets: number;
}

/**
 * Explains the workspace, then asks brute force about each reported conflict: its requirements
 * alone (with the whole registry) must not resolve, and every proper subset of them must.
 */
async function checkConflictsByBruteForce(
  registry: Record<string, PkgSpec>,
  members: Summary[],
  tally: OracleTally,
): Promise<void> {
  const universe = Object.entries(registry).map(([id, spec]) => pkg(id, spec));
  const q = queryerFor(registry, members);
  const outcome = resolveGraph(members, q);
  expect(outcome.kind === 'unresolvable', 'resolveGraph and brute force disagree on the whole workspace').toBe(
    !bruteForceResolvable(members, universe),
  );
  if (outcome.kind !== 'unresolvable') return;
  tally.unresolvable++;
  const ex = await explainCase(registry, members, q, outcome);
  expect(ex.conflicts.length).toBeGreaterThan(0);
  const label = (rs: readonly { member: Summary; dep: Dependency }[]) =>
    rs.map((r) => `${r.member.name}:${r.dep.name} ${r.dep.req}`).join(', ') || 'no requirement';
  for (const conflict of ex.conflicts) {
    const reqs = conflict.requirements;
    expect(reqs.length).toBe(conflict.core.requirements.length);
    // Every requirement named is one of the members' own, named once.
    for (const r of reqs) expect(members.find((m) => m.name === r.member.name)?.dependencies).toContain(r.dep);
    expect(new Set(reqs.map((r) => r.dep)).size).toBe(reqs.length);
    tally.bySize.set(reqs.length, (tally.bySize.get(reqs.length) ?? 0) + 1);
    expect(
      bruteForceResolvable(onlyRequirements(members, reqs), universe),
      `${label(reqs)} is reported as a conflict, yet resolves`,
    ).toBe(false);
    for (let mask = 0; mask < (1 << reqs.length) - 1; mask++) {
      const subset = reqs.filter((_, i) => mask & (1 << i));
      tally.subsets++;
      expect(
        bruteForceResolvable(onlyRequirements(members, subset), universe),
        `${label(subset)} does not resolve: the conflict ${label(reqs)} is not minimal`,
      ).toBe(true);
    }
  }
}

describe('conflicts against an oracle independent of the SAT encoding', () => {
  it("each conflict's requirements do not resolve by brute force, and every proper subset of them does", async () => {
    const tally: OracleTally = { unresolvable: 0, bySize: new Map(), subsets: 0 };
    await fc.assert(
      fc.asyncProperty(randomCaseOf(ORACLE_SHAPE), async (c) => {
        const universe = Object.entries(c.registry).map(([id, spec]) => pkg(id, spec));
        const members = threeMembers(c, universe);
        if (members.length > 0) await checkConflictsByBruteForce(c.registry, members, tally);
      }),
      { numRuns: 300, seed: 1118 },
    );
    const sizes = [...tally.bySize].sort(([a], [b]) => a - b);
    const conflicts = sizes.reduce((n, [, k]) => n + k, 0);
    console.log(
      `minimality by brute force: ${tally.unresolvable} unresolvable workspaces, ${conflicts} conflicts ` +
        `(${sizes.map(([k, n]) => `${n} of ${k}`).join(', ')} requirements), ${tally.subsets} proper subsets resolved`,
    );
    expect(tally.unresolvable).toBeGreaterThan(20);
    // Conflicts of several requirements are where a non-minimal answer would show.
    expect(conflicts - (tally.bySize.get(1) ?? 0)).toBeGreaterThan(10);
  }, 240_000);

  it('a conflict of three requirements, any two of which resolve, is reported whole', async () => {
    // a 1.0 needs the `l0` linker p, a 1.1 the `l1` linker q; b needs the other `l0` linker r,
    // c the other `l1` linker s. Any two of a, b, c resolve; all three do not.
    const registry: Record<string, PkgSpec> = {
      'a@1.0.0': { deps: [['p', '^1']] },
      'a@1.1.0': { deps: [['q', '^1']] },
      'b@1.0.0': { deps: [['r', '^1']] },
      'c@1.0.0': { deps: [['s', '^1']] },
      'p@1.0.0': { links: 'l0' },
      'r@1.0.0': { links: 'l0' },
      'q@1.0.0': { links: 'l1' },
      's@1.0.0': { links: 'l1' },
    };
    const members = [
      member('alpha', { deps: [['a', '^1']] }),
      member('beta', { deps: [['b', '^1']] }),
      member('gamma', { deps: [['c', '^1']] }),
    ];
    const tally: OracleTally = { unresolvable: 0, bySize: new Map(), subsets: 0 };
    await checkConflictsByBruteForce(registry, members, tally);
    expect([...tally.bySize]).toEqual([[3, 1]]);
    expect(tally.subsets).toBe(7);
  });
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
            const lines = [
              ...new Set(
                universe.filter((s) => s.name === d.name && !s.version.isPrerelease).map((s) => s.version.line),
              ),
            ];
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
