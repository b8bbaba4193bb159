import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs the built CLI the way a user does (`node <bin>`), building first if this checkout has
 * not been built (the README's install builds it).
 */
export const ROOT = join(import.meta.dirname, '..', '..');
/** The file package.json's `bin` names, as ../shared/CONTRACT.md has scripts run it. */
export const BIN = join(
  ROOT,
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin[
    'cargo-whatif'
  ]!,
);

let built = false;
export function ensureBuilt(): void {
  if (built) return;
  if (!existsSync(BIN) || process.env.CI_REBUILD === '1') {
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
  }
  built = true;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], cwd = ROOT): CliResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
