import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/index.js';
import { cargoMetadata, expectSameAsCargo, haveCargo } from './metadata-compare.js';

/**
 * Cargo keeps snapshots of large real workspaces (rust, servo, gecko-dev, substrate, tikv, ...) for
 * its benchmarks. Where a mirror of cargo's repository is at hand, each must read exactly as
 * cargo reads it: hundreds of members, inheritance, target tables, renamed and optional deps.
 */
const MIRROR = process.env['CARGO_MIRROR'] ?? '/work/.mirror/rust-lang+cargo/repo';
const haveMirror = existsSync(MIRROR);
const SNAPSHOTS = ['cargo', 'diem', 'gecko-dev', 'rust', 'rust-ws-inherit', 'servo', 'substrate', 'tikv', 'toml-rs'];

if (!haveMirror || !haveCargo) {
  console.warn(`\n!!! ${!haveCargo ? 'cargo' : `a cargo mirror at ${MIRROR}`} not found: skipping the benchmark-workspace comparison !!!\n`);
}

function unpack(name: string): string | undefined {
  const dest = mkdtempSync(path.join(tmpdir(), `whatif-bench-${name}-`));
  const blob = spawnSync('git', ['-C', MIRROR, 'show', `HEAD:benches/workspaces/${name}.tgz`], { maxBuffer: 1 << 30 });
  if (blob.status !== 0) return undefined;
  mkdirSync(dest, { recursive: true });
  const tar = spawnSync('tar', ['-xzf', '-', '-C', dest], { input: blob.stdout });
  return tar.status === 0 ? path.join(dest, name) : undefined;
}

describe.skipIf(!haveMirror || !haveCargo)("cargo's benchmark workspaces", () => {
  it.each(SNAPSHOTS)('%s', (name) => {
    const dir = unpack(name);
    if (!dir) {
      console.warn(`!!! benches/workspaces/${name}.tgz is not in ${MIRROR}; skipped`);
      return;
    }
    const manifest = path.join(dir, 'Cargo.toml');
    const theirs = cargoMetadata(manifest);
    if (!theirs.ok) throw new Error(`cargo refused ${manifest}:\n${theirs.stderr}`);
    expectSameAsCargo(loadWorkspace(manifest), theirs.meta);
  });
});
