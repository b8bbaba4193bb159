import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { CargoConfig } from '../../src/config/config.js';
import { registryOpener } from '../../src/config/open-registry.js';
import { RegistrySet } from '../../src/index/registry-set.js';
import { userError } from '../manifest/helpers.js';
import { writeLocalRegistry, writeVendored } from '../support/vendor.js';

function setup(config: string): { root: string; config: CargoConfig } {
  const root = mkdtempSync(path.join(tmpdir(), 'whatif-open-'));
  mkdirSync(path.join(root, 'p/.cargo'), { recursive: true });
  writeFileSync(path.join(root, 'p/.cargo/config.toml'), config);
  return {
    root,
    config: CargoConfig.load({ cwd: path.join(root, 'p'), env: { CARGO_HOME: path.join(root, 'home') } }),
  };
}

const LINES = [
  { name: 'b', vers: '1.0.0', cksum: 'ab'.repeat(32) },
  { name: 'b', vers: '1.1.0', cksum: 'cd'.repeat(32) },
];

describe('opening the registry a dependency names', () => {
  it('--registry stands in for crates.io over the configuration, which is then not even read', async () => {
    const { root, config } = setup('[source.crates-io]\nreplace-with = "nope"\n[source.broken]\n');
    await writeLocalRegistry(path.join(root, 'lr'), LINES);
    const flagged = new RegistrySet(
      registryOpener(config, { registryFlag: path.join(root, 'lr/index'), offline: false }),
    );
    expect(flagged.get('b').map((s) => s.version.toString())).toEqual(['1.0.0', '1.1.0']);
    // An index directory given as --registry stands for crates.io's sparse index: cargo's passes.
    expect(flagged.wholeAtOnce).toBe(false);
    const configured = new RegistrySet(registryOpener(config, { offline: false }));
    expect(userError(() => configured.get('b')).message).toContain('no source location specified for `source.broken`');
  });

  it('a local registry reads its index/, names crates.io, and is had whole at once', async () => {
    const { root, config } = setup('[source.crates-io]\nreplace-with = "lr"\n[source.lr]\nlocal-registry = "../lr"\n');
    await writeLocalRegistry(path.join(root, 'lr'), LINES);
    const set = new RegistrySet(registryOpener(config, { offline: false }));
    const b = set.get('b');
    expect(b.map((s) => [s.version.toString(), s.source, s.checksum])).toEqual([
      ['1.0.0', cratesIo, 'ab'.repeat(32)],
      ['1.1.0', cratesIo, 'cd'.repeat(32)],
    ]);
    expect(set.wholeAtOnce).toBe(true);
    expect(set.describe()).toBe(
      `local registry \`${path.join(root, 'lr')}\` (which is replacing registry \`crates-io\`)`,
    );
  });

  it("cargo's errors for a local registry that is not one", () => {
    const { root, config } = setup('[source.crates-io]\nreplace-with = "lr"\n[source.lr]\nlocal-registry = "../lr"\n');
    const set = () => new RegistrySet(registryOpener(config, { offline: false })).get('b');
    expect(userError(set).message).toBe(`local registry path is not a directory: ${path.join(root, 'lr')}`);
    mkdirSync(path.join(root, 'lr'));
    expect(userError(set).message).toBe(`local registry index path is not a directory: ${path.join(root, 'lr/index')}`);
  });

  it('a directory source: summaries from the vendored manifests, checksums from .cargo-checksum.json; hidden and manifest-less directories skipped', async () => {
    const { root, config } = setup('[source.crates-io]\nreplace-with = "v"\n[source.v]\ndirectory = "../vendor"\n');
    await writeVendored(path.join(root, 'vendor'), [
      ...LINES,
      {
        name: 'a',
        vers: '0.1.0',
        cksum: 'ef'.repeat(32),
        deps: [
          { name: 'b', req: '^1', features: [], optional: true, default_features: true, target: null, kind: 'normal' },
        ],
        features: { default: ['b'] },
      },
    ]);
    mkdirSync(path.join(root, 'vendor/.git/x'), { recursive: true });
    writeFileSync(path.join(root, 'vendor/.git/x/Cargo.toml'), 'not toml [');
    mkdirSync(path.join(root, 'vendor/leftover'));
    const set = new RegistrySet(registryOpener(config, { offline: false }));
    const [a] = set.get('a');
    expect(a).toMatchObject({ name: 'a', source: cratesIo, checksum: 'ef'.repeat(32) });
    expect(a!.dependencies.map((d) => [d.name, d.req.toString(), d.optional])).toEqual([['b', '^1', true]]);
    expect([...a!.features.keys()].sort()).toEqual(['b', 'default']);
    expect(set.get('b').map((s) => s.version.toString())).toEqual(['1.0.0', '1.1.0']);
    expect(set.lists('nope')).toBe(false);
    expect(set.wholeAtOnce).toBe(true);
  });

  it('a vendored crate without .cargo-checksum.json, or with a broken one', async () => {
    const { root, config } = setup('[source.crates-io]\nreplace-with = "v"\n[source.v]\ndirectory = "../vendor"\n');
    await writeVendored(path.join(root, 'vendor'), LINES.slice(0, 1));
    writeFileSync(path.join(root, 'vendor/b-1.0.0/.cargo-checksum.json'), '{"package": "x"}');
    const read = () => new RegistrySet(registryOpener(config, { offline: false })).get('b');
    expect(userError(read).message).toBe('failed to decode `.cargo-checksum.json` of b v1.0.0');
  });
});
