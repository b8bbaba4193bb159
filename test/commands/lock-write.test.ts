import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyWorkspace, REGISTRY, readTree, SEED } from '../whatif/helpers.js';
import { runCli } from './helpers.js';

/**
 * `resolve` and `lock` with what-if edits: the lockfile diff in their output, nothing written
 * without `--write`, and with it the edited manifests plus the Cargo.lock real cargo writes
 * for them (fixtures/ai_os_diffusion/expected/*.Cargo.lock came from cargo 1.95).
 */
const EXPECTED = path.join(SEED, 'expected');
const R = ['--registry', REGISTRY, '--offline'];
const OPTION_1 = [
  '--upgrade',
  'pyo3=0.22',
  '--remove',
  'arrow_quant_v2:pyo3-asyncio',
  '--add',
  'arrow_quant_v2:pyo3-async-runtimes=0.22',
  '--features',
  'arrow_quant_v2:pyo3-async-runtimes=+tokio-runtime',
];

/** The seed as Option 2 left it: arrow_quant_v2 back on pyo3 0.20, with cargo's Cargo.lock. */
function reverted(): string {
  const dir = copyWorkspace(SEED);
  const quant = path.join(dir, 'arrow_quant_v2/Cargo.toml');
  const text = readFileSync(quant, 'utf8');
  expect(text.split('pyo3 = { version = "0.22"').length).toBe(2);
  writeFileSync(quant, text.replace('pyo3 = { version = "0.22"', 'pyo3 = { version = "0.20"'));
  copyFileSync(path.join(EXPECTED, 'revert-to-0.20.Cargo.lock'), path.join(dir, 'Cargo.lock'));
  return dir;
}

/** name@version of every package of one of cargo's expected Cargo.lock files. */
function cargoLocked(file: string): Set<string> {
  const text = readFileSync(path.join(EXPECTED, file), 'utf8');
  return new Set(
    [...text.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)].map((m) => `${m[1]}@${m[2]}`),
  );
}

describe('resolve with edits shows the lockfile diff', () => {
  test('text: after the package list, against Cargo.lock', async () => {
    const dir = reverted();
    const r = await runCli(['resolve', dir, ...R, ...OPTION_1]);
    expect(r.code).toBe(0);
    // pyo3 0.20 needs parking_lot (and, through it, windows-targets and its 8 target crates);
    // pyo3 0.22 does not: cargo's own two lockfiles differ the same way (see the JSON test).
    expect(r.stdout).toContain('Changes against Cargo.lock: 1 added, 18 removed, 7 upgraded\n');
    expect(r.stdout).toContain('    Updating pyo3 v0.20.3 -> v0.22.6\n');
    expect(r.stdout).toContain('      Adding pyo3-async-runtimes v0.22.0\n');
    expect(r.stdout).toContain('    Removing pyo3-asyncio v0.20.0\n');
    expect(r.stdout).toContain('    Removing ndarray v0.15.6\n');
    expect(r.stderr).toContain(
      'note: `--upgrade pyo3=0.22` stands for --bump pyo3=0.22 --bump arrow_storage:numpy=0.22',
    );
  });

  test('JSON: an added `diff` field next to the contract fields', async () => {
    const dir = reverted();
    const r = await runCli(['resolve', dir, ...R, '--json', ...OPTION_1]);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('resolved');
    expect(doc.packages.length).toBeGreaterThan(0);
    expect(doc.diff.baseline).toBe('lockfile');
    expect(doc.diff.upgraded).toContainEqual({ name: 'pyo3', from: '0.20.3', to: '0.22.6', source: 'registry' });
    expect(doc.diff.added).toEqual([{ name: 'pyo3-async-runtimes', version: '0.22.0', source: 'registry' }]);
    // Exactly what cargo's Option 2 lockfile has and its lockfile for these edits lacks, less
    // the versions that moved (one version of a name gone, one come: an upgrade).
    const before = cargoLocked('revert-to-0.20.Cargo.lock');
    const after = cargoLocked('whatif-async-runtimes.Cargo.lock');
    const only = (a: Set<string>, b: Set<string>, name: string) =>
      [...a].filter((p) => p.startsWith(`${name}@`) && !b.has(p));
    const gone = [...before]
      .filter((p) => !after.has(p))
      .filter((p) => {
        const name = p.split('@')[0]!;
        return !(only(before, after, name).length === 1 && only(after, before, name).length === 1);
      })
      .sort();
    expect(gone).toContain('pyo3-asyncio@0.20.0');
    expect(gone).toContain('parking_lot@0.12.2');
    expect(doc.diff.removed.map((x: { name: string; version: string }) => `${x.name}@${x.version}`).sort()).toEqual(
      gone,
    );
    expect(doc.diff.removed.every((x: { source: string }) => x.source === 'registry')).toBe(true);
    expect(doc.diff.downgraded).toEqual([]);
    expect(doc.upgrades).toEqual([
      { edit: '--upgrade pyo3=0.22', bumps: ['--bump pyo3=0.22', '--bump arrow_storage:numpy=0.22'] },
    ]);
  });

  test('without a Cargo.lock the baseline is a resolve without the edits', async () => {
    const r = await runCli(['resolve', SEED, ...R, '--json', '--bump', 'arrow_quant_v2:pyo3=0.20']);
    // The seed does not resolve as it stands, so there is nothing before the edit.
    expect(JSON.parse(r.stdout).diff.baseline).toBe('unresolvable');
    const dir = reverted();
    const plain = await runCli(['resolve', dir, ...R, '--ignore-lock', '--json', '--pin', 'pyo3=0.20.1']);
    const diff = JSON.parse(plain.stdout).diff;
    expect(diff.baseline).toBe('resolve');
    expect(diff.downgraded).toContainEqual({ name: 'pyo3', from: '0.20.3', to: '0.20.1', source: 'registry' });
  });
});

