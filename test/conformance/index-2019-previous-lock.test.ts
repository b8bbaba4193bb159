import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, warnNoCargo } from '../support/cargo.js';
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
  jsonPackageSet,
  lockPackageSet,
  setDifference,
} from './workspaces-2019/compare.js';
import { fixture, materialize } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/**
 * "Keep what is locked": cargo writes a Cargo.lock for workspace W, a manifest then changes, and
 * cargo's resolution honouring the existing Cargo.lock is compared with `cargo-whatif lock
 * --stdout` on the same files. Cargo's resolution comes from `cargo update --workspace`: it is
 * `resolve_with_previous` keeping every locked package, exactly what `cargo metadata` or `cargo
 * build` do before building, but it stops after writing Cargo.lock; `cargo metadata` goes on to
 * download every package's source, which the loopback index server (no /dl/) cannot provide. Each scenario names packages
 * the old lock holds at versions older than a fresh resolution would pick, and checks cargo kept
 * them, so a scenario that stopped exercising the lockfile would fail rather than pass vacuously.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const haveArchive = archivePresent();
const haveCargo = cargoAvailable();
const runnable = haveArchive && haveCargo;
const TIMEOUT = FULL ? 600_000 : 120_000;
const RUN_KNOWN_BUGS = process.env.CARGO_WHATIF_KNOWN_BUGS === 'run';

type Files = Record<string, string>;
type Change = (files: Files) => Files;

/** Replaces text that must be there: a fixture edited out from under a scenario fails loudly. */
function replace(file: string, from: string, to: string): Change {
  return (files) => {
    const text = files[file];
    if (text === undefined || !text.includes(from)) throw new Error(`scenario edit: \`${from}\` not found in ${file}`);
    return { ...files, [file]: text.replace(from, to) };
  };
}

function addFile(file: string, text: string): Change {
  return (files) => ({ ...files, [file]: text });
}

interface Scenario {
  name: string;
  base: string;
  quick?: boolean;
  /** Changes for the manifests the old Cargo.lock is generated from (usually pins). */
  old?: Change[];
  /** More cargo commands on the old lock (e.g. `update --precise` to a yanked version). */
  oldSteps?: string[][];
  /** Rewrites the old Cargo.lock's version marker as an older cargo would have written it. */
  oldLockVersion?: 2 | 3;
  /** A known disagreement with cargo, named: the scenario is skipped until it is fixed. */
  knownBug?: string;
  /** Changes to the base manifests that the new resolution sees. */
  now: Change[];
  /** `name@version` the new Cargo.lock must still hold though newer versions would be picked afresh. */
  kept: string[];
  /** Appended to the old Cargo.lock, or a rewrite of it (a hand edit, a corruption). */
  editOldLock?: (lock: string) => string;
  /** Cargo fails: `conflict` (we exit 1 and explain) or `error` (bad input: we exit 2). */
  fails?: 'conflict' | 'error';
}

const WEB_PINS: Change[] = [
  replace('Cargo.toml', 'tokio = "0.1"', 'tokio = "=0.1.15"'),
  replace('Cargo.toml', 'hyper = "0.12"', 'hyper = "=0.12.20"'),
  replace('Cargo.toml', 'serde = { version = "1", features', 'serde = { version = "=1.0.90", features'),
  replace('Cargo.toml', 'regex = "1"', 'regex = "=1.1.0"'),
];

