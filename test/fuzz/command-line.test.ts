import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import type { CommandName } from '../../src/commands/options.js';
import { EDIT_FLAG_NAMES, type EditFlagName, parseEditFlag, parseEditTexts } from '../../src/edits/index.js';
import { runCli } from '../commands/helpers.js';
import { writeIndex } from '../support/write-index.js';
import { HOSTILE_NAMES, HOSTILE_PIECES, outcome, params, RAW_CONTROL } from './harness.js';

/**
 * The command line and the what-if edit syntax: random and hostile arguments parse to options or
 * fail with a UserError. Then whole runs, in this process, on a small workspace with hostile
 * edits: exit 0, 1 or 2, with exactly one `error:` line when 2, nothing raw on the terminal,
 * never an internal error (exit 3) or an exception.
 */
const COMMANDS: CommandName[] = ['resolve', 'lock', 'explain', 'check', 'tui'];
const FLAGS = [
  '--registry',
  '--manifest-path',
  '--offline',
  '--ignore-lock',
  '--minimal-versions',
  '--json',
  '--write',
  '--stdout',
  '--help',
  '-h',
  '--expect',
  '--unify',
  '--forbid',
  '--max-duplicates',
  '--check',
  '--',
  '-',
  '--frob',
  ...EDIT_FLAG_NAMES,
];
const value = fc.oneof(
  fc.constantFrom(
    ...HOSTILE_PIECES,
    'pyo3=0.22',
    'a:b=1',
    'a:b',
    'x=+f,-g',
    'x=1.0.0',
    'x',
    '=',
    ':',
    'a:',
    ':b=1',
    'a=b=c',
    '__proto__=1',
    'constructor:toString=1',
  ),
  fc.string({ maxLength: 12 }),
);
const argv = fc.array(
  fc.oneof(
    fc.constantFrom(...FLAGS),
    value,
    fc.tuple(fc.constantFrom(...FLAGS), value).map(([f, v]) => `${f}=${v}`),
  ),
  { maxLength: 8 },
);

describe('the command line and the edit syntax, fuzzed', () => {
  it('any arguments parse to options or a UserError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMANDS), argv, (command, args) => {
        outcome(() => parseCommandLine(command, args));
      }),
      params(2000),
    );
  });

  it('any edit flag and value, and any edit text, parse to edits or a UserError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EDIT_FLAG_NAMES), value, fc.string({ maxLength: 30 }), (flag, v, text) => {
        const r = outcome(() => parseEditFlag(flag as EditFlagName, v));
        if (r.ok) expect(r.value.kind).toBeDefined();
        outcome(() => parseEditTexts(`${flag} ${v} ${text}`));
        outcome(() => parseEditTexts(text));
      }),
      params(2000),
    );
  });
});

/** A workspace of two members over a registry of a few crates, one of which conflicts. */
let dir = '';
let registry = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'whatif-fuzz-cli-'));
  registry = join(dir, 'registry');
  await writeIndex(registry, [
    { name: 'base', vers: '1.0.0' },
    { name: 'base', vers: '2.0.0', links: 'native' },
    { name: 'mid', vers: '1.0.0', deps: [{ name: 'base', req: '^1' }], features: { std: [], extra: ['base/std'] } },
    { name: 'mid', vers: '2.0.0', deps: [{ name: 'base', req: '^2' }], features: { std: [] } },
    { name: 'other', vers: '0.1.0', deps: [{ name: 'base', req: '^2' }] },
  ]);
  const ws = join(dir, 'ws');
  for (const m of ['a', 'b']) {
    mkdirSync(join(ws, m, 'src'), { recursive: true });
    writeFileSync(join(ws, m, 'src', 'lib.rs'), '');
  }
  writeFileSync(join(ws, 'Cargo.toml'), '[workspace]\nmembers = ["a", "b"]\nresolver = "2"\n');
  writeFileSync(
    join(ws, 'a', 'Cargo.toml'),
    '[package]\nname = "a"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nmid = "1"\n',
  );
  writeFileSync(
    join(ws, 'b', 'Cargo.toml'),
    '[package]\nname = "b"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nbase = "1"\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const editValue = fc.oneof(
  fc.constantFrom(
    'mid=2',
    'a:mid=2',
    'b:base=2',
    'base=2.0.0',
    'a:other=0.1',
    'a:mid',
    'mid=+std,-extra',
    'a:mid=+nope',
    'mid',
    'base',
  ),
  fc
    .tuple(
      fc.constantFrom('', 'a:', 'b:', '__proto__:', 'constructor:'),
      fc.constantFrom(...HOSTILE_NAMES, 'mid', 'base'),
      fc.constantFrom('', '=1', '=2', '=+std', '=__proto__', '=1.0.0'),
    )
    .map((p) => p.join('')),
);

describe('whole runs with hostile edits, fuzzed', () => {
  it('what once broke the contract', async () => {
    // Found by the fuzzer below: `lock --stdout --json` printed Cargo.lock's text where --json
    // promises one JSON document on stdout; the two cannot be combined now.
    const r = await runCli(['lock', join(dir, 'ws'), '--registry', registry, '--stdout', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'error',
      message: expect.stringContaining('--json and --stdout cannot be combined'),
    });
  });

  it('exit 0, 1 or 2 with one error line, nothing raw on the terminal, no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('resolve', 'explain', 'lock', 'check'),
        fc.array(fc.tuple(fc.constantFrom(...EDIT_FLAG_NAMES), editValue), { maxLength: 3 }),
        fc.boolean(),
        async (command, edits, asJson) => {
          // `lock` prints, never writes, so each run starts from the same workspace.
          const json = asJson && command !== 'lock';
          const args = [command, join(dir, 'ws'), '--registry', registry, ...edits.flat(), ...(json ? ['--json'] : [])];
          if (command === 'lock') args.push('--stdout');
          if (command === 'check') args.push('--expect', 'conflict');
          const r = await runCli(args);
          expect([0, 1, 2], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
          const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
          if (r.code === 2) expect(errors, r.stderr).toHaveLength(1);
          expect(r.stderr).not.toContain('internal error');
          expect(r.stderr + (json ? '' : r.stdout)).not.toMatch(RAW_CONTROL);
          if (json) JSON.parse(r.stdout);
        },
      ),
      params(40),
    );
  });
});
