import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cratesIo, registrySource } from '../../src/cargo/source-id.js';
import { CargoConfig } from '../../src/config/config.js';
import { SourceMap } from '../../src/config/sources.js';
import { userError } from '../manifest/helpers.js';

/** `[source]` configuration in `root/p/.cargo/config.toml` (and optionally `$CARGO_HOME`'s), read from `root/p`. */
function sources(text: string, home = '', env: Record<string, string> = {}): { map: () => SourceMap; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'whatif-sources-'));
  mkdirSync(path.join(root, 'p/.cargo'), { recursive: true });
  mkdirSync(path.join(root, 'home'), { recursive: true });
  writeFileSync(path.join(root, 'p/.cargo/config.toml'), text);
  writeFileSync(path.join(root, 'home/config.toml'), home);
  const config = CargoConfig.load({ cwd: path.join(root, 'p'), env: { CARGO_HOME: path.join(root, 'home'), ...env } });
  return { map: () => new SourceMap(config), root };
}

describe('source replacement', () => {
  it('without configuration, crates.io is its sparse index', () => {
    expect(sources('').map().locate(cratesIo)).toEqual({
      source: cratesIo,
      location: { kind: 'sparse', url: 'sparse+https://index.crates.io/' },
    });
  });

  it('follows a chain of replace-with to a directory, resolved next to the .cargo directory', () => {
    const { map, root } = sources(
      '[source.crates-io]\nreplace-with = "mirror"\n\n[source.mirror]\nregistry = "sparse+https://mirror.example/index/"\nreplace-with = "vendored"\n\n[source.vendored]\ndirectory = "vendor"\n',
    );
    const located = map().locate(cratesIo);
    expect(located.source).toBe(cratesIo);
    expect(located.location).toEqual({ kind: 'directory', dir: path.join(root, 'p/vendor') });
    expect(located.replacedWith).toEqual({ name: 'vendored', definedIn: path.join(root, 'p/.cargo/config.toml') });
    expect(located.description).toBe(
      `directory source \`${path.join(root, 'p/vendor')}\` (which is replacing registry \`crates-io\`)`,
    );
  });

  it('a mirror in $CARGO_HOME, a local registry relative to $CARGO_HOME/..', () => {
    const { map, root } = sources(
      '',
      '[source.crates-io]\nreplace-with = "lr"\n[source.lr]\nlocal-registry = "registry"\n',
    );
    expect(map().locate(cratesIo).location).toEqual({ kind: 'local-registry', dir: path.join(root, 'registry') });
  });

  it('a deeper file replaces what $CARGO_HOME says', () => {
    const { map } = sources(
      '[source.crates-io]\nreplace-with = "near"\n[source.near]\nregistry = "sparse+http://near.example/"\n',
      '[source.crates-io]\nreplace-with = "far"\n[source.far]\nregistry = "sparse+http://far.example/"\n',
    );
    expect(map().locate(cratesIo).location).toEqual({ kind: 'sparse', url: 'sparse+http://near.example/' });
  });

  it('replace-with may name a registry of [registries]', () => {
    const { map } = sources(
      '[source.crates-io]\nreplace-with = "company"\n[registries.company]\nindex = "sparse+https://company.example/index/"\n',
    );
    expect(map().locate(cratesIo)).toMatchObject({
      location: { kind: 'sparse', url: 'sparse+https://company.example/index/' },
      replacedWith: { name: 'company' },
    });
  });

  it('[source.crates-io] with a location of its own redefines crates.io', () => {
    const { map } = sources('[source.crates-io]\nregistry = "sparse+http://127.0.0.1:9/"\n');
    expect(map().locate(cratesIo).location).toEqual({ kind: 'sparse', url: 'sparse+http://127.0.0.1:9/' });
  });

  it('replaces an alternative registry by its URL, and leaves others alone', () => {
    const { map, root } = sources(
      '[source.company]\nregistry = "sparse+https://company.example/index/"\nreplace-with = "local"\n[source.local]\nlocal-registry = "lr"\n',
    );
    expect(map().locate(registrySource('sparse+https://company.example/index/')).location).toEqual({
      kind: 'local-registry',
      dir: path.join(root, 'p/lr'),
    });
    expect(map().locate(registrySource('sparse+https://other.example/')).location).toEqual({
      kind: 'sparse',
      url: 'sparse+https://other.example/',
    });
    expect(map().locate(cratesIo).location.kind).toBe('sparse');
  });

  it('`registries.crates-io.protocol = "git"` makes crates.io its git index; anything else is refused', () => {
    expect(sources('[registries.crates-io]\nprotocol = "git"\n').map().locate(cratesIo).location).toEqual({
      kind: 'git-index',
      url: 'https://github.com/rust-lang/crates.io-index',
    });
    expect(userError(() => sources('', '', { CARGO_REGISTRIES_CRATES_IO_PROTOCOL: 'bogus' }).map()).message).toBe(
      'unsupported registry protocol `bogus` (defined in environment variable `CARGO_REGISTRIES_CRATES_IO_PROTOCOL`)',
    );
    expect(userError(() => sources('[registry]\nindex = "x"\n').map()).message).toContain(
      'the `registry.index` config value is no longer supported',
    );
  });

  it('`source.*` is read from files only: CARGO_SOURCE_* variables change nothing (as cargo 1.95)', () => {
    const { map } = sources('[source.crates-io]\nreplace-with = "nope"\n[source.lr]\nlocal-registry = "lr"\n', '', {
      CARGO_SOURCE_CRATES_IO_REPLACE_WITH: 'lr',
    });
    expect(userError(() => map().locate(cratesIo)).message).toContain(
      'could not find a configured source with the name `nope`',
    );
  });
});