const SCENARIOS: Scenario[] = [
  {
    name: 'pins relaxed: every locked version still matches, so all stay',
    base: 'web-2019',
    quick: true,
    old: WEB_PINS,
    now: [],
    kept: ['tokio@0.1.15', 'hyper@0.12.20', 'serde@1.0.90', 'regex@1.1.0'],
  },
  {
    name: 'a new dependency: the registry is unlocked, the old versions are only preferred',
    base: 'web-2019',
    quick: true,
    old: WEB_PINS,
    now: [
      replace(
        'Cargo.toml',
        'log = "0.4"',
        'log = "0.4"\nuuid = { version = "0.8", features = ["v4", "serde"] }\nbase64 = "0.10"',
      ),
    ],
    kept: ['tokio@0.1.15', 'hyper@0.12.20', 'serde@1.0.90', 'regex@1.1.0'],
  },
  {
    name: 'a requirement bumped past its locked version: that crate moves, serde_derive with it',
    base: 'web-2019',
    old: WEB_PINS,
    now: [replace('Cargo.toml', 'serde = { version = "1", features', 'serde = { version = "1.0.100", features')],
    kept: ['tokio@0.1.15', 'hyper@0.12.20', 'regex@1.1.0'],
  },
  {
    name: 'a dependency removed: the lock shrinks and nothing else moves',
    base: 'web-2019',
    old: WEB_PINS,
    now: [replace('Cargo.toml', 'reqwest = "0.9"\n', '')],
    kept: ['tokio@0.1.15', 'hyper@0.12.20', 'serde@1.0.90'],
  },
  {
    name: 'a backtracked choice stays after the reason for it is gone',
    base: 'rustls-backtrack',
    quick: true,
    now: [replace('Cargo.toml', 'jsonwebtoken = "6"\n', '')],
    kept: ['rustls@0.15.2', 'ring@0.14.6'],
  },
  {
    name: 'a new workspace member with one new registry dependency',
    base: 'workspace-three-members',
    old: [
      replace('server/Cargo.toml', 'hyper = "0.12.35"', 'hyper = "=0.12.30"'),
      replace('server/Cargo.toml', 'futures = "0.1"', 'futures = "=0.1.25"'),
    ],
    now: [
      replace('server/Cargo.toml', 'hyper = "0.12.35"', 'hyper = "0.12.30"'),
      replace('Cargo.toml', 'members = ["core", "server", "cli"]', 'members = ["core", "server", "cli", "worker"]'),
      addFile(
        'worker/Cargo.toml',
        '[package]\nname = "shop-worker"\nversion = "0.4.1"\nedition = "2018"\n\n[dependencies]\nshop-core = { path = "../core" }\nfutures = "0.1"\ncrossbeam-channel = "0.3"\nlog.workspace = true\n',
      ),
    ],
    kept: ['hyper@0.12.30', 'futures@0.1.25'],
  },
  {
    name: 'a yanked version in the lock (ring 0.16.8) is kept, even once the registry is unlocked',
    base: 'tls-stack',
    oldSteps: [['update', '-p', 'ring', '--precise', '0.16.8']],
    now: [replace('Cargo.toml', 'base64 = "0.10"', 'base64 = "0.10"\nuntrusted = "0.7"')],
    kept: ['ring@0.16.8'],
  },
  {
    // Cargo rewrites Cargo.lock only when its content changes, and only then moves it to the
    // current format (ops/lockfile.rs, write_pkg_lockfile); an unchanged v3 file stays as it is.
    name: 'an up-to-date version 3 lockfile stays version 3',
    base: 'serde-json',
    old: [replace('Cargo.toml', 'serde_json = "1"', 'serde_json = "=1.0.40"')],
    oldLockVersion: 3,
    now: [],
    kept: ['serde_json@1.0.40'],
  },
  {
    name: 'an up-to-date version 2 lockfile (no version marker) stays version 2',
    base: 'serde-json',
    old: [replace('Cargo.toml', 'serde_json = "1"', 'serde_json = "=1.0.40"')],
    oldLockVersion: 2,
    now: [],
    kept: ['serde_json@1.0.40'],
  },
  {
    name: 'a version 3 lockfile that has to change is written as version 4',
    base: 'serde-json',
    old: [replace('Cargo.toml', 'serde_json = "1"', 'serde_json = "=1.0.40"')],
    oldLockVersion: 3,
    now: [replace('Cargo.toml', 'log = "0.4"', 'log = "0.4"\nitoa = "0.4"')],
    kept: ['serde_json@1.0.40'],
  },
  {
    name: 'a change that makes the locked workspace unresolvable',
    base: 'web-2019',
    old: WEB_PINS,
    now: [replace('Cargo.toml', 'log = "0.4"', 'log = "0.4"\nrustls = "0.16"\njsonwebtoken = "6"')],
    kept: [],
    fails: 'conflict',
  },
  {
    // Cargo copies [metadata] over from the old lock (Resolve::merge_from) and, with nothing
    // else changed, leaves the file alone.
    name: 'a [metadata] table in the old lock is carried over',
    base: 'serde-json',
    old: [replace('Cargo.toml', 'serde_json = "1"', 'serde_json = "=1.0.40"')],
    editOldLock: (lock) => `${lock}\n[metadata]\n"tool:note" = "kept by cargo"\n`,
    now: [replace('Cargo.toml', 'log = "0.4"', 'log = "0.4"\nitoa = "0.4"')],
    kept: ['serde_json@1.0.40'],
  },
  {
    // Resolve::merge_from refuses a lock whose checksum for a package differs from the index's:
    // "checksum for `cfg-if v0.1.10` changed between lock files".
    name: 'a checksum in the old lock that the index contradicts is an error',
    base: 'serde-json',
    editOldLock: (lock) => lock.replace(/^checksum = "[0-9a-f]{64}"$/m, `checksum = "${'1'.repeat(64)}"`),
    now: [],
    kept: [],
    fails: 'error',
  },
];

