import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/index.js';
import { cargoMetadata, expectSameAsCargo, haveCargo } from './metadata-compare.js';

/**
 * Cargo keeps snapshots of large real workspaces (rust, servo, gecko-dev, substrate, tikv, ...) for
 * its benchmarks; ../shared/cargo-bench-workspaces/ holds them unmodified (see its PROVENANCE.md).
 * Each must read exactly as cargo reads it: hundreds of members, inheritance, target tables,
 * renamed and optional deps.
 */
// ../shared beside the checkout, as on these machines and in CI.
const ARCHIVES =
  process.env['CARGO_WHATIF_BENCH_WORKSPACES'] ??
  fileURLToPath(new URL('../../../shared/cargo-bench-workspaces/', import.meta.url));
const SNAPSHOTS = ['cargo', 'diem', 'gecko-dev', 'rust', 'rust-ws-inherit', 'servo', 'substrate', 'tikv', 'toml-rs'];
const haveArchives = SNAPSHOTS.every((name) => existsSync(path.join(ARCHIVES, `${name}.tgz`)));

if (!haveArchives || !haveCargo) {
  console.warn(
    `\n!!! SKIPPED cargo's benchmark workspaces: ${!haveCargo ? 'cargo is not installed' : `${ARCHIVES} lacks the .tgz archives`} !!!\n`,
  );
}

/** Unpacks NAME.tgz into a fresh temp dir (the archive holds one folder named NAME). */
function unpack(name: string): string {
  const dest = mkdtempSync(path.join(tmpdir(), `whatif-bench-${name}-`));
  const tar = spawnSync('tar', ['-xzf', path.join(ARCHIVES, `${name}.tgz`), '-C', dest]);
  if (tar.status !== 0) throw new Error(`tar could not unpack ${name}.tgz: ${tar.stderr}`);
  return dest;
}

describe.skipIf(!haveArchives || !haveCargo)("cargo's benchmark workspaces", () => {
  it.each(SNAPSHOTS)(
    '%s',
    (name) => {
      const dest = unpack(name);
      try {
        const manifest = path.join(dest, name, 'Cargo.toml');
        const theirs = cargoMetadata(manifest);
        if (!theirs.ok) throw new Error(`cargo refused ${manifest}:\n${theirs.stderr}`);
        expectSameAsCargo(loadWorkspace(manifest), theirs.meta);
      } finally {
        rmSync(dest, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