describe('lock with edits', () => {
  test('without --write nothing is written, and the diff is printed', async () => {
    const dir = reverted();
    const before = readTree(dir);
    const r = await runCli(['lock', dir, ...R, ...OPTION_1]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no file was written');
    expect(r.stdout).toContain('Changes against Cargo.lock');
    expect(readTree(dir)).toEqual(before);
  });

  test('--write: the manifests change only in the edited values, Cargo.lock is what cargo writes', async () => {
    const dir = reverted();
    const before = readTree(dir);
    const r = await runCli(['lock', dir, ...R, '--write', '--json', ...OPTION_1]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.written).toBe(true);
    expect(doc.manifests.map((f: string) => path.relative(dir, f)).sort()).toEqual([
      'arrow_quant_v2/Cargo.toml',
      'arrow_storage/Cargo.toml',
    ]);
    const after = readTree(dir);
    expect(after.get('Cargo.lock')).toBe(
      readFileSync(path.join(EXPECTED, 'whatif-async-runtimes.Cargo.lock'), 'latin1'),
    );
    const quant = before.get('arrow_quant_v2/Cargo.toml')!;
    expect(after.get('arrow_quant_v2/Cargo.toml')).toBe(
      quant
        .replace('pyo3 = { version = "0.20"', 'pyo3 = { version = "0.22"')
        .replace('pyo3-asyncio = { version = "0.20", features = ["tokio-runtime"] }\n', '')
        .replace(
          'ndarray = "0.16"\n',
          'ndarray = "0.16"\npyo3-async-runtimes = { version = "0.22", features = ["tokio-runtime"] }\n',
        ),
    );
    const storage = before.get('arrow_storage/Cargo.toml')!;
    expect(after.get('arrow_storage/Cargo.toml')).toBe(
      storage
        .replace('pyo3 = { version = "0.20"', 'pyo3 = { version = "0.22"')
        .replace('numpy = "0.20"', 'numpy = "0.22"'),
    );
    for (const [file, text] of before) {
      if (!['Cargo.lock', 'arrow_quant_v2/Cargo.toml', 'arrow_storage/Cargo.toml'].includes(file))
        expect(after.get(file), file).toBe(text);
    }
    // The written workspace now resolves as it stands, to the same lockfile.
    const again = await runCli(['lock', dir, ...R]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('is up to date');
  });

  test('--write of Option 3: [workspace.dependencies] appears, members inherit, same lockfile as Option 1', async () => {
    const dir = reverted();
    const before = readTree(dir);
    const r = await runCli(['lock', dir, ...R, '--write', ...OPTION_1, '--unify-workspace', 'pyo3']);
    expect(r.code).toBe(0);
    const after = readTree(dir);
    expect(after.get('Cargo.lock')).toBe(
      readFileSync(path.join(EXPECTED, 'whatif-async-runtimes.Cargo.lock'), 'latin1'),
    );
    expect(after.get('Cargo.toml')).toBe(
      before.get('Cargo.toml') +
        '\n[workspace.dependencies]\npyo3 = { version = "0.22", features = ["extension-module", "abi3-py310"] }\n',
    );
    expect(after.get('arrow_storage/Cargo.toml')).toBe(
      before
        .get('arrow_storage/Cargo.toml')!
        .replace(
          'pyo3 = { version = "0.20", features = ["extension-module", "abi3-py310"] }',
          'pyo3 = { workspace = true }',
        )
        .replace('numpy = "0.20"', 'numpy = "0.22"'),
    );
    expect(after.get('arrow_quant_v2/Cargo.toml')).toContain('\npyo3 = { workspace = true }\n');
  });

  test('--write of Option 2 on the seed writes the Cargo.lock cargo wrote for it', async () => {
    const dir = copyWorkspace(SEED);
    const r = await runCli(['lock', dir, ...R, '--write', '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Cargo.lock'), 'utf8')).toBe(
      readFileSync(path.join(EXPECTED, 'revert-to-0.20.Cargo.lock'), 'utf8'),
    );
  });

  test('--write when the edits do not resolve: exit 1, nothing written', async () => {
    const dir = reverted();
    const before = readTree(dir);
    const r = await runCli(['lock', dir, ...R, '--write', '--upgrade', 'pyo3=0.22']);
    expect(r.code).toBe(1);
    expect(readTree(dir)).toEqual(before);
  });

  test('--write with a bad edit: exit 2, nothing written', async () => {
    const dir = reverted();
    const before = readTree(dir);
    const r = await runCli([
      'lock',
      dir,
      ...R,
      '--write',
      '--bump',
      'arrow_storage:pyo3=0.22',
      '--remove',
      'arrow_storage:serde',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('`arrow_storage` does not depend on `serde`');
    expect(readTree(dir)).toEqual(before);
  });

  test('--write belongs to lock, and not with --stdout', async () => {
    expect((await runCli(['resolve', SEED, ...R, '--write', '--bump', 'pyo3=0.20'])).code).toBe(2);
    const r = await runCli(['lock', SEED, ...R, '--write', '--stdout', '--bump', 'pyo3=0.20']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write and --stdout cannot be combined');
  });
});