let server: IndexServer | undefined;
let scratch: { path: string; remove(): Promise<void> } | undefined;
let cargoHome = '';
const agreement = new Agreement();

beforeAll(async () => {
  if (!runnable) return;
  server = await startIndexServer({ dir: await extractedIndex() });
  scratch = await tempDir('whatif-2019-lock-');
  cargoHome = join(scratch.path, 'cargo-home');
}, 300_000);

afterAll(async () => {
  await server?.close();
  await scratch?.remove();
  if (agreement.size > 0)
    console.log(agreement.summary(`conformance with a previous Cargo.lock (2019 index, ${FULL ? 'full' : 'quick'})`));
});

if (!haveArchive) warnNoArchive('test/conformance/index-2019-previous-lock.test.ts');
else if (!haveCargo) warnNoCargo('test/conformance/index-2019-previous-lock.test.ts');

async function runScenario(s: Scenario, i: number): Promise<void> {
  const url = server!.url;
  const base = fixture(s.base);
  const apply = (changes: Change[] = []) => changes.reduce((files, c) => c(files), base.files);

  const oldDir = join(scratch!.path, `s${i}-old`);
  await materialize({ ...base, files: apply(s.old) }, oldDir);
  const old = await runCargoSteps(oldDir, url, [['generate-lockfile'], ...(s.oldSteps ?? [])], { cargoHome });
  expect(old.ok, `the old lock: ${old.failed}\n${cargoError(old.stderr)}`).toBe(true);
  let oldLock = old.lockfile!;
  if (s.editOldLock) {
    const edited = s.editOldLock(oldLock);
    expect(edited).not.toBe(oldLock);
    oldLock = edited;
  }
  if (s.oldLockVersion) {
    expect(oldLock).toMatch(/^version = 4\n\n/m);
    // Version 2 had no marker; registry sources and checksums are spelled alike in v2 to v4.
    oldLock = oldLock.replace(/^version = 4\n\n/m, s.oldLockVersion === 2 ? '' : `version = ${s.oldLockVersion}\n\n`);
  }

  const dir = join(scratch!.path, `s${i}-now`);
  await materialize({ ...base, files: apply(s.now) }, dir);
  await writeFile(join(dir, 'Cargo.lock'), oldLock);
  const cargo = await runCargoSteps(dir, url, [['update', '--workspace']], { cargoHome });
  // Where a conflict is expected, the JSON document gives the kinds of its facts (in the same run:
  // a second one would be a second round of fetches for nothing).
  const ours = await runWhatif([
    'lock',
    dir,
    '--stdout',
    '--registry',
    url,
    ...(s.fails === 'conflict' ? ['--json'] : []),
  ]);

  if (s.fails || !cargo.ok || ours.code !== 0) {
    const oursFails = ours.code === 1 ? 'conflict' : ours.code === 2 ? 'error' : undefined;
    const verdict = !cargo.ok && oursFails !== undefined;
    // A conflict on both sides: of the kind cargo's message names? (Bad input is not compared.)
    let failure: FailureComparison | undefined;
    if (verdict && oursFails === 'conflict' && s.fails === 'conflict') {
      failure = compareFailures(cargo.stderr, (JSON.parse(ours.stdout) as { conflicts: OurConflict[] }).conflicts);
    }
    agreement.record({
      name: s.name,
      cargo: cargo.ok ? 'resolves' : 'fails',
      verdict,
      failure,
      note: verdict
        ? failure === 'different'
          ? `cargo: ${cargoError(cargo.stderr, 3)}`
          : undefined
        : `cargo ${cargo.ok ? 'resolves' : 'fails'}, ours exit ${ours.code}`,
    });
    expect(
      { cargo: cargo.ok, ours: oursFails },
      `cargo:\n${cargoError(cargo.stderr)}\nours:\n${ours.stdout.slice(0, 1500)}${ours.stderr}`,
    ).toEqual({
      cargo: false,
      ours: s.fails,
    });
    expect(failure, cargoError(cargo.stderr, 12)).not.toBe('different');
    return;
  }

  const cargoSet = lockPackageSet(cargo.lockfile!);
  const oursSet = lockPackageSet(ours.stdout);
  const textDiff = firstTextDifference(cargo.lockfile!, ours.stdout);
  let jsonSame: boolean | undefined;
  if (FULL) {
    const json = await runWhatif(['resolve', dir, '--json', '--registry', url]);
    jsonSame = json.code === 0 && setDifference(cargoSet, jsonPackageSet(json.stdout)) === 'same package set';
  }
  agreement.record({
    name: s.name,
    cargo: 'resolves',
    verdict: true,
    set: setDifference(cargoSet, oursSet) === 'same package set',
    bytes: textDiff === undefined,
    json: jsonSame,
    note: textDiff ? `${setDifference(cargoSet, oursSet)}; ${textDiff.split('\n')[0]}` : undefined,
  });

  // The scenario really tests keeping: cargo kept these, though a fresh resolution would not.
  const fresh = await runWhatif(['resolve', dir, '--ignore-lock', '--json', '--registry', url]);
  const freshSet = new Set(jsonPackageSet(fresh.stdout).map((p) => p.replace(/ \(.*\)$/, '')));
  const cargoNames = new Set(cargoSet.map((p) => p.replace(/ \(.*\)$/, '')));
  for (const k of s.kept) {
    expect(cargoNames.has(k), `cargo's new lock has ${k}`).toBe(true);
    expect(freshSet.has(k), `a fresh resolution would not pick ${k}`).toBe(false);
  }
  expect(setDifference(cargoSet, oursSet)).toBe('same package set');
  expect(textDiff).toBeUndefined();
  if (jsonSame !== undefined) expect(jsonSame).toBe(true);
}

describe.skipIf(!runnable)(
  'a previous Cargo.lock on the 2019 index: cargo update --workspace vs cargo-whatif lock',
  () => {
    for (const [i, s] of SCENARIOS.entries()) {
      if (!FULL && !s.quick) continue;
      // CARGO_WHATIF_KNOWN_BUGS=run runs the skipped ones too, to see whether a fix took.
      const test = s.knownBug && !RUN_KNOWN_BUGS ? it.skip : it;
      test(`${s.base}: ${s.name}${s.knownBug ? ` [${s.knownBug}]` : ''}`, () => runScenario(s, i), TIMEOUT);
    }
  },
);
