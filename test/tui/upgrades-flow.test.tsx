import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import { initialState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { runWhatif } from '../conformance/workspaces-2019/whatif.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';
import { rightPane, seedEngine } from './fixtures.js';

/**
 * The upgrade plan, the dependency detail, the filter and the write, through ink's keys on the
 * real pipeline: a copy of the seed and the bundled crates.io slice, at 80x24.
 */
const ENTER = '\r';
const ESC = '\u001b';
const scratch = mkdtempSync(join(tmpdir(), 'whatif-tui-flow-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let copies = 0;

function copySeed(): string {
  const dir = join(scratch, `seed-${copies++}`);
  cpSync(SEED, dir, { recursive: true, filter: (src) => !src.includes(`${SEED}/expected`) });
  return dir;
}

/** Every file under `dir`, by relative path, with its bytes. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** The dependency pane's rows. */
function leftPane(f: string): string {
  return f
    .split('\n')
    .map((l) => l.slice(0, 42))
    .join('\n');
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function mount(path = SEED) {
  const engine = await seedEngine({ path });
  const store = new TuiStore(engine, initialState({ workspace: 'seed', registry: 'fixtures/registry', args: 'seed' }), {
    pauseMs: 0,
    planIdleMs: 0,
  });
  const app = render(<App store={store} width={80} height={24} />);
  cleanups.push(app.unmount);
  await store.start();
  await store.planned();
  const frame = () => app.lastFrame() ?? '';
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await new Promise((r) => setTimeout(r, 5));
    }
    await store.idle();
  };
  return { store, app, frame, type };
}

describe('the upgrade plan in the TUI', () => {
  test('5 opens the plan: each move with its mark and size; the dependency rows carry the same marks', async () => {
    const { frame, type } = await mount();
    await type('5');
    await vi.waitFor(() => expect(frame()).toContain('2 moves: 0 alone, 0 with co-moves, …'));
    expect(frame()).toMatch(/▸⊘ pyo3 \^0\.22, \^0\.20 → 0\.25 major/);
    expect(frame()).toMatch(/ ⊘ numpy \^0\.20 → 0\.25 major/);
    expect(rightPane(frame())).toContain("blocked by: pyo3-asyncio's newest release, 0.20.0, requires pyo3 ^0.20");
    expect(rightPane(frame())).toContain('blocked: no release of pyo3-asyncio supports pyo3 0.25.x');
    // !: in a conflict; ⊘: the newer line is blocked; pyo3-asyncio is on its newest line.
    expect(frame()).toMatch(/│ !⊘ pyo3 +\^0\.22 +— +0\.25\.0│/);
    expect(frame()).toMatch(/│ ! {2}pyo3-asyncio +\^0\.20 +— +0\.20\.0│/);
    expect(frame()).toMatch(/│ {4}tokio +\^1 +— +1\.48\.0│/);
  });

  test('i shows the selected dependency: where it stands, links, the plan entry, who requires it, every version by line', async () => {
    const { frame, type } = await mount();
    await type('j', 'i');
    const text = rightPane(frame());
    expect(text).toContain('pyo3 in arrow_quant_v2');
    expect(text).toContain('requirement ^0.22 · resolved — · newest 0.25.0');
    expect(text).toContain('links: none');
    expect(text).toContain('upgrade ^0.22, ^0.20 -> 0.25 (major): blocked');
    expect(text).toContain('m: try it anyway --bump pyo3=0.25');
    await type('j', 'j', 'j', 'j', 'j', 'j', 'j', 'j', 'j');
    const rest = rightPane(frame());
    expect(rest).toContain('required by (2): arrow_quant_v2 0.1.0: ^0.22 arrow_storage 0.1.0: ^0.20');
    expect(rest).toContain('0.23 0.23.5 0.23.4 0.23.3 0.23.2 (yanked) 0.23.1 (yanked) 0.23.0 (yanked)');
    expect(rest).toContain('0.21.0-beta.0 (pre-release)');
  });

  test('m applies the move with its co-moves: on top of removing pyo3-asyncio, pyo3 goes to 0.25 with numpy, and it resolves', async () => {
    const { store, frame, type } = await mount();
    await type(':', '--remove arrow_quant_v2:pyo3-asyncio', ENTER);
    await store.planned();
    await type('5');
    await vi.waitFor(() => expect(frame()).toMatch(/⇡ pyo3 \^0\.22, \^0\.20 → 0\.25 major/));
    expect(rightPane(frame())).toContain('resolves with: numpy ^0.20 -> 0.25 in arrow_storage');
    await type('0', 'j', 'm');
    expect(store.getState().stack.edits.slice(1)).toEqual([
      { kind: 'bump', dep: 'pyo3', req: '0.25' },
      { kind: 'bump', dep: 'numpy', req: '0.25' },
    ]);
    await vi.waitFor(() => expect(frame()).toMatch(/✔ RESOLVES · \d+ packages · 3 edits/));
    expect(frame()).toMatch(/ \*. pyo3 +\^0\.25 +0\.25\.0 +0\.25\.0│/);
  });

  test('a stale plan is dropped: an edit while planning stops it, and the plan shown is the new edit list’s', async () => {
    const { store, type } = await mount();
    await type('j', 'b', '0.20', ENTER);
    // Straight away, before the new plan has had a turn: the old one is gone.
    expect(
      store
        .getState()
        .plan?.entries.some((e) => e.crate === 'numpy' && e.state === 'decided' && e.blockers.length > 0) ?? false,
    ).toBe(false);
    await store.planned();
    const plan = store.getState().plan!;
    expect(plan.done).toBe(true);
    expect(store.getState().analysis!.verdict.kind).toBe('resolved');
    // With arrow_quant_v2 back on pyo3 0.20 the workspace resolves, so the plan starts from that.
    expect(plan.baseline).toBe('resolves');
  });
});

describe('the filter', () => {
  test('/ filters the dependencies as it is typed; Enter keeps it, Esc clears it', async () => {
    const { store, frame, type } = await mount();
    await type('/', 'num');
    expect(frame()).toContain('Dependencies /num');
    expect(frame()).toMatch(/numpy +\^0\.20/);
    expect(leftPane(frame())).not.toMatch(/pyo3-asyncio/);
    expect(leftPane(frame())).not.toContain('arrow_quant_v2 v0.1.0');
    await type(ENTER);
    expect(store.getState().filter).toBe('num');
    expect(frame()).toContain('Dependencies /num');
    await type('/', ESC);
    expect(store.getState().filter).toBeUndefined();
    expect(leftPane(frame())).toMatch(/pyo3-asyncio/);
  });

  test('a filter matching a member shows all its dependencies; one matching nothing says so', async () => {
    const { frame, type } = await mount();
    await type('/', 'storage');
    expect(frame()).toContain('arrow_storage v0.1.0');
    expect(leftPane(frame())).toMatch(/numpy/);
    expect(leftPane(frame())).not.toContain('arrow_quant_v2 v0.1.0');
    await type('x', 'y', 'z');
    expect(frame()).toContain('nothing matches /storagexyz');
  });
});

describe('W: writing, after a confirmation', () => {
  test('shows every file that would change and the lockfile diff; n writes nothing, not a byte', async () => {
    const dir = copySeed();
    const before = files(dir);
    const { store, frame, type } = await mount(dir);
    await type('2', ENTER);
    await vi.waitFor(() => expect(frame()).toMatch(/✔ RESOLVES/));
    await type('W');
    await vi.waitFor(() => expect(frame()).toContain('Write 2 files? y writes them'));
    expect(frame()).toContain('arrow_quant_v2/Cargo.toml');
    expect(frame()).toMatch(/17 - pyo3 = \{ version = "0\.22"/);
    expect(frame()).toMatch(/17 \+ pyo3 = \{ version = "0\.20"/);
    expect(frame()).toMatch(/Cargo\.lock \(new\): \d+ packages/);
    expect(frame()).toMatch(/rows 1-15 of \d+ \(j\/k scroll\)/);
    expect(frame()).toContain('Adding arrow_quant_v2 v0.1.0 (path)');
    await type(...Array.from({ length: 40 }, () => 'j'));
    expect(frame()).toContain('Adding pyo3 v0.20.3');
    await type('n');
    expect(store.getState().overlay).toBeUndefined();
    expect(frame()).toContain('nothing was written');
    expect(files(dir)).toEqual(before);
    // Esc is a no too.
    await type('W');
    await vi.waitFor(() => expect(frame()).toContain('Write 2 files?'));
    await type(ESC);
    expect(files(dir)).toEqual(before);
  });

  test('y writes what lock --write writes, byte for byte, and the session goes on from the written files', async () => {
    const dir = copySeed();
    const twin = copySeed();
    const { store, frame, type } = await mount(dir);
    await type('2', ENTER);
    await vi.waitFor(() => expect(frame()).toMatch(/✔ RESOLVES/));
    await type('W');
    await vi.waitFor(() => expect(frame()).toContain('Write 2 files?'));
    await type('y');
    await vi.waitFor(() => expect(frame()).toContain('wrote '));
    const s = store.getState();
    expect(s.written.map((f) => relative(dir, join(process.cwd(), f))).sort()).toEqual([
      'Cargo.lock',
      'arrow_quant_v2/Cargo.toml',
    ]);
    // The edits are in the files now: the stack is empty and the workspace resolves as it is.
    expect(s.stack.edits).toEqual([]);
    expect(s.analysis!.verdict.kind).toBe('resolved');
    const lock = await runWhatif([
      'lock',
      twin,
      '--registry',
      REGISTRY,
      '--offline',
      '--bump',
      'arrow_quant_v2:pyo3=0.20',
      '--write',
    ]);
    expect(lock.code, lock.stderr).toBe(0);
    expect(files(dir)).toEqual(files(twin));
  });

  test('a file changed since the session read it: the write is refused and nothing is written', async () => {
    const dir = copySeed();
    const { store, frame, type } = await mount(dir);
    await type('2', ENTER);
    await vi.waitFor(() => expect(frame()).toMatch(/✔ RESOLVES/));
    await type('W');
    await vi.waitFor(() => expect(frame()).toContain('Write 2 files?'));
    const manifest = join(dir, 'arrow_quant_v2', 'Cargo.toml');
    const changed = `${readFileSync(manifest, 'utf8')}# changed by someone else\n`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(manifest, changed);
    const before = files(dir);
    await type('y');
    await vi.waitFor(() =>
      expect(store.getState().message?.text).toMatch(
        /Cargo\.toml changed since cargo-whatif read it; nothing was written/,
      ),
    );
    expect(frame()).toContain('error: ');
    expect(files(dir)).toEqual(before);
  });

  test('with no edits, or edits that do not resolve, W says so and writes nothing', async () => {
    const dir = copySeed();
    const before = files(dir);
    const { store, frame, type } = await mount(dir);
    await type('W');
    expect(store.getState().overlay).toBeUndefined();
    expect(frame()).toContain('no edits to write yet');
    await type('j', 'u');
    await type('W');
    await vi.waitFor(() => expect(frame()).toContain('does not resolve with these edits'));
    expect(store.getState().overlay).toBeUndefined();
    expect(files(dir)).toEqual(before);
  });
});
