import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cargoEnv, writeCargoConfig } from '../../support/cargo.js';

/**
 * Real cargo commands other than `generate-lockfile` (which test/support/cargo.ts covers): on a
 * copy of the workspace that keeps its Cargo.lock, with crates.io replaced by the test's index.
 * `cargo update --workspace` resolves honouring the existing Cargo.lock and writes the updated
 * one, which is what `cargo-whatif lock` without `--ignore-lock` must reproduce.
 */
export interface CargoStepsResult {
  ok: boolean;
  /** Cargo.lock after the last step (or after the failing one, if it left one). */
  lockfile?: string;
  /** stdout of the last step run. */
  stdout: string;
  stderr: string;
  /** The step that failed, as typed. */
  failed?: string;
}

export async function runCargoSteps(
  workspaceDir: string,
  indexUrl: string,
  steps: string[][],
  options: { cargoHome?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<CargoStepsResult> {
  const scratch = await mkdtemp(join(tmpdir(), 'whatif-cargo-steps-'));
  try {
    const ws = join(scratch, 'ws');
    await cp(workspaceDir, ws, { recursive: true, filter: (src) => !/[\\/](target|\.git)$/.test(src) });
    const cargoHome = options.cargoHome ?? join(scratch, 'cargo-home');
    await writeCargoConfig(cargoHome, indexUrl);
    let stdout = '';
    let stderrAll = '';
    for (const step of steps) {
      const r = await run(step, ws, cargoHome, options.timeoutMs ?? 120_000, options.env);
      stdout = r.stdout;
      stderrAll += r.stderr;
      if (r.code !== 0) {
        const lockfile = await readFile(join(ws, 'Cargo.lock'), 'utf8').catch(() => undefined);
        return { ok: false, lockfile, stdout, stderr: stderrAll, failed: `cargo ${step.join(' ')}` };
      }
    }
    return { ok: true, lockfile: await readFile(join(ws, 'Cargo.lock'), 'utf8'), stdout, stderr: stderrAll };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function run(
  args: string[],
  cwd: string,
  cargoHome: string,
  timeout: number,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...cargoEnv(cargoHome), ...extraEnv };
  // Asynchronous: the index server cargo talks to lives in this process.
  return new Promise((resolve) => {
    execFile('cargo', args, { cwd, env, timeout, encoding: 'utf8', maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const code: unknown = err ? (err as { code?: unknown }).code : 0;
      if (err?.killed) resolve({ code: -1, stdout, stderr: `${stderr}\n(cargo killed after ${timeout} ms)` });
      else if (typeof code !== 'number') resolve({ code: -1, stdout, stderr: `${stderr}\n${err?.message}` });
      else resolve({ code, stdout, stderr });
    });
  });
}
