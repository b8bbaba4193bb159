import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CargoConfig } from '../../src/config/config.js';
import { UserError } from '../../src/errors.js';
import { InheritError } from '../../src/manifest/inheritance.js';
import { type Manifest, type PackageManifest, readManifest } from '../../src/manifest/manifest.js';
import { TomlDocument } from '../../src/manifest/toml-document.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/workspaces');

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** Cargo's configuration as cargo run in `dir` reads it (fixtures keep theirs in `.cargo/`). */
export function configAt(dir: string): CargoConfig {
  return CargoConfig.load({ cwd: dir });
}

/** A one-off package on disk (with src/lib.rs, so it has a target), for manifest-level cases. */
export function writePackage(toml: string, files: Record<string, string> = { 'src/lib.rs': '' }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'whatif-manifest-'));
  writeFileSync(path.join(dir, 'Cargo.toml'), toml);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, 'Cargo.toml');
}

export function readText(toml: string, files?: Record<string, string>): Manifest {
  const file = writePackage(toml, files);
  return readManifest(TomlDocument.read(file), {
    inheritable: () => {
      throw new InheritError('failed to find a workspace root');
    },
    registries: configAt(path.dirname(file)),
  });
}

export function readPackageText(toml: string, files?: Record<string, string>): PackageManifest {
  const m = readText(toml, files);
  if (m.kind !== 'package') throw new Error('expected a package manifest');
  return m;
}

/** The UserError `fn` throws, for asserting its message and location. */
export function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}
