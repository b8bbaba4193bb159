import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from './run-cli.js';

/** `cargo-whatif upgrades` through the built binary: the contract's document, the text, the exit codes. */
const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');

interface MoveJson {
  crate: string;
  members: string[];
  from: string;
  to: string;
  resolvesAlone: boolean;
  flags: string[];
  blockedBy?: string[];
  with?: string[] | null;
  command?: string;
}

describe('upgrades', () => {
  it('--json: one plan document with the fields the contract names', () => {
    const r = cli(['upgrades', SEED, '--registry', REGISTRY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { status: string; moves: MoveJson[] };
    expect(doc.status).toBe('plan');
    expect(doc.moves.map((m) => m.crate)).toEqual(['pyo3', 'numpy']);
    const pyo3 = doc.moves[0]!;
    expect(pyo3).toMatchObject({
      members: ['arrow_quant_v2', 'arrow_storage'],
      from: '^0.22, ^0.20',
      to: '0.25',
      resolvesAlone: false,
      flags: ['--bump pyo3=0.25'],
      with: null,
    });
    expect(pyo3.blockedBy).toContain("pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20");
    for (const m of doc.moves)
      for (const key of ['crate', 'members', 'from', 'to', 'resolvesAlone', 'flags', 'blockedBy', 'with'])
        expect(m).toHaveProperty(key);
  });

  it('plans on top of the command line edits, and prints a command that applies a move from anywhere', () => {
    const r = cli(['upgrades', SEED, '--registry', REGISTRY, '--remove', 'arrow_quant_v2:pyo3-asyncio', '--json'], '/');
    expect(r.code, r.stderr).toBe(0);
    const pyo3 = (JSON.parse(r.stdout) as { moves: MoveJson[] }).moves.find((m) => m.crate === 'pyo3')!;
    expect(pyo3.with).toEqual(['--bump numpy=0.25']);
    expect(pyo3.command).toBe(
      `cargo-whatif lock ${SEED} --registry ${REGISTRY} --remove arrow_quant_v2:pyo3-asyncio --bump pyo3=0.25 --bump numpy=0.25 --write`,
    );
  });

  it('text: each move in cargo style, with its blockers and why nothing moves with it', () => {
    const r = cli(['upgrades', SEED, '--registry', REGISTRY]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ {4}Planning .*ai_os_diffusion: 2 dependencies behind the newest release$/);
    expect(r.stdout).toContain('     Blocked pyo3 ^0.22, ^0.20 -> 0.25 (major) in arrow_quant_v2, arrow_storage\n');
    expect(r.stdout).toContain("             blocked by: pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20\n");
    expect(r.stdout).toContain('             blocked: no release of pyo3-asyncio supports pyo3 0.25.x\n');
    expect(r.stdout).toContain('             alone: --bump pyo3=0.25\n');
    expect(lines.at(-2)).toBe('     Planned 2 moves: 0 resolve alone, 0 with co-moves, 2 blocked');
  });

  it('bad input is exit 2 with one error line; options of other commands are refused', () => {
    const bad = cli(['upgrades', SEED, '--registry', REGISTRY, '--bump', 'nosuch:pyo3=1', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: --bump nosuch:pyo3=1: no workspace member named `nosuch`/);
    expect(JSON.parse(bad.stdout).status).toBe('error');
    expect(cli(['upgrades', SEED, '--registry', REGISTRY, '--write']).code).toBe(2);
    const stdout = cli(['upgrades', SEED, '--registry', REGISTRY, '--stdout']);
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toContain('--stdout belongs to `lock`');
  });

  it('--help says what it does and lists the what-if options; the command list names it', () => {
    const help = cli(['upgrades', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cargo-whatif upgrades [PATH] [options]');
    expect(help.stdout).toContain('--bump [MEMBER:]DEP=REQ');
    expect(cli(['--help']).stdout).toMatch(/^ {2}upgrades +the upgrade plan/m);
  });
});
