import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/cargo/summary.js';
import { conflictSummary, factText } from '../../src/report/facts.js';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { explainCase } from '../explain/explain-case.js';
import type { DepSpec, PkgSpec } from '../resolve/helpers.js';
import { pkg, queryerFor } from '../resolve/helpers.js';
import type { RandomShape } from '../resolve/random-registry.js';
import { LARGE, randomCaseOf, SMALL } from '../resolve/random-registry.js';
import { noCargo, runCargoGenerateLockfile } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles } from '../support/write-index.js';
import { cargoFailureKinds, compareFailures, ourFailureKinds } from './failure-kind.js';
import { cargoError } from './workspaces-2019/compare.js';

/**
 * Differential test: real `cargo generate-lockfile` and our resolver on the same random
 * registries (served on 127.0.0.1), comparing the verdict and the exact package set.
 * `npm test` runs a bounded number; `npm run conformance` runs many more.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const SHAPES: { name: string; shape: RandomShape; cases: number; seed: number }[] = [
  { name: 'small', shape: SMALL, cases: FULL ? 400 : 40, seed: 42 },
  { name: 'large', shape: LARGE, cases: FULL ? 300 : 15, seed: 7 },
];

function manifestFor(spec: PkgSpec): string {
  const deps = (spec.deps ?? []).map(([name, req, o = {}]: DepSpec) => {
    const parts = [`version = ${JSON.stringify(req)}`];
    if (o.features?.length) parts.push(`features = ${JSON.stringify(o.features)}`);
    if (o.defaultFeatures === false) parts.push('default-features = false');
    return `${name} = { ${parts.join(', ')} }`;
  });
  return `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps.join('\n')}\n`;
}

function packageSet(lockfile: string): string[] {
  const doc = parseToml(lockfile) as { package?: { name: string; version: string }[] };
  return (doc.package ?? []).map((p) => `${p.name}@${p.version}`).sort();
}

const stats = {
  bothResolve: 0,
  bothFail: 0,
  sameKind: 0,
  stoppedEarlier: 0,
  disagreements: [] as string[],
  otherKind: [] as string[],
};
let reported = 0;
let reportedKinds = 0;

afterAll(() => {
  const total = stats.bothResolve + stats.bothFail + stats.disagreements.length;
  if (total > 0) {
    console.log(
      `conformance (random registries): ${stats.bothResolve + stats.bothFail}/${total} agree with cargo: ` +
        `${stats.bothResolve} both resolve (same package set), ${stats.bothFail} both fail ` +
        `(kind of failure: ${stats.sameKind} as cargo's message says, ${stats.stoppedEarlier} where cargo stopped at an earlier reason, ` +
        `${stats.otherKind.length} different)` +
        [...stats.disagreements, ...stats.otherKind].map((d) => `\n  DISAGREES ${d}`).join(''),
    );
  }
});

const skip = noCargo('test/conformance/random-registries.test.ts (differential test on random registries)');

describe.skipIf(skip).each(SHAPES)(
  'agreement with real cargo on random $name registries',
  ({ shape, cases: CASES, seed }) => {
    it(
      `verdict and package set match on ${CASES} registries`,
      async () => {
        const cases = fc.sample(randomCaseOf(shape), { numRuns: CASES, seed });
        const tmp = await tempDir();
        try {
          for (const [i, c] of cases.entries()) {
            const summaries: Summary[] = Object.entries(c.registry).map(([id, spec]) => pkg(id, spec));
            const server = await startIndexServer({ files: indexFiles(summaries) });
            try {
              const ws = join(tmp.path, `case${i}`);
              await mkdir(join(ws, 'src'), { recursive: true });
              await writeFile(join(ws, 'Cargo.toml'), manifestFor(c.member));
              await writeFile(join(ws, 'src/lib.rs'), '');
              const cargo = await runCargoGenerateLockfile(ws, server.url);

              // The member as cargo reads the manifest (dependency order included), not as specified.
              const m = loadWorkspace(ws).members[0]!.summary;
              const q = queryerFor(c.registry, [m]);
              const ours = resolveGraph([m], q);
              const oursSet =
                ours.kind === 'resolved'
                  ? ours.graph
                      .sorted()
                      .map((s) => `${s.name}@${s.version}`)
                      .sort()
                  : undefined;
              const cargoSet = cargo.ok ? packageSet(cargo.lockfile!) : undefined;
              if (JSON.stringify(oursSet) === JSON.stringify(cargoSet)) {
                if (cargoSet) stats.bothResolve++;
                else {
                  stats.bothFail++;
                  // Random registries have no cycles: both failing means an unresolvable outcome.
                  // The explanation in the words `resolve --json` gives it (report/ words explain/'s facts).
                  const explained =
                    ours.kind === 'unresolvable' ? (await explainCase(c.registry, [m], q, ours)).conflicts : [];
                  const conflicts = explained.map((x) => ({
                    summary: conflictSummary(x),
                    facts: x.facts.map((f) => ({ kind: f.kind, text: factText(f) })),
                  }));
                  const how = compareFailures(cargo.stderr, conflicts);
                  if (how === 'same') stats.sameKind++;
                  else if (how === 'cargo-stopped-earlier') stats.stoppedEarlier++;
                  else {
                    stats.otherKind.push(
                      `case ${i}: cargo fails with ${cargoFailureKinds(cargo.stderr).join(', ') || 'a message not classified'}, ` +
                        `ours with ${ourFailureKinds(conflicts).join(', ') || 'nothing'}\n` +
                        `         cargo: ${cargoError(cargo.stderr, 12).split('\n').join('\n                ')}\n         ${JSON.stringify(c)}`,
                    );
                  }
                }
              } else {
                stats.disagreements.push(
                  `case ${i}: cargo ${cargoSet ? cargoSet.join(' ') : 'FAILED: ' + cargo.stderr.split('\n').slice(0, 3).join(' | ')}\n` +
                    `         ours  ${oursSet ? oursSet.join(' ') : 'unresolvable'}\n         ${JSON.stringify(c)}`,
                );
              }
            } finally {
              await server.close();
            }
          }
        } finally {
          await tmp.remove();
        }
        const mine = stats.disagreements.slice(reported);
        reported = stats.disagreements.length;
        expect(mine).toEqual([]);
        const kinds = stats.otherKind.slice(reportedKinds);
        reportedKinds = stats.otherKind.length;
        expect(kinds, 'both fail, but not alike').toEqual([]);
      },
      CASES * 2_000,
    );
  },
);
