import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import type { FailureComparison, OurConflict } from './failure-kind.js';
import { compareFailures } from './failure-kind.js';
import { runCargoSteps } from './workspaces-2019/cargo-steps.js';
import {
  Agreement,
  cargoError,
  firstTextDifference,
  lockPackageSet,
  setDifference,
} from './workspaces-2019/compare.js';
import { assertAgreement, compareFresh } from './workspaces-2019/differential.js';
import type { WorkspaceFixture } from './workspaces-2019/fixtures.js';
import { loadFixtures, materialize } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { applyEditFlags } from './workspaces-2019/manifest-edits.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * Differential test on the real crates.io index of 2019-11-10: for realistic workspaces
 * (fixtures/conformance/), real `cargo generate-lockfile` and `cargo-whatif lock --ignore-lock`
 * must agree on the verdict and write the same Cargo.lock byte for byte, and `resolve --json`
 * must list exactly cargo's packages. For conflicts, the fixes `explain` suggests are applied to
 * the manifests and handed to cargo, which must then resolve to the what-if lockfile.
 * `npm test` runs the quick tier; `npm run conformance` runs every fixture and every suggestion.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const haveArchive = archivePresent();
const haveCargo = cargoAvailable();
const runnable = haveArchive && haveCargo;
const fixtures = loadFixtures().filter((f) => FULL || f.tier === 'quick');
const TIMEOUT = FULL ? 600_000 : 120_000;
// Quick runs check the first suggestion of each conflict; that is where a wrong fix shows first.
const SUGGESTIONS = FULL ? Infinity : 1;
const RUN_KNOWN_BUGS = process.env.CARGO_WHATIF_KNOWN_BUGS === 'run';

let server: IndexServer | undefined;
let scratch: { path: string; remove(): Promise<void> } | undefined;
let cargoHome = '';
const agreement = new Agreement();
const suggestionStats = { checked: 0, agreed: 0, unchecked: [] as string[], failures: [] as string[] };

beforeAll(async () => {
  if (!runnable) return;
  const root = await extractedIndex();
  server = await startIndexServer({ dir: root });
  scratch = await tempDir('whatif-2019-');
  // One CARGO_HOME for the whole file: cargo's index cache is then warm after the first
  // workspace, as on a developer's machine, and cargo still revalidates every file it reads.
  cargoHome = join(scratch.path, 'cargo-home');
}, 300_000);

afterAll(async () => {
  await server?.close();
  await scratch?.remove();
  if (agreement.size > 0) {
    const lines = [agreement.summary(`conformance (2019 crates.io index, ${FULL ? 'full' : 'quick'})`)];
    lines.push(`  suggested fixes cargo confirms: ${suggestionStats.agreed}/${suggestionStats.checked}`);
    for (const u of suggestionStats.unchecked) lines.push(`  unchecked suggestion: ${u}`);
    for (const f of suggestionStats.failures) lines.push(`  SUGGESTION DISAGREES ${f}`);
    console.log(lines.join('\n'));
  }
});

if (!haveArchive) warnNoArchive('test/conformance/index-2019.test.ts');
else if (!haveCargo) warnNoCargo('test/conformance/index-2019.test.ts');

async function compareWorkspace(f: WorkspaceFixture): Promise<void> {
  const ws = join(scratch!.path, f.name);
  await materialize(f, ws);
  const c = await compareFresh(ws, server!.url, cargoHome, TIMEOUT / 2);
  const verdict = assertAgreement(f.name, c, agreement);
  // The fixture says what it is for; cargo disagreeing with it means the fixture is wrong.
  expect(verdict === 'conflict' ? 'conflict' : 'resolves', cargoError(c.cargo.stderr)).toBe(f.expect);
  if (verdict === 'conflict') await checkSuggestions(f, c.json.stdout);
}

/** Each suggested fix, made to the manifests: cargo must resolve, to our what-if lockfile. */
async function checkSuggestions(f: WorkspaceFixture, jsonText: string): Promise<void> {
  const url = server!.url;
  const doc = JSON.parse(jsonText) as { suggestions: { edits: string[]; text: string }[] };
  for (const [i, s] of doc.suggestions.slice(0, SUGGESTIONS).entries()) {
    const label = `${f.name} #${i + 1} ${s.edits.join(' ')}`;
    const edited = applyEditFlags(f, s.edits);
    if ('unsupported' in edited) {
      suggestionStats.unchecked.push(`${label} (${edited.unsupported})`);
      continue;
    }
    const ws = join(scratch!.path, `${f.name}-fix${i + 1}`);
    await materialize({ ...f, files: edited.files }, ws);
    const cargo = await runCargoGenerateLockfile(ws, url, { cargoHome, timeoutMs: TIMEOUT / 2 });
    const editArgs = s.edits.flatMap((e) => e.split(/ (.*)/s).slice(0, 2));
    const ours = await runWhatif([
      'lock',
      join(scratch!.path, f.name),
      '--stdout',
      '--ignore-lock',
      '--registry',
      url,
      ...editArgs,
    ]);
    suggestionStats.checked++;
    const diff = cargo.ok && ours.code === 0 ? firstTextDifference(cargo.lockfile!, ours.stdout) : 'verdict';
    if (diff === undefined) suggestionStats.agreed++;
    else suggestionStats.failures.push(`${label}: ${cargo.ok ? diff.split('\n')[0] : cargoError(cargo.stderr, 3)}`);
    expect(cargo.ok, `suggested fix ${label} does not resolve with cargo:\n${cargoError(cargo.stderr)}`).toBe(true);
    expect(ours.code, ours.stderr).toBe(0);
    expect(diff).toBeUndefined();
  }
}

