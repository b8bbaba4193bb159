import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../cli/run-cli.js';
import { copyWorkspace } from '../whatif/helpers.js';

/**
 * Issue 17's regression cases, with the exact inputs a first-time user met: answers that misled
 * a user who acted on them. Each test states the wrong answer it guards against.
 */
const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');
const scratch = mkdtempSync(join(tmpdir(), 'whatif-answers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const copySeed = (): string => copyWorkspace(SEED);

/** A workspace of these files (each member gets an empty src/lib.rs). */
function workspace(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
    if (!file.endsWith('/Cargo.toml')) continue;
    mkdirSync(join(dir, file, '..', 'src'), { recursive: true });
    writeFileSync(join(dir, file, '..', 'src', 'lib.rs'), '');
  }
  return dir;
}

describe('1. --add of a dependency that already exists', () => {
  it('keeps the entry’s other keys, as cargo add does, and says so (never silently)', () => {
    const dir = copySeed();
    const manifest = join(dir, 'arrow_quant_v2', 'Cargo.toml');
    const before = readFileSync(manifest, 'utf8');
    const r = cli(['lock', dir, '--registry', REGISTRY, '--write', '--add', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: --add arrow_quant_v2:pyo3=0.20: `arrow_quant_v2` already depends on `pyo3`');
    expect(r.stderr).toContain('features `extension-module`, `abi3-py310`');
    const after = readFileSync(manifest, 'utf8');
    // Only the requirement changed: extension-module (what makes a maturin build work) stays.
    expect(after).toBe(
      before.replace(
        'pyo3 = { version = "0.22", features = ["extension-module", "abi3-py310"] }',
        'pyo3 = { version = "0.20", features = ["extension-module", "abi3-py310"] }',
      ),
    );
    expect(after).not.toBe(before);
    // The resolution is the same as the bump it amounts to.
    const bump = cli(['resolve', SEED, '--registry', REGISTRY, '--bump', 'arrow_quant_v2:pyo3=0.20', '--json']);
    const add = cli(['resolve', SEED, '--registry', REGISTRY, '--add', 'arrow_quant_v2:pyo3=0.20', '--json']);
    expect(JSON.parse(add.stdout).packages).toEqual(JSON.parse(bump.stdout).packages);
    expect(JSON.parse(add.stdout).notes[0]).toContain('already depends on `pyo3`');
  });

  it('a dependency that is not there yet is added as before', () => {
    const r = cli([
      'resolve',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--add',
      'arrow_storage:tokio=1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('already depends');
  });
});

describe('2. a pin to a version that was never published', () => {
  it('is bad input naming the versions that exist, not a false explanation', () => {
    const r = cli([
      'resolve',
      'fixtures/ai_os_diffusion',
      '--registry',
      'fixtures/registry',
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo3=0.20.99',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^error: --pin pyo3=0\.20\.99: pyo3 0\.20\.99 was never published \(the 0\.20 line has 0\.20\.0, 0\.20\.1, 0\.20\.2, 0\.20\.3\)\n$/,
    );
    expect(r.stderr).not.toContain('does not match');
  });

  it('a pin the requirement excludes is still explained as such', () => {
    const r = cli([
      'explain',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo3=0.21.0',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('pyo3 is pinned to 0.21.0 (--pin pyo3=0.21.0), which ^0.20 does not match');
  });

  it('a pin of a published version resolves to it', () => {
    const r = cli([
      'resolve',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo3=0.20.1',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const pyo3 = JSON.parse(r.stdout).packages.filter((p: { name: string }) => p.name === 'pyo3');
    expect(pyo3.map((p: { version: string }) => p.version)).toEqual(['0.20.1']);
  });
});

describe('3. a mistyped crate never passes', () => {
  it('--pin pyo4=1.0.0 is bad input with a did-you-mean, in resolve and in check', () => {
    const resolve = cli([
      'resolve',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo4=1.0.0',
    ]);
    expect(resolve.code).toBe(2);
    expect(resolve.stderr).toContain(
      'error: --pin pyo4=1.0.0: no crate named `pyo4` in the registry; did you mean `pyo3`?',
    );
    const check = cli([
      'check',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo4=1.0.0',
      '--expect',
      'resolvable',
    ]);
    expect(check.code).toBe(2);
    expect(check.stdout).not.toContain('ok');
  });

  it('forbid = ["numpyy"] in whatif.toml is bad input naming the file, not "ok"', () => {
    const dir = copySeed();
    writeFileSync(
      join(dir, 'whatif.toml'),
      '[[check]]\nname = "typo"\nedits = ["--bump arrow_quant_v2:pyo3=0.20"]\nforbid = ["numpyy"]\n',
    );
    const r = cli(['check', dir, '--registry', REGISTRY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: .*whatif\.toml(:\d+)?: check `typo`: no crate named `numpyy` .* did you mean `numpy`\?\n$/,
    );
    const flags = cli([
      'check',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--unify',
      'pyo3-fii',
    ]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('did you mean `pyo3-ffi`?');
  });

  it('a forbid of a real crate that is not in the graph still holds', () => {
    const r = cli([
      'check',
      SEED,
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--forbid',
      'pyo3-async-runtimes',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('forbid pyo3-async-runtimes: ok (pyo3-async-runtimes is not in the graph)');
  });

  it('misspelt members and dependencies in every edit get a did-you-mean', () => {
    const cases: [string[], string][] = [
      [['--bump', 'arrow_quant_v3:pyo3=0.20'], 'did you mean `arrow_quant_v2`?'],
      [['--bump', 'arrow_quant_v2:pyo4=0.20'], 'did you mean `pyo3`?'],
      [['--remove', 'arrow_quant_v2:pyo3-asyncioo'], 'did you mean `pyo3-asyncio`?'],
      [['--upgrade', 'nump'], 'did you mean `numpy`?'],
    ];
    for (const [args, hint] of cases) {
      const r = cli(['resolve', SEED, '--registry', REGISTRY, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(hint);
    }
  });
});

describe('5. a renamed dependency', () => {
  it('the coordinated upgrade moves it by package name, and fixes name the package', () => {
    const dir = workspace('renamed', {
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["app", "lib"]\n',
      'app/Cargo.toml':
        '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\npy = { package = "pyo3", version = "0.22" }\n',
      'lib/Cargo.toml':
        '[package]\nname = "lib"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\npyo3 = "0.21"\nnumpy = "0.21"\n',
    });
    const r = cli(['explain', dir, '--registry', REGISTRY, '--json']);
    expect(r.code).toBe(1);
    const fixes = JSON.parse(r.stdout).suggestions as { edits: string[]; text: string }[];
    expect(fixes.map((f) => f.edits)).toContainEqual(['--bump pyo3=0.22', '--bump lib:numpy=0.22']);
    const downgrade = fixes.find((f) => f.edits.join(' ') === '--bump app:py=0.21')!;
    expect(downgrade.text).toBe('Use pyo3 (as `py`) 0.21 in app (now ^0.22) (resolves with pyo3 0.21.2)');
    // What `--upgrade pyo3=0.22` shows resolves, the fix search now finds too.
    expect(cli(['resolve', dir, '--registry', REGISTRY, '--upgrade', 'pyo3=0.22']).code).toBe(0);
  });
});

describe('6. conflicts of different kinds', () => {
  it('fixes for independent conflicts combine (a missing feature beside the links clash)', () => {
    const r = cli([
      'explain',
      'fixtures/ai_os_diffusion',
      '--registry',
      'fixtures/registry',
      '--features',
      'tokio=+nonexistent-feature',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.conflicts).toHaveLength(4);
    const fixes = doc.suggestions as { edits: string[]; command: string }[];
    expect(fixes[0]!.edits).toEqual([
      '--features arrow_quant_v2:tokio=-nonexistent-feature',
      '--bump arrow_quant_v2:pyo3=0.20',
    ]);
    // Printed on its own the drop would fail (the manifest never turned the feature on): the
    // command is the user's edits and the fix composed, which cancels the two feature edits.
    expect(fixes[0]!.command).toMatch(/ --bump arrow_quant_v2:pyo3=0\.20$/);
    expect(fixes[0]!.command).not.toContain('nonexistent-feature');
  });
});

describe('8. where a requirement comes from', () => {
  it('an inherited requirement cites [workspace.dependencies]; a cfg(...) one says its condition, in text and JSON', () => {
    const dir = workspace('inherited', {
      'Cargo.toml':
        '[workspace]\nresolver = "2"\nmembers = ["a", "b"]\n\n[workspace.dependencies]\npyo3 = { version = "0.22", features = ["abi3-py310"] }\n',
      'a/Cargo.toml':
        '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\npyo3.workspace = true\n',
      'b/Cargo.toml':
        '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n\n[target.\'cfg(unix)\'.dependencies]\npyo3 = "0.20"\n',
    });
    const text = cli(['explain', dir, '--registry', REGISTRY]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `a v0.1.0 depends on pyo3 ^0.22 with features \`abi3-py310\`  [${join(dir, 'a/Cargo.toml')}:7, version from ${join(dir, 'Cargo.toml')}:6]`,
    );
    expect(text.stdout).toContain(
      `b v0.1.0 depends on pyo3 ^0.20 (only on \`cfg(unix)\`)  [${join(dir, 'b/Cargo.toml')}:7]`,
    );
    const json = JSON.parse(cli(['explain', dir, '--registry', REGISTRY, '--json']).stdout);
    const facts = json.conflicts[0].facts as { kind: string; source?: Record<string, unknown> }[];
    expect(facts[0]!.source).toEqual({
      declared: { kind: 'manifest', at: { file: join(dir, 'a/Cargo.toml'), line: 7, keyPath: 'dependencies.pyo3' } },
      version: { file: join(dir, 'Cargo.toml'), line: 6, keyPath: 'workspace.dependencies.pyo3' },
    });
    expect(facts[1]!.source).toMatchObject({ target: 'cfg(unix)' });
  });
});

describe('10. noise', () => {
  it('conflicts that share a requirement are told as one group, the shared chain once', () => {
    const r = cli(['explain', SEED, '--registry', REGISTRY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^error: arrow_quant_v2's pyo3 \^0\.22 clashes with 3 requirements that all need pyo3 0\.20\.x \(one conflict each\): arrow_storage's pyo3 \^0\.20, arrow_quant_v2's pyo3-asyncio \^0\.20 and arrow_storage's numpy \^0\.20\n/,
    );
    expect(r.stdout.split('arrow_quant_v2 v0.1.0 depends on pyo3 ^0.22').length - 1).toBe(1);
    expect(r.stdout.split("arrow_quant_v2's pyo3 ^0.22: as in conflict 1").length - 1).toBe(2);
    // Each minimal conflict stays visible.
    for (const i of [1, 2, 3]) expect(r.stdout).toContain(`  conflict ${i} of 3: arrow_quant_v2's pyo3 ^0.22 and `);
  });

  it('the clashing lines are named in the order of the requirements', () => {
    const r = cli(['explain', SEED, '--registry', REGISTRY]);
    expect(r.stdout).toContain(
      "arrow_quant_v2's pyo3 ^0.22 and arrow_storage's pyo3 ^0.20 need pyo3-ffi 0.22.x and pyo3-ffi 0.20.x",
    );
  });

  it('with a stale Cargo.lock, the versions that meet a requirement are listed newest first', () => {
    const dir = copySeed();
    const lock = cli([
      'lock',
      dir,
      '--registry',
      REGISTRY,
      '--stdout',
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--pin',
      'pyo3=0.20.0',
    ]);
    expect(lock.code).toBe(0);
    writeFileSync(join(dir, 'Cargo.lock'), lock.stdout);
    const r = cli(['explain', dir, '--registry', REGISTRY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('versions that meet the requirement `pyo3 ^0.20` are: 0.20.3, 0.20.2, 0.20.1, 0.20.0');
  });
});

describe('9. what a fix costs', () => {
  it('breaking moves and removals are said, and fixes are ranked by them', () => {
    const r = cli(['explain', SEED, '--registry', REGISTRY]);
    expect(r.code).toBe(1);
    const help = r.stdout.slice(r.stdout.indexOf('help:'));
    expect(help).toContain('cheapest first');
    expect(help).toContain(
      'cost: a breaking downgrade of pyo3 in arrow_quant_v2 (0.22 → 0.20: code written for 0.22 may not build)',
    );
    expect(help).toContain('removes pyo3-asyncio from arrow_quant_v2 (every use of it must go)');
    expect(help.indexOf('breaking downgrade')).toBeLessThan(help.indexOf('removes pyo3-asyncio'));
  });
});

describe('7. whatif.toml edits', () => {
  it('a string may hold several flags (it once failed with "invalid version requirement `0.22 --bump numpy=0.22`")', () => {
    const dir = copySeed();
    writeFileSync(
      join(dir, 'whatif.toml'),
      '[[check]]\nname = "both"\nedits = ["--bump pyo3=0.22 --bump numpy=0.22"]\nexpect = "conflict"\n',
    );
    const r = cli(['check', dir, '--registry', REGISTRY]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('edits: --bump pyo3=0.22 --bump numpy=0.22');
    expect(r.code).toBe(0);
  });
});

describe("11. cargo's conventions", () => {
  it('--manifest-path is taken, as by every cargo subcommand', () => {
    const r = cli([
      'resolve',
      '--manifest-path',
      join(SEED, 'Cargo.toml'),
      '--registry',
      REGISTRY,
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('resolved');
    const both = cli(['resolve', SEED, '--manifest-path', join(SEED, 'Cargo.toml')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give the workspace once');
  });

  it('`help explain` prints explain’s help', () => {
    const r = cli(['help', 'explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: cargo-whatif explain/);
  });

  it('did you mean, for a command and for a flag', () => {
    const command = cli(['resolv']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command `resolv`; did you mean `resolve`?');
    const flag = cli(['resolve', SEED, '--bumpp', 'pyo3=0.20']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--bumpp'; did you mean `--bump`?");
  });

  it('help lists only what the command takes; an option of another command is refused, not ignored', () => {
    expect(cli(['tui', '--help']).stdout).not.toMatch(/^\s+--json/m);
    for (const c of ['resolve', 'explain', 'check', 'tui'])
      expect(cli([c, '--help']).stdout, c).not.toContain('--write');
    expect(cli(['lock', '--help']).stdout).toContain('--write');
    const r = cli(['resolve', SEED, '--registry', REGISTRY, '--expect', 'conflict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--expect belongs to `check`, not `resolve`');
  });
});
