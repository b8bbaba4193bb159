import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { ancestorsOf } from './paths.js';
import { TomlDocument } from './toml-document.js';
import { isTable } from './toml-values.js';

/**
 * Where `registry = "name"` points: `registries.<name>.index` from cargo's configuration. Only the
 * sources cargo consults for this key are read: `CARGO_REGISTRIES_<NAME>_INDEX`, then
 * `.cargo/config.toml` (or legacy `.cargo/config`) from `fromDir` upwards, then `$CARGO_HOME`.
 * Cargo starts that walk at the current directory; we start at the manifest's, which is the
 * same directory whenever cargo is run from inside the project.
 */
export interface RegistryIndex {
  url: string;
  /** The config file (or environment variable) that defined it. */
  definedIn: string;
}

export function cargoHome(): string {
  return process.env['CARGO_HOME'] ?? path.join(homedir(), '.cargo');
}

export function findRegistryIndex(name: string, fromDir: string): RegistryIndex | undefined {
  const envName = `CARGO_REGISTRIES_${name.toUpperCase().replace(/-/g, '_')}_INDEX`;
  const fromEnv = process.env[envName];
  if (fromEnv) return { url: fromEnv, definedIn: `environment variable \`${envName}\`` };
  for (const file of configFiles(fromDir)) {
    const registries = TomlDocument.read(file).root['registries'];
    const entry = isTable(registries) ? registries[name] : undefined;
    const index = isTable(entry) ? entry['index'] : undefined;
    if (typeof index === 'string') return { url: resolveIndexUrl(index, file), definedIn: file };
  }
  return undefined;
}

function configFiles(fromDir: string): string[] {
  const dirs = [path.resolve(fromDir), ...ancestorsOf(fromDir)].map((d) => path.join(d, '.cargo'));
  const home = cargoHome();
  if (!dirs.includes(home)) dirs.push(home);
  const files: string[] = [];
  for (const dir of dirs) {
    // Cargo reads `config` (legacy) when `config.toml` is absent.
    const file = [path.join(dir, 'config.toml'), path.join(dir, 'config')].find((f) => existsSync(f));
    if (file) files.push(file);
  }
  return files;
}

// A relative `file:` index is relative to the directory holding the `.cargo` directory.
function resolveIndexUrl(index: string, configFile: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(index)) return index;
  return new URL(`file://${path.resolve(path.dirname(path.dirname(configFile)), index)}`).href;
}
