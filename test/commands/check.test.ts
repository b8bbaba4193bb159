import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { copyWorkspace, REGISTRY, readTree, SEED, WHATIF_SEED } from '../whatif/helpers.js';
import { runCli } from './helpers.js';

/**
 * `check` on fixtures/whatif/ai_os_diffusion, whose whatif.toml is what a CI job for the seed
 * workspace would run: the current conflict, Option 2, Option 1 (alone and with
 * pyo3-async-runtimes) and Option 3. Exit codes 0/1/2 and the `--json` document.
 */
const R = ['--registry', REGISTRY, '--offline'];

describe('whatif.toml', () => {
  test('every check holds: exit 0, nothing written', async () => {
    const before = readTree(WHATIF_SEED);
    const r = await runCli(['check', WHATIF_SEED, ...R]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('running 5 checks from ');
    expect(r.stdout).toContain('check "as it stands, pyo3 0.20 and 0.22 clash" ... ok\n');
    expect(r.stdout).toContain('check "Option 1 with pyo3-async-runtimes in place of pyo3-asyncio" ... ok\n');
    expect(r.stdout).toContain('    unify pyo3: ok (pyo3 0.22.6)\n');
    expect(r.stdout).toContain(
      '    (--upgrade pyo3=0.22 stands for --bump pyo3=0.22 --bump arrow_storage:numpy=0.22)\n',
    );
    expect(r.stdout).toMatch(/check result: ok\. 5 passed; 0 failed\n$/);
    expect(readTree(WHATIF_SEED)).toEqual(before);
  });

  test('--json: one document, a result per check', async () => {
    const r = await runCli(['check', WHATIF_SEED, ...R, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('passed');
    expect(doc.passed).toBe(true);
    expect(doc.file).toBe(path.join(WHATIF_SEED, 'whatif.toml'));
    expect(doc.checks.map((c: { name: string; status: string }) => [c.name, c.status])).toEqual([
      ['as it stands, pyo3 0.20 and 0.22 clash', 'pass'],
      ['Option 2: arrow_quant_v2 back on pyo3 0.20', 'pass'],
      ['Option 1 alone: pyo3-asyncio has no release for pyo3 0.22', 'pass'],
      ['Option 1 with pyo3-async-runtimes in place of pyo3-asyncio', 'pass'],
      ['Option 3: one pyo3 requirement in [workspace.dependencies]', 'pass'],
    ]);
    const [conflict, option2] = doc.checks;
    expect(conflict.edits).toEqual([]);
    expect(conflict.expectations).toEqual([
      {
        kind: 'expect',
        text: 'expect conflict',
        status: 'pass',
        pass: true,
        why: expect.stringMatching(
          /^does not resolve: failed to select a version for `pyo3-ffi` .*\(links = "python"\)$/,
        ),
      },
    ]);
    // The contract's unresolvable document: cargo's verdict as one conflict with its facts; the
    // fixes are explain's (issue 13: check never loads the SAT engine).
    expect(conflict.resolution.status).toBe('unresolvable');
    expect(conflict.resolution.conflicts[0].facts.some((f: { kind: string }) => f.kind === 'links')).toBe(true);
    expect(conflict.resolution.suggestions).toEqual([]);
    expect(conflict.resolution.explain).toContain('cargo-whatif explain ');
    expect(option2.edits).toEqual(['--bump arrow_quant_v2:pyo3=0.20']);
    expect(option2.expectations.map((x: { text: string; pass: boolean }) => [x.text, x.pass])).toEqual([
      ['expect resolvable', true],
      ['unify pyo3', true],
    ]);
    expect(option2.resolution.status).toBe('resolved');
    expect(option2.resolution.packages).toContainEqual({
      name: 'pyo3',
      version: '0.20.3',
      source: 'registry',
      features: expect.any(Array),
    });
    expect(option2.diff.baseline).toBe('unresolvable');
  });

  test('--check NAME runs one', async () => {
    const r = await runCli(['check', WHATIF_SEED, ...R, '--check', 'Option 2: arrow_quant_v2 back on pyo3 0.20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check result: ok\. 1 passed; 0 failed/);
    const missing = await runCli(['check', WHATIF_SEED, ...R, '--check', 'Option 4']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no check named `Option 4`');
  });

  test('a check that fails: exit 1, with what failed and why', async () => {
    const dir = copyWorkspace(WHATIF_SEED);
    appendFileSync(
      path.join(dir, 'whatif.toml'),
      '\n[[check]]\nname = "Option 2 keeps one ndarray"\nedits = ["--bump arrow_quant_v2:pyo3=0.20"]\nexpect = "resolvable"\nmax-duplicates = 0\nforbid = ["numpy@0.20"]\n',
    );
    const r = await runCli(['check', dir, ...R]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('check "Option 2 keeps one ndarray" ... FAILED\n');
    expect(r.stdout).toContain(
      '    max-duplicates 0: FAILED (1 crate has more than one version: ndarray (0.15.6, 0.16.1))\n',
    );
    expect(r.stdout).toContain(
      '    forbid numpy@0.20: FAILED (numpy 0.20.0 (required by arrow_storage) in the graph)\n',
    );
    expect(r.stdout).toMatch(/check result: FAILED\. 5 passed; 1 failed\nfailed: "Option 2 keeps one ndarray"\n$/);
    const json = JSON.parse(
      (await runCli(['check', dir, ...R, '--json', '--check', 'Option 2 keeps one ndarray'])).stdout,
    );
    expect(json.status).toBe('failed');
    expect(json.checks[0].expectations.map((x: { status: string }) => x.status)).toEqual(['pass', 'fail', 'fail']);
  });

  test('edits on the command line apply before each check', async () => {
    const r = await runCli([
      'check',
      WHATIF_SEED,
      ...R,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--check',
      'as it stands, pyo3 0.20 and 0.22 clash',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('    expect conflict: FAILED (resolves with 64 packages)\n');
  });
});

describe('bad input: exit 2, reported with file and line', () => {
  async function broken(
    edit: (text: string) => string,
  ): Promise<{ r: Awaited<ReturnType<typeof runCli>>; file: string; before: Map<string, string> }> {
    const dir = copyWorkspace(WHATIF_SEED);
    const file = path.join(dir, 'whatif.toml');
    writeFileSync(file, edit(readFileSync(file, 'utf8')));
    const before = readTree(dir);
    const r = await runCli(['check', dir, ...R, '--json']);
    expect(readTree(dir)).toEqual(before);
    return { r, file, before };
  }

  test('not TOML', async () => {
    const { r, file } = await broken((t) => t.replace('expect = "conflict"', 'expect = conflict'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8: invalid TOML`));
    expect(JSON.parse(r.stdout)).toEqual({ status: 'error', message: expect.stringContaining('whatif.toml:8:') });
  });

  test('found before the index is read: no registry is asked', async () => {
    const dir = copyWorkspace(WHATIF_SEED);
    writeFileSync(path.join(dir, 'whatif.toml'), '[[check]]\nname = "x"\nexpect = conflict\n');
    const r = await runCli(['check', dir, '--registry', 'sparse+http://127.0.0.1:9/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('whatif.toml:3: invalid TOML');
  });

  test('a misspelt key, an unknown edit flag, a bad expectation', async () => {
    const misspelt = await broken((t) => t.replace('expect = "conflict"', 'expcet = "conflict"'));
    expect(misspelt.r.code).toBe(2);
    expect(misspelt.r.stderr).toContain('whatif.toml:8: unknown key `expcet` in a check');
    const flag = await broken((t) =>
      t.replace('"--upgrade pyo3=0.22",\n    "--remove', '"--upgrade pyo3=0.22",\n    "--bumpp x=1",\n    "--remove'),
    );
    expect(flag.r.code).toBe(2);
    expect(flag.r.stderr).toMatch(/whatif\.toml:25: `--bumpp x=1` is not a what-if edit/);
    const expectation = await broken((t) => t.replace('expect = "conflict"', 'expect = "fails"'));
    expect(expectation.r.stderr).toContain('whatif.toml:8: `expect` is "resolvable" or "conflict"');
  });

  test('an edit this workspace cannot take, at the line of its check', async () => {
    const { r } = await broken((t) =>
      t.replace('edits = ["--bump arrow_quant_v2:pyo3=0.20"]', 'edits = ["--bump arrow_quant:pyo3=0.20"]'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'whatif.toml:12: check `Option 2: arrow_quant_v2 back on pyo3 0.20`: --bump arrow_quant:pyo3=0.20: no workspace member named `arrow_quant`',
    );
  });

  test('duplicate names, a check that expects nothing', async () => {
    const dup = await broken((t) =>
      t.replace(
        'name = "Option 1 alone: pyo3-asyncio has no release for pyo3 0.22"',
        'name = "as it stands, pyo3 0.20 and 0.22 clash"',
      ),
    );
    expect(dup.r.stderr).toContain('whatif.toml:17: two checks are named');
    const nothing = await broken((t) => t + '\n[[check]]\nname = "empty"\nedits = ["--pin pyo3=0.20.1"]\n');
    expect(nothing.r.stderr).toMatch(/whatif\.toml:46: check `empty` expects nothing/);
  });

  test('no whatif.toml and no expectations', async () => {
    const r = await runCli(['check', SEED, ...R]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to check');
  });
});

describe('expectations from flags', () => {
  test('--expect conflict holds for the seed; its JSON is the contract document plus the verdict', async () => {
    const r = await runCli(['check', SEED, ...R, '--expect', 'conflict', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('unresolvable');
    // Cargo's verdict, from its search (issue 13): where it gave up, as cargo's error says; the
    // minimal conflicts and fixes are explain's, which the document points to.
    expect(doc.conflicts).toEqual([
      {
        summary:
          'failed to select a version for `pyo3-ffi` (required by pyo3 v0.20.0): every candidate conflicts with pyo3-ffi v0.22.4 (links = "python")',
        facts: [{ kind: 'links', text: expect.stringContaining('pyo3-ffi v0.22.4 links the native library `python`') }],
      },
    ]);
    expect(doc.suggestions).toEqual([]);
    expect(doc.explain).toMatch(/^cargo-whatif explain \S+ --registry \S+ --offline$/);
    expect(doc.passed).toBe(true);
    expect(doc.checks[0].name).toBe('command line');
  });

  test('--expect resolvable fails for the seed, and holds with Option 2', async () => {
    expect((await runCli(['check', SEED, ...R, '--expect', 'resolvable'])).code).toBe(1);
    const r = await runCli([
      'check',
      SEED,
      ...R,
      '--expect',
      'resolvable',
      '--unify',
      'pyo3',
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('resolved');
    expect(doc.passed).toBe(true);
  });

  test('policies fail on a graph that does not exist, unless a conflict is expected', async () => {
    const unify = await runCli(['check', SEED, ...R, '--unify', 'pyo3']);
    expect(unify.code).toBe(1);
    expect(unify.stdout).toContain('unify pyo3: FAILED (cannot be checked: the workspace does not resolve)');
    const moot = await runCli(['check', SEED, ...R, '--expect', 'conflict', '--unify', 'pyo3']);
    expect(moot.code).toBe(0);
    expect(moot.stdout).toContain('unify pyo3: skipped');
  });

  test('bad flags: exit 2', async () => {
    expect((await runCli(['check', SEED, ...R, '--expect', 'maybe'])).code).toBe(2);
    expect((await runCli(['check', SEED, ...R, '--max-duplicates', 'two'])).code).toBe(2);
    expect((await runCli(['check', SEED, ...R, '--forbid', 'numpy@>>1'])).code).toBe(2);
    expect((await runCli(['check', WHATIF_SEED, ...R, '--check', 'x', '--expect', 'conflict'])).code).toBe(2);
  });
});