describe.skipIf(!runnable)('cargo and cargo-whatif on the crates.io index of 2019-11-10', () => {
  it('has quick and full fixtures, conflicts among them', () => {
    const all = loadFixtures();
    expect(all.filter((f) => f.tier === 'quick').length).toBeGreaterThanOrEqual(4);
    expect(all.filter((f) => f.expect === 'conflict').length).toBeGreaterThanOrEqual(4);
  });

  for (const f of fixtures) {
    const title = `${f.name}: ${f.expect === 'resolves' ? 'same Cargo.lock' : 'both fail; suggested fixes resolve with cargo'}`;
    // CARGO_WHATIF_KNOWN_BUGS=run runs the skipped ones too, to see whether a fix took.
    const test = f.knownBug && !RUN_KNOWN_BUGS ? it.skip : it;
    test(f.knownBug ? `${title} [${f.knownBug}]` : title, () => compareWorkspace(f), TIMEOUT);
  }
});

/**
 * `--minimal-versions` against cargo's `-Z minimal-versions`. Stable cargo takes `-Z` flags
 * when RUSTC_BOOTSTRAP=1 (it then behaves as a nightly); the flag is unstable, so this runs in
 * full mode only, and a disagreement here is reported like any other.
 */
const MINIMAL_KNOWN_BUGS: Record<string, string> = {};
const minimalAgreement = new Agreement();

afterAll(() => {
  if (minimalAgreement.size > 0)
    console.log(minimalAgreement.summary('conformance (2019 index, --minimal-versions vs cargo -Z minimal-versions)'));
});

describe.runIf(runnable && FULL)('--minimal-versions against cargo -Z minimal-versions on the 2019 index', () => {
  for (const f of fixtures.filter((x) => x.expect === 'resolves' && !x.knownBug)) {
    const bug = MINIMAL_KNOWN_BUGS[f.name];
    const test = bug && !RUN_KNOWN_BUGS ? it.skip : it;
    test(
      `${f.name}: same minimal-versions Cargo.lock${bug ? ` [${bug}]` : ''}`,
      async () => {
        const ws = join(scratch!.path, `${f.name}-minimal`);
        await materialize(f, ws);
        const url = server!.url;
        const cargo = await runCargoSteps(ws, url, [['generate-lockfile', '-Zminimal-versions']], {
          cargoHome,
          env: { RUSTC_BOOTSTRAP: '1' },
          timeoutMs: TIMEOUT / 2,
        });
        const ours = await runWhatif([
          'lock',
          ws,
          '--stdout',
          '--ignore-lock',
          '--minimal-versions',
          '--registry',
          url,
        ]);
        const verdict = cargo.ok === (ours.code === 0);
        const diff = cargo.ok && ours.code === 0 ? firstTextDifference(cargo.lockfile!, ours.stdout) : undefined;
        const sets =
          cargo.ok && ours.code === 0
            ? setDifference(lockPackageSet(cargo.lockfile!), lockPackageSet(ours.stdout))
            : undefined;
        let failure: FailureComparison | undefined;
        if (!cargo.ok && ours.code === 1) {
          const json = await runWhatif([
            'resolve',
            ws,
            '--ignore-lock',
            '--minimal-versions',
            '--json',
            '--registry',
            url,
          ]);
          failure = compareFailures(cargo.stderr, (JSON.parse(json.stdout) as { conflicts: OurConflict[] }).conflicts);
        }
        minimalAgreement.record({
          name: f.name,
          cargo: cargo.ok ? 'resolves' : 'fails',
          verdict,
          failure,
          ...(sets !== undefined && { set: sets === 'same package set', bytes: diff === undefined }),
          note: verdict
            ? diff
              ? `${sets}; ${diff.split('\n')[0]}`
              : undefined
            : `cargo ${cargo.ok ? 'resolves' : 'fails'}, ours exit ${ours.code}`,
        });
        expect(verdict, `cargo:\n${cargoError(cargo.stderr)}\nours:\n${ours.stdout.slice(0, 1500)}${ours.stderr}`).toBe(
          true,
        );
        expect(failure, cargoError(cargo.stderr, 12)).not.toBe('different');
        expect(diff).toBeUndefined();
      },
      TIMEOUT,
    );
  }
});
