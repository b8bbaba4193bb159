import { describe, expect, it } from 'vitest';
import { CRATES_IO_INDEX } from '../../src/cargo/source-id.js';
import type { Dependency } from '../../src/cargo/summary.js';
import { featureValueText } from '../../src/cargo/summary.js';
import { type PackageManifest, readManifest } from '../../src/manifest/manifest.js';
import { TomlDocument } from '../../src/manifest/toml-document.js';
import { configAt, fixture, readPackageText } from './helpers.js';

function forms(): PackageManifest {
  const m = readManifest(TomlDocument.read(fixture('dependency-forms', 'Cargo.toml')), {
    inheritable: () => {
      throw new Error('a lone package inherits nothing');
    },
    registries: configAt(fixture('dependency-forms')),
  });
  if (m.kind !== 'package') throw new Error('expected a package');
  return m;
}

const row = (d: Dependency) => [d.kind, d.target ?? '-', d.nameInToml, d.name, d.req.toString()].join(' ');

describe('dependency tables (fixture dependency-forms)', () => {
  const m = forms();
  const deps = m.summary.dependencies;
  const byName = (n: string) => deps.find((d) => d.nameInToml === n)!;

  it("lists dependencies in cargo's order: kinds, then target tables, each sorted by key", () => {
    expect(deps.map(row)).toEqual([
      'normal - anyhow anyhow ^1',
      'normal - gix-url gix-url *',
      'normal - internal-auth internal-auth ^3.2',
      'normal - local-util local-util >=0.1, <0.3',
      'normal - log log ^0.4.21',
      'normal - pinned pinned *',
      'normal - plain-git plain-git *',
      'normal - regex regex ~1.10.4',
      'normal - serde_crate serde ^1.0',
      'normal - tracing-fork tracing *',
      'normal - zstd zstd ^0.13',
      'dev - pretty_assertions pretty_assertions =1.4.0',
      'dev - proptest proptest ^1.4',
      'build - cc cc ^1.0.90',
      // Target tables sort by their key as written; each lists normal, build, then dev.
      'dev cfg(all(target_os = "linux", not(target_env = "musl"))) procfs procfs ^0.16',
      'normal cfg(unix) libc libc ^0.2.150',
      'normal cfg(unix) nix nix ^0.28',
      'build cfg(unix) autocfg autocfg ^1',
      'normal cfg(windows) winapi winapi ^0.3',
      'build x86_64-unknown-linux-gnu pkg-config pkg-config ^0.3',
    ]);
  });

  it('reads renames, optional, default-features (both spellings) and features', () => {
    expect(byName('serde_crate')).toMatchObject({ name: 'serde', defaultFeatures: false, optional: false });
    expect(byName('regex')).toMatchObject({ defaultFeatures: false, features: ['unicode-perl'] });
    expect(byName('log')).toMatchObject({ optional: true, defaultFeatures: true });
    expect(byName('nix')).toMatchObject({ optional: true, features: ['fs'], target: 'cfg(unix)' });
  });

  it('keeps git sources with their reference and resolves registries and paths', () => {
    expect(byName('gix-url').source).toEqual({
      kind: 'git',
      url: 'https://github.com/GitoxideLabs/gitoxide',
      reference: 'branch=main',
      precise: undefined,
    });
    expect(byName('tracing-fork').source).toMatchObject({ kind: 'git', reference: 'tag=v0.1.40' });
    expect(byName('pinned').source).toMatchObject({
      kind: 'git',
      url: 'https://github.com/example/pinned.git',
      reference: 'rev=0123abc',
    });
    expect(byName('plain-git').source.reference).toBeUndefined();
    expect(byName('internal-auth').source).toEqual({
      kind: 'registry',
      url: 'sparse+https://cargo.company.example/index/',
    });
    expect(byName('anyhow').source).toEqual({ kind: 'registry', url: CRATES_IO_INDEX });
    expect(byName('local-util').source).toEqual({ kind: 'path', url: fixture('dependency-forms', 'util') });
  });

  it('records where each dependency was declared', () => {
    expect(byName('serde_crate').origin).toEqual({
      kind: 'manifest',
      file: fixture('dependency-forms', 'Cargo.toml'),
      line: 14,
      keyPath: 'dependencies.serde_crate',
    });
    expect(byName('libc').origin).toMatchObject({ line: 34, keyPath: "target.'cfg(unix)'.dependencies.libc" });
    expect(byName('cc').origin).toMatchObject({ keyPath: 'build_dependencies.cc' });
  });

  it('builds the feature map with implicit features for optional dependencies', () => {
    const features = Object.fromEntries([...m.summary.features].map(([k, v]) => [k, v.map(featureValueText)]));
    expect(features).toEqual({
      default: ['std'],
      logging: ['dep:log'],
      nix: ['dep:nix'],
      posix: ['nix', 'nix?/user'],
      std: ['serde_crate/std', 'regex/std'],
    });
  });

  it('reads the package table', () => {
    expect(m.summary).toMatchObject({ name: 'forms', links: 'forms', rustVersion: null });
    expect(m.summary.version.toString()).toBe('0.9.0');
    expect(m.summary.source).toEqual({ kind: 'path', url: fixture('dependency-forms') });
    expect(m.edition).toBe('2021');
    expect(m.warnings.map((w) => w.message.split('\n')[0])).toEqual([
      '`default_features` is deprecated in favor of `default-features` and will not work in the 2024 edition',
      '`build_dependencies` is deprecated in favor of `build-dependencies` and will not work in the 2024 edition',
    ]);
  });
});

