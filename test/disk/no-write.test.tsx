import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EDIT_FLAG_NAMES } from '../../src/edits/index.js';
import { App } from '../../src/tui/components/App.js';
import { initialState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { runCli } from '../commands/helpers.js';
import { seedEngine } from '../tui/fixtures.js';
import { WHATIF_SEED } from '../whatif/helpers.js';
import { readTree, seedCopy, type Tree } from './tree.js';

/**
 * Without --write nothing is written (issue 15): every command, every what-if option and the
 * TUI's flows (not its `W` write, which asks first) run on a copy of the fixtures, and afterwards the copy is the same tree, entry for
 * entry: no file changed (not even rewritten with the same bytes: inode and modification time
 * are compared too), none appeared, Cargo.lock included. Two workspaces: the seed as shipped,
 * with no Cargo.lock (one must not appear), and the seed after `lock --write` of Option 2, with
 * one (it must not change), where the runs are fewer: each command, and each with one edit.
 */
const EDITS: Record<string, string> = {
  '--bump': 'arrow_quant_v2:pyo3=0.20',
  '--pin': 'pyo3=0.20.3',
  '--add': 'arrow_storage:pyo3-async-runtimes=0.22',
  '--remove': 'arrow_quant_v2:pyo3-asyncio',
  '--features': 'arrow_storage:pyo3=+macros,-abi3-py310',
  '--no-default-features': 'arrow_quant_v2:tokio',
  '--default-features': 'arrow_storage:numpy',
  '--unify-workspace': 'pyo3=0.20',
  '--upgrade': 'pyo3=0.22',
};

/**
 * The runs: each command plainly, with --json and with each resolving option; each what-if
 * option with `resolve`, `lock` and `check` (`explain` with two: its fix search is the slow part
 * and writes no more than the rest).
 */
function runs(ws: string, registry: string, every: boolean): string[][] {
  const base = [ws, '--registry', registry];
  const out: string[][] = [];
  for (const command of ['resolve', 'explain', 'check', 'lock']) {
    // Plain `lock` writes Cargo.lock: that is its job (tested below); here it prints.
    const own = command === 'lock' ? ['--stdout'] : command === 'check' ? ['--expect', 'conflict'] : [];
    out.push(
      [command, ...base, ...own],
      [command, ...base, ...own.filter((a) => a !== '--stdout'), '--json'],
      [command, '--help'],
    );
    for (const option of ['--ignore-lock', '--minimal-versions', '--offline'])
      out.push([command, ...base, ...own, option]);
    for (const [flag, value] of Object.entries(EDITS)) {
      if (every ? command !== 'explain' || flag === '--bump' || flag === '--upgrade' : flag === '--bump')
        out.push([command, ...base, ...own, flag, value]);
    }
  }
  out.push(
    // With edits and without --write, `lock` says it wrote nothing.
    ['lock', ...base, '--bump', 'arrow_quant_v2:pyo3=0.20'],
    ['lock', ...base, '--bump', 'arrow_quant_v2:pyo3=0.20', '--json'],
    ['check', ...base],
    ['upgrades', ...base],
    ['upgrades', ...base, '--json', '--bump', 'arrow_quant_v2:pyo3=0.20'],
    ['check', ...base, '--check', 'Option 2: arrow_quant_v2 back on pyo3 0.20'],
    ['check', ...base, '--expect', 'resolvable', '--unify', 'pyo3', '--forbid', 'numpy@<0.21', '--max-duplicates', '0'],
    // All the options at once, and the refusals.
    ['resolve', ...base, ...Object.entries(EDITS).flat()],
    ['resolve', ...base, '--write', '--bump', 'arrow_quant_v2:pyo3=0.20'],
    ['lock', ...base, '--write', '--stdout', '--bump', 'arrow_quant_v2:pyo3=0.20'],
  );
  return out;
}

const copies: { cleanup: () => void }[] = [];
afterAll(() => {
  for (const c of copies) c.cleanup();
});

function copy(locked: boolean) {
  const c = seedCopy('whatif-nowrite-');
  copies.push(c);
  cpSync(join(WHATIF_SEED, 'whatif.toml'), join(c.ws, 'whatif.toml'));
  return { ...c, locked };
}

test('every what-if option is run', () => {
  expect(Object.keys(EDITS).sort()).toEqual([...EDIT_FLAG_NAMES].sort());
});

for (const locked of [false, true]) {
  describe(locked ? 'the seed with a Cargo.lock' : 'the seed without a Cargo.lock', () => {
    let c: ReturnType<typeof copy>;
    let before: Tree;
    beforeAll(async () => {
      c = copy(locked);
      if (locked) {
        const r = await runCli([
          'lock',
          c.ws,
          '--registry',
          c.registry,
          '--write',
          '--bump',
          'arrow_quant_v2:pyo3=0.20',
        ]);
        expect(r.code, r.stderr).toBe(0);
      }
      before = readTree(c.root);
      expect(Object.keys(before).includes(join('ws', 'Cargo.lock'))).toBe(locked);
    });

    test('every command and what-if option, without --write, leaves the tree as it was', {
      timeout: 600_000,
    }, async () => {
      const codes: string[] = [];
      for (const args of runs(c.ws, c.registry, !locked)) {
        const r = await runCli(args);
        codes.push(`${r.code} ${args.slice(2).join(' ')}`);
        // Each run did its work (0 or 1) or refused bad input (2); never an internal error.
        expect([0, 1, 2], `${args.join(' ')}\n${r.stderr}`).toContain(r.code);
        expect(readTree(c.root), `after ${args.join(' ')}`).toEqual(before);
      }
      // The what-if options were applied, not refused: each ran to an answer.
      const refused = codes.filter((l) => l.startsWith('2 ') && !l.includes('--write'));
      expect(refused).toEqual([]);
    });

    test("the TUI's flows leave the tree as it was", { timeout: 120_000 }, async () => {
      const engine = await seedEngine({ path: c.ws, registry: c.registry });
      const store = new TuiStore(engine, initialState({ workspace: 'ws', registry: c.registry, args: c.ws }), {
        pauseMs: 0,
      });
      const app = render(<App store={store} width={100} height={30} />);
      try {
        await store.start();
        const type = async (...keys: string[]) => {
          for (const k of keys) {
            app.stdin.write(k);
            await new Promise((r) => setTimeout(r, 5));
          }
          await store.idle();
        };
        // Bump, undo, redo, pin, add, features, an edit typed as flags, upgrade, remove, a fix
        // from the suggestions, the command line overlay and help, then quit.
        await type('j', 'b', '0.20', '\r');
        expect(store.getState().stack.edits.length).toBe(1);
        await type('z', 'y', 'p', '\r', 'a', 'pyo3-async-runtimes=0.22', '\r', 'f', '+macros', '\r');
        await type(':', '--pin pyo3=0.20.3', '\r', 'u', 'r', 'z', 'z', 'z');
        await type('\t', '\t', 'j', '\r', 'w', 'x', '?', 'x', 'q');
        expect(store.getState().quit).toBe(true);
        expect(store.getState().stack.edits.length).toBeGreaterThan(0);
      } finally {
        app.unmount();
      }
      expect(readTree(c.root)).toEqual(before);
    });
  });
}

test('plain `lock` writes Cargo.lock and nothing else, and leaves an up-to-date one untouched', async () => {
  const c = copy(false);
  // The seed after Option 2 resolves as it is; its Cargo.lock is then removed.
  const bumped = await runCli([
    'lock',
    c.ws,
    '--registry',
    c.registry,
    '--write',
    '--bump',
    'arrow_quant_v2:pyo3=0.20',
  ]);
  expect(bumped.code, bumped.stderr).toBe(0);
  rmSync(join(c.ws, 'Cargo.lock'));
  const before = readTree(c.root);
  const plain = await runCli(['lock', c.ws, '--registry', c.registry]);
  expect(plain.code, plain.stderr).toBe(0);
  const after = readTree(c.root);
  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
  expect(changed).toEqual([join('ws', 'Cargo.lock')]);
  const again = await runCli(['lock', c.ws, '--registry', c.registry]);
  expect(again.code, again.stderr).toBe(0);
  expect(readTree(c.root)).toEqual(after);
});
