import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Cargo's home (`home::cargo_home_with_cwd`): `$CARGO_HOME` when set and not empty, taken
 * relative to the working directory, else `~/.cargo`.
 */
export function cargoHome(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const home = env['CARGO_HOME'];
  if (home) return path.resolve(cwd, home);
  return path.join(homedir(), '.cargo');
}
