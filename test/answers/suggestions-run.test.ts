import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { EditStack } from '../../src/edits/index.js';
import { invocationArgs, invocationOf } from '../../src/report/command-line.js';
import { WhatIfSession } from '../../src/session/session.js';
import { SessionEngine } from '../../src/tui/engine.js';
import { commandLine, initialState } from '../../src/tui/state.js';
import { BIN, cli, ensureBuilt, ROOT } from '../cli/run-cli.js';
import { loadFixtures, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from '../conformance/workspaces-2019/index-archive.js';

/**
 * Every fix cargo-whatif prints is a command a user will paste. On every failing workspace we
 * have (the seed, the conflicts of the 2019 index), each printed command is run exactly as
 * printed, through a shell, from another working directory, and must resolve (exit 0).
 */
const scratch = mkdtempSync(join(tmpdir(), 'whatif-suggestions-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'whatif-elsewhere-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');

/** The `cargo-whatif ...` lines of a command's output. */
function printedCommands(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.trim().replace(/^help: it resolves with /, ''))
    .filter((l) => l.startsWith('cargo-whatif '));
}

/** Runs a printed command as a user would paste it into a shell, somewhere else. */
function runAsPrinted(command: string): { code: number; out: string } {
  ensureBuilt();
  const shellLine = `"${process.execPath}" "${BIN}" ${command.slice('cargo-whatif '.length)}`;
  const r = spawnSync('sh', ['-c', shellLine], { cwd: elsewhere, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function expectAllRun(commands: readonly string[]): void {
  for (const c of commands) {
    const r = runAsPrinted(c);
    expect(r.code, `${c}\n${r.out}`).toBe(0);
  }
}

let ran = 0;
afterAll(() => {
  // A floor, so that the test cannot pass by printing no fixes at all.
  if (ran > 0) expect(ran).toBeGreaterThanOrEqual(12);
});

describe('the seed', () => {
  const cases: [string, string[]][] = [
    ['as it stands', []],
    ['with a feature typo beside the links clash', ['--features', 'tokio=+nonexistent-feature']],
    ['with the user’s own edits', ['--add', 'arrow_storage:tokio=1', '--bump', 'arrow_storage:numpy=0.20']],
  ];
  for (const [name, edits] of cases) {
    it(`explain and resolve: ${name}`, () => {
      for (const command of ['explain', 'resolve']) {
        const r = cli([command, SEED, '--registry', REGISTRY, ...edits]);
        expect(r.code).toBe(1);
        const printed = printedCommands(r.stdout);
        expect(printed.length, r.stdout).toBeGreaterThan(0);
        expectAllRun(printed);
        ran += printed.length;
      }
    });
  }

  it('lock: the printed command writes, on a copy', () => {
    const dir = join(scratch, 'lock');
    cpSync(SEED, dir, { recursive: true });
    const r = cli(['lock', dir, '--registry', REGISTRY]);
    expect(r.code).toBe(1);
    const printed = printedCommands(r.stdout);
    expect(printed.length).toBeGreaterThan(0);
    for (const c of printed) expect(c).toMatch(/ --write$/);
    // Each one writes the copy, so each gets a fresh copy.
    for (const [i, c] of printed.entries()) {
      const copy = join(scratch, `lock-${i}`);
      cpSync(SEED, copy, { recursive: true });
      expectAllRun([c.split(dir).join(copy)]);
      ran++;
    }
  });

  it("check: the explain command of a failing check, and its fixes, on top of the check's edits", () => {
    const r = cli(['check', SEED, '--registry', REGISTRY, '--upgrade', 'pyo3=0.22', '--expect', 'resolvable']);
    expect(r.code).toBe(1);
    // check gives cargo's verdict without the SAT engine (issue 13), and points to explain.
    const explainCommand =
      /help: for the minimal conflicts and the fixes that resolve them, run (cargo-whatif explain .*)$/m.exec(
        r.stdout,
      )?.[1];
    expect(explainCommand, r.stdout).toBeDefined();
    expect(explainCommand).toContain('--upgrade pyo3=0.22');
    const explained = runAsPrinted(explainCommand!);
    expect(explained.code, explained.out).toBe(1);
    const printed = printedCommands(explained.out);
    expect(printed.length, explained.out).toBeGreaterThan(0);
    for (const c of printed) expect(c).toContain('--upgrade pyo3=0.22');
    expectAllRun(printed);
    ran += printed.length;
  });

  it('tui: a fix applied with Enter, then the command printed at quit', async () => {
    const options = parseCommandLine('tui', [SEED, '--registry', REGISTRY]);
    const session = await WhatIfSession.open(options);
    const engine = new SessionEngine(session);
    const pending = await engine.analyze([]);
    const fixes = (await pending.explain!()).suggestions;
    expect(fixes.length).toBeGreaterThan(0);
    const state = initialState({ workspace: '.', registry: REGISTRY, args: invocationArgs(invocationOf(options)) });
    const printed = fixes.map((f) => commandLine({ ...state, stack: EditStack.of(f.edits) }));
    expectAllRun(printed);
    ran += printed.length;
  });
});

describe('the failing workspaces of the 2019 index', () => {
  const present = archivePresent();
  if (!present) warnNoArchive('running printed fixes on the 2019 conflicts');
  let index = '';
  beforeAll(async () => {
    if (present) index = await extractedIndex();
  }, 300_000);

  const workspaces: { name: string; dir: () => Promise<string> }[] = [
    ...['ring-asm', 'sqlite3', 'missing-feature', 'no-version'].map((n) => ({
      name: n,
      dir: async () => join(ROOT, 'fixtures', 'conflicts', n),
    })),
    ...loadFixtures()
      .filter((f) => f.expect === 'conflict' && !f.knownBug)
      .map((f) => ({
        name: f.name,
        dir: async () => {
          const d = join(scratch, f.name);
          await materialize(f, d);
          return d;
        },
      })),
  ];
  for (const w of workspaces) {
    it.skipIf(!present)(
      w.name,
      async () => {
        const r = cli(['explain', await w.dir(), '--registry', index]);
        expect(r.code).toBe(1);
        const printed = printedCommands(r.stdout);
        expectAllRun(printed);
        ran += printed.length;
      },
      120_000,
    );
  }
});