describe("cargo's errors for bad [source] configuration", () => {
  it('a cycle of replace-with', () => {
    const { map, root } = sources(
      '[source.crates-io]\nreplace-with = "a"\n[source.a]\nregistry = "sparse+http://a.example/"\nreplace-with = "crates-io"\n',
    );
    expect(userError(() => map().locate(cratesIo)).message).toBe(
      `detected a cycle of \`replace-with\` sources, the source \`crates-io\` is eventually replaced with itself (configuration in \`${path.join(root, 'p/.cargo/config.toml')}\`)`,
    );
  });

  it('an unknown name, reported only when the replaced source is used', () => {
    const { map, root } = sources('[source.crates-io]\nreplace-with = "nope"\n');
    const m = map();
    expect(userError(() => m.locate(cratesIo)).message).toBe(
      `could not find a configured source with the name \`nope\` when attempting to lookup \`crates-io\` (configuration in \`${path.join(root, 'p/.cargo/config.toml')}\`)`,
    );
    expect(m.locate(registrySource('sparse+https://other.example/')).location.kind).toBe('sparse');
  });

  it('no location, two locations, branch without git, an invalid URL: when the map is built, used or not', () => {
    const err = userError(() => sources('[source.x]\nreplace-with = "y"\n').map());
    expect(err.message).toBe(
      'no source location specified for `source.x`, need `registry`, `local-registry`, `directory`, or `git` defined',
    );
    expect(err.location?.line).toBe(1);
    expect(userError(() => sources('[source.x]\ndirectory = "v"\nlocal-registry = "lr"\n').map()).message).toBe(
      'more than one source location specified for `source.x`',
    );
    expect(
      userError(() => sources('[source.x]\nregistry = "sparse+http://x/"\n\nbranch = "main"\n').map()).describe(),
    ).toMatch(
      /config\.toml:4: source definition `source.x` specifies `branch`, but that requires a `git` key to be specified$/,
    );
    expect(userError(() => sources('[source.x]\nregistry = "not a url"\n').map()).message).toContain(
      'configuration key `source.x.registry` specified an invalid URL',
    );
  });

  it('two names for one source', () => {
    const { map, root } = sources('[source.a]\nlocal-registry = "lr"\n[source.b]\nlocal-registry = "lr"\n');
    expect(userError(map).message).toBe(
      `source \`b\` defines source registry \`${path.join(root, 'p/lr')}\`, but that source is already defined by \`a\`\nnote: Sources are not allowed to be defined multiple times.`,
    );
  });

  it('a git repository cannot stand in for a registry', () => {
    const { map } = sources('[source.crates-io]\nreplace-with = "g"\n[source.g]\ngit = "https://example.com/repo"\n');
    expect(userError(() => map().locate(cratesIo)).message).toContain(
      'cannot replace `crates-io` with `g`, the source `crates-io` supports checksums, but `g` does not',
    );
  });

  it('a [source] entry that is not a table', () => {
    expect(userError(() => sources('[source]\nx = 1\n').map()).describe()).toMatch(
      /config\.toml:2: `source\.x` expected a table, but found integer$/,
    );
  });
});
