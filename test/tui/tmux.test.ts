import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../cli/run-cli.js';

/**
 * The built `cargo-whatif tui` in a real terminal: tmux runs it at 80x24 on a copy of the seed,
 * keys are sent as a user types them, and the screen is read back. It opens, shows the
 * conflicts, opens the upgrade plan, applies a fix, shows what `W` would write, writes after
 * `y`, and quits with exit 0, the files on disk changed as `lock --write` changes them. Skipped,
 * loudly, where tmux is not installed (.ci/run installs it where it can).
 */
const tmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
const haveTmux = !tmux.error && tmux.status === 0;
if (!haveTmux)
  console.warn(`SKIPPED test/tui/tmux.test.ts: tmux is not available (${tmux.error?.message ?? tmux.stderr})`);

const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');
const SOCKET = `whatif-test-${process.pid}`;
let scratch = '';

function run(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function screen(session: string, escapes = false): string {
  return run('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
}

async function waitFor(session: string, what: string | RegExp, timeoutMs = 60_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = screen(session);
    if (typeof what === 'string' ? s.includes(what) : what.test(s)) return s;
    if (Date.now() > until) throw new Error(`the screen never showed ${what}; it shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keys(session: string, ...k: string[]): void {
  run('send-keys', '-t', session, ...k);
}

/** `cargo-whatif tui` on `dir` in a new 80x24 tmux window; its exit code is printed when it ends. */
function open(session: string, dir: string, env: Record<string, string> = {}): void {
  const vars = Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  const command = `${vars}${process.execPath} ${BIN} tui ${dir} --registry ${REGISTRY} --offline; echo "EXIT=$?"; sleep 600`;
  run('new-session', '-d', '-s', session, '-x', '80', '-y', '24', command);
}

beforeAll(() => {
  if (!haveTmux) return;
  ensureBuilt();
  scratch = mkdtempSync(join(tmpdir(), 'whatif-tmux-'));
});

afterAll(() => {
  if (haveTmux) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!haveTmux)('cargo-whatif tui in a real terminal (tmux, 80x24)', () => {
  test('opens, plans, applies a fix, writes after y, and quits', async () => {
    const dir = join(scratch, 'seed');
    cpSync(SEED, dir, { recursive: true, filter: (src) => !src.includes(`${SEED}/expected`) });
    const manifest = join(dir, 'arrow_quant_v2', 'Cargo.toml');
    const before = readFileSync(manifest, 'utf8');
    open('flow', dir);
    await waitFor('flow', '✘ 3 CONFLICTS');
    // The upgrade plan: both moves blocked by pyo3-asyncio.
    keys('flow', '5');
    const plan = await waitFor('flow', /2 moves: 0 alone/);
    expect(plan).toMatch(/⊘ pyo3 \^0\.22, \^0\.20 → 0\.25 major/);
    // Every line of the screen fits the terminal.
    for (const line of plan.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    // The first fix (pyo3 0.20 in arrow_quant_v2), then W and y.
    keys('flow', '2', 'Enter');
    await waitFor('flow', /✔ RESOLVES · \d+ packages · 1 edit/);
    keys('flow', 'W');
    const confirm = await waitFor('flow', 'Write 2 files? y writes them');
    expect(confirm).toMatch(/17 \+ pyo3 = \{ version = "0\.20"/);
    expect(readFileSync(manifest, 'utf8')).toBe(before);
    expect(existsSync(join(dir, 'Cargo.lock'))).toBe(false);
    keys('flow', 'y');
    await waitFor('flow', 'wrote ');
    expect(readFileSync(manifest, 'utf8')).toBe(
      before.replace('pyo3 = { version = "0.22"', 'pyo3 = { version = "0.20"'),
    );
    expect(readFileSync(join(dir, 'Cargo.lock'), 'utf8')).toMatch(/name = "pyo3"\nversion = "0\.20\.3"/);
    keys('flow', 'q');
    const end = await waitFor('flow', 'EXIT=');
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/Wrote .*Cargo\.lock/);
  }, 180_000);

  test('colours on a colour terminal; none with NO_COLOR', async () => {
    open('colour', SEED);
    open('plain', SEED, { NO_COLOR: '1' });
    await waitFor('colour', '✘ 3 CONFLICTS');
    await waitFor('plain', '✘ 3 CONFLICTS');
    const colour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*(3[0-7]|9[0-7]|38;[25])[0-9;]*m`);
    expect(screen('colour', true)).toMatch(colour);
    expect(screen('plain', true)).not.toMatch(colour);
    keys('colour', 'q');
    keys('plain', 'q');
  }, 120_000);
});
