import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from './run-cli.js';

/** The command-line contract of ../shared/CONTRACT.md, driven through the built binary. */
const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');
const scratch = mkdtempSync(join(tmpdir(), 'whatif-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What JSON.parse says of line `line` of `file`, which the warning quotes. */
function jsonError(file: string, line: number): string {
  try {
    JSON.parse(readFileSync(file, 'utf8').split('\n')[line - 1]!);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

function copySeed(name: string): string {
  const dir = join(scratch, name);
  cpSync(SEED, dir, { recursive: true, filter: (src) => !src.includes(`${SEED}/expected`) });
  return dir;
}

describe('invocation', () => {
  it('--help lists every command and --version prints the version', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['resolve', 'lock', 'explain', 'check', 'tui']) expect(help.stdout).toContain(c);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const version = cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(`cargo-whatif ${pkg.version}`);
  });

  it('accepts and skips the `whatif` that cargo passes to a subcommand', () => {
    const r = cli(['whatif', 'resolve', SEED, '--registry', REGISTRY, '--bump', 'arrow_quant_v2:pyo3=0.20', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('resolved');
  });

  it('defaults PATH to the current directory and accepts a Cargo.toml path', () => {
    const fromCwd = cli(['resolve', '--registry', REGISTRY, '--json'], SEED);
    const fromFile = cli(['resolve', join(SEED, 'Cargo.toml'), '--registry', REGISTRY, '--json']);
    expect(fromCwd.code).toBe(1);
    expect(fromFile.code).toBe(1);
    // Origins are printed relative to where the user stands, so compare what does not move.
    const summaries = (out: string) => JSON.parse(out).conflicts.map((c: { summary: string }) => c.summary);
    expect(summaries(fromFile.stdout)).toEqual(summaries(fromCwd.stdout));
  });
});

describe('the seed scenario', () => {
  it('resolve: exit 1, JSON conflicts and verified suggestions', () => {
    const r = cli(['resolve', SEED, '--registry', REGISTRY, '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('unresolvable');
    expect(doc.conflicts.length).toBeGreaterThanOrEqual(2);
    const summaries = doc.conflicts.map((c: { summary: string }) => c.summary).join('\n');
    expect(summaries).toContain("arrow_storage's pyo3 ^0.20");
    expect(summaries).toContain("arrow_quant_v2's pyo3-asyncio ^0.20");
    for (const c of doc.conflicts) {
      expect(c.facts.some((f: { kind: string }) => f.kind === 'links')).toBe(true);
      expect(c.facts.find((f: { kind: string }) => f.kind === 'links').text).toContain('pyo3-ffi');
    }
    expect(doc.suggestions[0].edits).toEqual(['--bump arrow_quant_v2:pyo3=0.20']);
  });

  it('every suggestion printed resolves when its flags are run', () => {
    const doc = JSON.parse(cli(['explain', SEED, '--registry', REGISTRY, '--json']).stdout);
    expect(doc.suggestions.length).toBeGreaterThan(0);
    for (const s of doc.suggestions as { edits: string[] }[]) {
      const flags = s.edits.flatMap((e) => e.split(' '));
      const r = cli(['resolve', SEED, '--registry', REGISTRY, '--json', ...flags]);
      expect(r.code, s.edits.join(' ')).toBe(0);
    }
  });

  it('lock --stdout of a what-if matches the Cargo.lock real cargo wrote, byte for byte', () => {
    const r = cli(['lock', SEED, '--registry', REGISTRY, '--stdout', '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(SEED, 'expected', 'revert-to-0.20.Cargo.lock'), 'utf8'));
  });

  it('explain: exit 0 and says so when the workspace resolves', () => {
    const r = cli(['explain', SEED, '--registry', REGISTRY, '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/resolves/);
  });

  it('lock writes Cargo.lock only for the manifests as they are, never for a what-if without --write', () => {
    const dir = copySeed('lock-writes');
    const whatIf = cli(['lock', dir, '--registry', REGISTRY, '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(whatIf.code).toBe(0);
    expect(existsSync(join(dir, 'Cargo.lock'))).toBe(false);
    writeFileSync(
      join(dir, 'arrow_quant_v2', 'Cargo.toml'),
      readFileSync(join(dir, 'arrow_quant_v2', 'Cargo.toml'), 'utf8').replace('version = "0.22"', 'version = "0.20"'),
    );
    const real = cli(['lock', dir, '--registry', REGISTRY]);
    expect(real.code).toBe(0);
    expect(readFileSync(join(dir, 'Cargo.lock'), 'utf8')).toBe(
      readFileSync(join(SEED, 'expected', 'revert-to-0.20.Cargo.lock'), 'utf8'),
    );
  });
});

describe('bad input: one `error:` line naming the file, exit 2, nothing written', () => {
  function expectBadInput(args: string[], file: RegExp, dir?: string) {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toMatch(file);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    if (dir) expect(existsSync(join(dir, 'Cargo.lock'))).toBe(false);
    const json = cli([...args, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).status).toBe('error');
    return r;
  }

  it('malformed TOML', () => {
    const dir = copySeed('bad-toml');
    writeFileSync(join(dir, 'arrow_storage', 'Cargo.toml'), '[package]\nname = "arrow_storage"\nversion = "0.1.0\n');
    expectBadInput(['lock', dir, '--registry', REGISTRY], /arrow_storage\/Cargo\.toml:3/, dir);
  });

  it('a bad version requirement', () => {
    const dir = copySeed('bad-req');
    const file = join(dir, 'arrow_storage', 'Cargo.toml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('numpy = "0.20"', 'numpy = "0.2x"'));
    const r = expectBadInput(['lock', dir, '--registry', REGISTRY], /arrow_storage\/Cargo\.toml:\d+/, dir);
    expect(r.stderr).toContain('0.2x');
  });

  it('an unknown crate', () => {
    const dir = copySeed('unknown-crate');
    const file = join(dir, 'arrow_storage', 'Cargo.toml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('numpy = "0.20"', 'numpyy = "0.20"'));
    const r = expectBadInput(['lock', dir, '--registry', REGISTRY], /arrow_storage\/Cargo\.toml:\d+/, dir);
    expect(r.stderr).toContain('numpyy');
  });

  it('a truncated index line is skipped as cargo skips it, with a warning naming the crate, file and line', () => {
    const registry = join(scratch, 'corrupt-registry');
    cpSync(REGISTRY, registry, { recursive: true });
    const file = join(registry, 'py', 'o3', 'pyo3');
    const text = readFileSync(file, 'utf8');
    // A mirror's write cut short by a full disk: the line stops in the middle.
    writeFileSync(file, text + '{"name":"pyo3","vers":"0.20.9","deps":[{"name":"py');
    const line = text.split('\n').length;
    const r = cli(['resolve', SEED, '--registry', registry, '--bump', 'arrow_quant_v2:pyo3=0.20', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('resolved');
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: ${file}:${line}: skipping the index entry of \`pyo3\` 0.20.9, as cargo does: not valid JSON (${jsonError(file, line)})`,
    ]);
    // Only a requirement that nothing else meets fails, and it names the line and why.
    const pinned = cli(['resolve', SEED, '--registry', registry, '--bump', 'arrow_quant_v2:pyo3==0.20.9']);
    expect(pinned.code).toBe(1);
    expect(pinned.stdout).toContain(
      `no usable version of pyo3 matches =0.20.9: the line of version 0.20.9 cannot be read: not valid JSON`,
    );
    expect(pinned.stdout).toContain(`py/o3/pyo3:${line}]`);
  });

  it("crate foo whose only line is unusable: an error that versions exist, naming the line and why, never 'no crate named foo'", () => {
    const ws = join(scratch, 'uses-foo');
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'lib.rs'), '');
    writeFileSync(
      join(ws, 'Cargo.toml'),
      '[package]\nname = "ws"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfoo = "1"\n',
    );
    const dep = { req: '^1', features: [], optional: true, default_features: true, target: null, kind: 'normal' };
    const valid = {
      name: 'foo',
      vers: '1.0.0',
      deps: [{ name: 'bar', ...dep }],
      cksum: 'a'.repeat(64),
      features: {},
      yanked: false,
    };
    const cases: [string, string, string][] = [
      // A dependency named with an escape sequence: the line parses and does not validate.
      [
        'invalid',
        JSON.stringify({ ...valid, deps: [{ name: 'b\u001b[31mar', ...dep }] }),
        "version 1.0.0's index entry is invalid: invalid character `\\u{1b}` in feature name: `b\\u{1b}[31mar`",
      ],
      // A line cut short: it does not parse.
      ['unreadable', JSON.stringify(valid).slice(0, 40), 'the line of version 1.0.0 cannot be read: not valid JSON'],
    ];
    for (const [name, line, why] of cases) {
      const registry = join(scratch, `registry-foo-${name}`);
      mkdirSync(join(registry, '3', 'f'), { recursive: true });
      writeFileSync(join(registry, '3', 'f', 'foo'), `${line}\n`);
      const r = cli(['resolve', ws, '--registry', registry]);
      expect(r.code, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(
        lines.filter((l) => l.startsWith('error:')),
        r.stderr,
      ).toEqual([
        `error: ${join(ws, 'Cargo.toml')}:7: no version of \`foo\` in ${registry} can be used (required by ws): cargo leaves out every line of its index file`,
      ]);
      expect(r.stderr).not.toContain('no crate named');
      expect(r.stderr).not.toContain('\u001b');
      expect(
        lines.some((l) => l.startsWith(`note: ${join(registry, '3', 'f', 'foo')}:1: `) && l.includes(why)),
        r.stderr,
      ).toBe(true);
    }
  });

  it('a corrupt index line of a version the resolution needs is skipped and named; one it never looks at is left alone, as by cargo', () => {
    const registry = join(scratch, 'corrupt-registry-inner');
    cpSync(REGISTRY, registry, { recursive: true });
    const file = join(registry, 'nu', 'mp', 'numpy');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const needed = lines.findIndex((l) => l.includes('"vers":"0.20.0"'));
    expect(needed).toBeGreaterThanOrEqual(0);
    const broken = (l: string) => l.replace('"deps":[', '"deps":[oops,');
    writeFileSync(file, lines.map((l, i) => (i === needed ? broken(l) : l)).join('\n') + '\n');
    // numpy ^0.20 has no other version: the fix explain would verify cannot take numpy 0.20.x.
    const lone = cli(['resolve', SEED, '--registry', registry, '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(lone.code).toBe(1);
    expect(lone.stderr).toContain(
      `warning: ${file}:${needed + 1}: skipping the index entry of \`numpy\` 0.20.0, as cargo does: not valid JSON`,
    );
    expect(lone.stdout).toContain(
      'no usable version of numpy matches ^0.20: the line of version 0.20.0 cannot be read: not valid JSON',
    );
    // In a workspace that resolves, a version no requirement takes is never read in full.
    const unused = lines.findIndex((l) => l.includes('"vers":"0.23.0"'));
    expect(unused).toBeGreaterThanOrEqual(0);
    writeFileSync(file, lines.map((l, i) => (i === unused ? broken(l) : l)).join('\n') + '\n');
    const r = cli(['resolve', SEED, '--registry', registry, '--bump', 'arrow_quant_v2:pyo3=0.20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a dead network', () => {
    const dir = copySeed('dead-network');
    expectBadInput(['lock', dir, '--registry', 'sparse+http://127.0.0.1:9/'], /127\.0\.0\.1:9/, dir);
  });

  it('a malformed what-if flag', () => {
    expectBadInput(['resolve', SEED, '--registry', REGISTRY, '--bump', 'pyo3'], /--bump/);
  });
});
