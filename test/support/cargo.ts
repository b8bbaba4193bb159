import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs the real cargo for differential tests, isolated from the machine's own cargo setup: a
 * private CARGO_HOME whose config sends crates.io to the test's index, and a copy of the
 * workspace, since cargo writes Cargo.lock (and target/) next to the manifest.
 */
let availability: { ok: boolean; reason: string } | undefined;

/** Whether `cargo` runs here. Tests that need it should skip with `noCargo()` otherwise. */
export function cargoAvailable(): boolean {
  return cargoProbe().ok;
}

/**
 * For `describe.skipIf(noCargo(...))` and `it.skipIf(...)`: true where cargo does not run, after
 * saying so loudly. A test that needs cargo and cannot have it is reported as skipped, never as
 * passed (no placeholder test, no early `return` inside a test).
 */
export function noCargo(what: string): boolean {
  if (cargoAvailable()) return false;
  warnNoCargo(what);
  return true;
}

/** Says loudly that a test was skipped and why, so a missing cargo is not mistaken for a pass. */
export function warnNoCargo(what: string): void {
  console.warn(`SKIPPED ${what}: real cargo is not available (${cargoProbe().reason})`);
}

function cargoProbe(): { ok: boolean; reason: string } {
  if (!availability) {
    const r = spawnSync('cargo', ['--version'], { encoding: 'utf8', timeout: 30_000 });
    availability = r.error
      ? { ok: false, reason: r.error.message }
      : r.status !== 0
        ? { ok: false, reason: `cargo --version exited with ${r.status}: ${r.stderr.trim()}` }
        : { ok: true, reason: r.stdout.trim() };
  }
  return availability;
}

export interface CargoRunOptions {
  /** Use (and keep) this CARGO_HOME, e.g. to inspect cargo's index cache afterwards. */
  cargoHome?: string;
  /** Extra arguments after `generate-lockfile`, e.g. `--offline`. */
  args?: string[];
  timeoutMs?: number;
}

export interface CargoRunResult {
  ok: boolean;
  lockfile?: string;
  stderr: string;
  /** Where the copy cargo ran in was (removed by now): its paths in `stderr` start with it. */
  workspace: string;
}

/** `cargo generate-lockfile` on a copy of `workspaceDir`, with crates.io replaced by `indexUrl`. */
export async function runCargoGenerateLockfile(
  workspaceDir: string,
  indexUrl: string,
  options: CargoRunOptions = {},
): Promise<CargoRunResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'whatif-cargo-'));
  try {
    const workspace = join(scratch, 'ws');
    await cp(workspaceDir, workspace, {
      recursive: true,
      filter: (src) => !/[\\/](target|\.git)$/.test(src),
    });
    const cargoHome = options.cargoHome ?? join(scratch, 'cargo-home');
    await writeCargoConfig(cargoHome, indexUrl);
    const { code, stderr } = await run('cargo', ['generate-lockfile', ...(options.args ?? [])], {
      cwd: workspace,
      timeout: options.timeoutMs ?? 120_000,
      env: cargoEnv(cargoHome),
    });
    if (code !== 0) return { ok: false, stderr, workspace };
    return { ok: true, lockfile: await readFile(join(workspace, 'Cargo.lock'), 'utf8'), stderr, workspace };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * A CARGO_HOME whose crates.io is the sparse index at `indexUrl`. (Cargo reads a bare index
 * directory only as a git repository, so tests serve directories with `startIndexServer`.)
 */
export async function writeCargoConfig(cargoHome: string, indexUrl: string): Promise<void> {
  if (!indexUrl.startsWith('sparse+')) throw new Error(`expected a sparse+http:// index URL, got ${indexUrl}`);
  await mkdir(cargoHome, { recursive: true });
  const config = [
    '[source.crates-io]',
    'replace-with = "whatif-test"',
    '',
    '[source.whatif-test]',
    `registry = ${JSON.stringify(indexUrl)}`,
    '',
    '[net]',
    'retry = 0',
    '',
  ].join('\n');
  await writeFile(join(cargoHome, 'config.toml'), config);
}

/**
 * cargo with `args` in `cwd` as it is, with `cargoHome` as it is: for tests that write cargo's
 * configuration themselves (source replacement, `[registries]`) and compare with cargo-whatif
 * run in the same place with the same environment (`cargoEnv`).
 */
export function runCargo(
  args: string[],
  options: { cwd: string; cargoHome: string; timeoutMs?: number },
): Promise<{ code: number; stderr: string }> {
  return run('cargo', args, {
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    env: cargoEnv(options.cargoHome),
  });
}

/** cargo's environment with a private CARGO_HOME and nothing of the caller's cargo setup. */
export function cargoEnv(cargoHome: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Nothing from the caller's cargo configuration may leak in: only what finds the toolchain.
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(CARGO_|RUSTC|RUSTFLAGS|RUSTDOC)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    CARGO_HOME: cargoHome,
    CARGO_NET_RETRY: '0',
    CARGO_HTTP_TIMEOUT: '30',
    CARGO_TERM_COLOR: 'never',
    CARGO_TERM_PROGRESS_WHEN: 'never',
  };
}

function run(
  cmd: string,
  args: string[],
  options: { cwd: string; timeout: number; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stderr: string }> {
  // Asynchronous on purpose: the index server cargo talks to usually lives in this process.
  return new Promise((resolve) => {
    execFile(cmd, args, { ...options, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
      // On exit the error's `code` is the exit status; on a failure to spawn it is a string.
      const code: unknown = err ? (err as { code?: unknown }).code : 0;
      if (err?.killed) resolve({ code: -1, stderr: `${stderr}\n(cargo killed after ${options.timeout} ms)` });
      else if (typeof code !== 'number') resolve({ code: -1, stderr: `${stderr}\n${err?.message}` });
      else resolve({ code, stderr });
    });
  });
}
