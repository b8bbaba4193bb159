import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/index.js';
import { configAt, fixture } from '../manifest/helpers.js';
import { ERROR_CASES } from './error-cases.js';
import { cargoMetadata, cargoVersion, expectSameAsCargo, haveCargo } from './metadata-compare.js';

if (!haveCargo) {
  console.warn('\n!!! cargo not found: skipping the comparison of the workspace model with `cargo metadata` !!!\n');
}

const WORKSPACES = [
  ['virtual-globs', 'Cargo.toml'],
  ['virtual-globs', 'crates/protocol/Cargo.toml'],
  ['virtual-globs', 'crates/experimental/Cargo.toml'],
  ['root-package', 'Cargo.toml'],
  ['root-package', 'plugins/html/Cargo.toml'],
  ['inheritance', 'Cargo.toml'],
  ['inheritance-warnings', 'Cargo.toml'],
  ['dependency-forms', 'Cargo.toml'],
  ['patches', 'Cargo.toml'],
  ['replace', 'Cargo.toml'],
  ['pointer', 'root/Cargo.toml'],
  ['pointer', 'satellite/Cargo.toml'],
  ['edition-2024', 'Cargo.toml'],
  ['optional-path', 'app/Cargo.toml'],
] as const;

describe.skipIf(!haveCargo)(`model vs ${cargoVersion.stdout?.trim() ?? 'cargo'} metadata`, () => {
  it.each(WORKSPACES)('%s/%s', (dir, manifest) => {
    const manifestPath = fixture(dir, manifest);
    const theirs = cargoMetadata(manifestPath);
    if (!theirs.ok) throw new Error(`cargo refused ${manifestPath}:\n${theirs.stderr}`);
    // cargo metadata runs in the manifest's directory, so reads the configuration there.
    expectSameAsCargo(loadWorkspace(manifestPath, { registries: configAt(path.dirname(manifestPath)) }), theirs.meta);
  });

  // Only manifest-level problems: cargo --no-deps never opens non-member path dependencies.
  const refusedByMetadata = ERROR_CASES.filter(([dir]) => dir !== 'path-without-manifest');
  it.each(refusedByMetadata)('cargo refuses errors/%s too', (dir, manifest) => {
    expect(cargoMetadata(fixture('errors', dir, manifest)).ok).toBe(false);
  });
});