describe('package fields', () => {
  it('defaults a missing version to 0.0.0 and a missing edition to 2015', () => {
    const m = readPackageText('[package]\nname = "bare"\n');
    expect(m.summary.version.toString()).toBe('0.0.0');
    expect(m.edition).toBe('2015');
    expect(m.warnings[0]!.message).toMatch(/no edition set: defaulting to the 2015 edition/);
  });

  it('takes the resolver from the package or from its own [workspace]', () => {
    expect(readPackageText('[package]\nname = "a"\nedition = "2021"\nresolver = "1"\n').resolver).toBe('1');
    expect(readPackageText('[package]\nname = "a"\n[workspace]\nresolver = "3"\n').resolver).toBe('3');
    expect(readPackageText('[package]\nname = "a"\nedition = "2021"\n').resolver).toBeUndefined();
  });

  it('prefers the hyphenated table when both spellings of dev-dependencies are present', () => {
    const m = readPackageText(
      '[package]\nname = "a"\nedition = "2021"\n[dev-dependencies]\nx = "1"\n[dev_dependencies]\ny = "2"\n',
    );
    expect(m.summary.dependencies.map((d) => d.nameInToml)).toEqual(['x']);
    expect(m.warnings.at(-1)!.message).toMatch(/`dev_dependencies` is redundant with `dev-dependencies`/);
  });

  it('treats a path dependency without version as any version, and normalizes its path', () => {
    const m = readPackageText('[package]\nname = "a"\nedition = "2021"\n[dependencies]\nb = { path = "./sub/../b" }\n');
    const [b] = m.summary.dependencies;
    expect(b!.req.toString()).toBe('*');
    expect(b!.source.url).toBe(m.dir + '/b');
  });

  it('warns about keys cargo ignores, sorted as cargo sorts them', () => {
    const m = readPackageText(
      '[package]\nname = "a"\nedition = "2021"\n[dependencies]\nb = { version = "1", feature = ["x"], defualt-features = false }\n',
    );
    expect(m.warnings.map((w) => w.message)).toEqual([
      'unused manifest key: dependencies.b.defualt-features',
      'unused manifest key: dependencies.b.feature',
    ]);
  });
});
