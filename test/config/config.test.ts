import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CargoConfig } from '../../src/config/config.js';
import { discoverConfigFiles } from '../../src/config/files.js';
import { networkSettings, offlineSetting } from '../../src/config/net.js';
import { userError } from '../manifest/helpers.js';

/** A scratch tree: `files` maps relative paths to contents. Returns its root. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whatif-config-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

/** The configuration as cargo run in `root/cwd` with `CARGO_HOME=root/home` and `env` reads it. */
function load(root: string, cwd: string, env: Record<string, string> = {}): CargoConfig {
  const dir = path.join(root, cwd);
  mkdirSync(dir, { recursive: true });
  return CargoConfig.load({ cwd: dir, env: { CARGO_HOME: path.join(root, 'home'), ...env } });
}

describe('where cargo looks for its configuration', () => {
  it('reads .cargo/config.toml from the working directory up, then $CARGO_HOME, deepest first', () => {
    const root = tree({
      'a/b/.cargo/config.toml': '',
      'a/.cargo/config.toml': '',
      '.cargo/config.toml': '',
      'home/config.toml': '',
    });
    const files = discoverConfigFiles(path.join(root, 'a/b/c'), path.join(root, 'home'));
    expect(files.filter((f) => f.startsWith(root)).map((f) => path.relative(root, f))).toEqual([
      'a/b/.cargo/config.toml',
      'a/.cargo/config.toml',
      '.cargo/config.toml',
      'home/config.toml',
    ]);
  });

  it('reads $CARGO_HOME once when the walk passes through it', () => {
    const root = tree({ 'proj/.cargo/config.toml': '[net]\nretry = 1\n' });
    const files = discoverConfigFiles(path.join(root, 'proj/sub'), path.join(root, 'proj/.cargo'));
    expect(files.filter((f) => f.startsWith(root))).toEqual([path.join(root, 'proj/.cargo/config.toml')]);
  });

  it('reads the legacy `config` when it is alone, with a deprecation warning', () => {
    const root = tree({ 'p/.cargo/config': '[net]\nretry = 7\n' });
    const config = load(root, 'p');
    expect(config.integer(['net', 'retry'], 'u32')?.value).toBe(7);
    expect(config.warnings.join('\n')).toContain('.cargo/config` is deprecated in favor of `config.toml`');
  });

  it('prefers the legacy `config` over `config.toml` when both exist, and warns', () => {
    const root = tree({ 'p/.cargo/config': '[net]\nretry = 1\n', 'p/.cargo/config.toml': '[net]\nretry = 2\n' });
    const config = load(root, 'p');
    expect(config.integer(['net', 'retry'], 'u32')?.value).toBe(1);
    expect(config.warnings.join('\n')).toMatch(
      /both `.*\.cargo\/config` and `.*\.cargo\/config\.toml` exist\. Using `.*\.cargo\/config`/,
    );
  });

  it('says nothing when `config` is a link to `config.toml`', () => {
    const root = tree({ 'p/.cargo/config.toml': '[net]\nretry = 2\n' });
    symlinkSync('config.toml', path.join(root, 'p/.cargo/config'));
    const config = load(root, 'p');
    expect(config.integer(['net', 'retry'], 'u32')?.value).toBe(2);
    expect(config.warnings).toEqual([]);
  });
});

describe("cargo's precedence", () => {
  const root = tree({
    'ws/member/.cargo/config.toml': '[net]\nretry = 1\n[build]\nrustflags = ["deep"]\n',
    'ws/.cargo/config.toml':
      '[net]\nretry = 2\noffline = true\n[http]\ntimeout = 5\n[build]\nrustflags = ["shallow"]\n',
    'home/config.toml': '[net]\nretry = 3\n[http]\ntimeout = 9\nproxy = "home:3128"\n',
  });

  it('a deeper file wins over a shallower one, and any file over $CARGO_HOME', () => {
    const config = load(root, 'ws/member');
    expect(config.integer(['net', 'retry'], 'u32')).toMatchObject({
      value: 1,
      def: { file: path.join(root, 'ws/member/.cargo/config.toml') },
    });
    expect(config.integer(['http', 'timeout'], 'u64')?.value).toBe(5);
    expect(config.string(['http', 'proxy'])?.value).toBe('home:3128');
  });

  it('starts at the working directory: from the workspace root, the member directory is not read', () => {
    expect(load(root, 'ws').integer(['net', 'retry'], 'u32')?.value).toBe(2);
  });

  it('arrays are joined, the deeper (higher-precedence) items last', () => {
    const list = load(root, 'ws/member').fileValue(['build', 'rustflags']);
    expect(list?.type === 'array' && list.items.map((i) => (i.type === 'string' ? i.value : ''))).toEqual([
      'shallow',
      'deep',
    ]);
  });

  it('CARGO_* variables win over every file', () => {
    const config = load(root, 'ws/member', {
      CARGO_NET_RETRY: '8',
      CARGO_HTTP_TIMEOUT: '60',
      CARGO_NET_OFFLINE: 'false',
    });
    expect(config.integer(['net', 'retry'], 'u32')).toMatchObject({
      value: 8,
      def: { kind: 'env', name: 'CARGO_NET_RETRY' },
    });
    expect(networkSettings(config)).toMatchObject({ retry: 8, timeoutSeconds: 60, proxy: 'home:3128' });
    expect(offlineSetting(config)).toBe(false);
    expect(offlineSetting(load(root, 'ws/member'))).toBe(true);
  });

  it('names the variable of a key with dashes: CARGO_REGISTRIES_MY_REG_INDEX', () => {
    expect(CargoConfig.envName(['registries', 'my-reg', 'index'])).toBe('CARGO_REGISTRIES_MY_REG_INDEX');
    const config = load(root, 'ws', { CARGO_REGISTRIES_MY_REG_INDEX: 'sparse+https://example.com/index/' });
    expect(config.registryIndex('my-reg')).toBe('sparse+https://example.com/index/');
  });

  it("has cargo's defaults for the network", () => {
    const empty = tree({});
    expect(networkSettings(load(empty, 'x'))).toEqual({
      retry: 3,
      timeoutSeconds: 30,
      lowSpeedLimit: 10,
      proxy: undefined,
      cainfo: undefined,
    });
    expect(networkSettings(load(empty, 'x', { HTTP_TIMEOUT: '12' })).timeoutSeconds).toBe(12);
  });
});

describe('`include`', () => {
  it('loads included files first, left to right, then the file itself on top', () => {
    const root = tree({
      'p/.cargo/config.toml':
        'include = ["a.toml", { path = "b.toml" }, { path = "gone.toml", optional = true }]\n[net]\nretry = 1\n',
      'p/.cargo/a.toml': '[net]\nretry = 5\noffline = true\n[http]\ntimeout = 2\n',
      'p/.cargo/b.toml': '[http]\ntimeout = 3\n',
    });
    const config = load(root, 'p');
    expect(config.integer(['net', 'retry'], 'u32')?.value).toBe(1);
    expect(config.integer(['http', 'timeout'], 'u64')?.value).toBe(3);
    expect(config.boolean(['net', 'offline'])?.value).toBe(true);
  });

  it('refuses a cycle, a path not ending in .toml, and a missing file', () => {
    const cycle = tree({
      'p/.cargo/config.toml': 'include = ["x.toml"]\n',
      'p/.cargo/x.toml': 'include = ["config.toml"]\n',
    });
    expect(userError(() => load(cycle, 'p')).message).toContain('config `include` cycle detected');
    const ext = tree({ 'p/.cargo/config.toml': 'include = ["x.conf"]\n' });
    expect(userError(() => load(ext, 'p')).message).toContain('expected a config include path ending with `.toml`');
    const missing = tree({ 'p/.cargo/config.toml': '\ninclude = ["nope.toml"]\n' });
    const err = userError(() => load(missing, 'p'));
    expect(err.message).toContain('failed to load config include `nope.toml`');
    expect(err.location).toMatchObject({ line: 2 });
  });
});

describe('relative paths, resolved as cargo resolves them', () => {
  it('relative to the directory holding the .cargo directory, or $CARGO_HOME/.., or the working directory for variables', () => {
    const root = tree({
      'p/.cargo/config.toml': '[http]\ncainfo = "certs/ca.pem"\n',
      'home/config.toml': '[http]\ncainfo = "ca.pem"\n',
    });
    expect(load(root, 'p/sub').path(['http', 'cainfo'])?.value).toBe(path.join(root, 'p/certs/ca.pem'));
    expect(load(root, 'elsewhere').path(['http', 'cainfo'])?.value).toBe(path.join(root, 'ca.pem'));
    expect(load(root, 'p/sub', { CARGO_HTTP_CAINFO: 'x/ca.pem' }).path(['http', 'cainfo'])?.value).toBe(
      path.join(root, 'p/sub/x/ca.pem'),
    );
  });

  it('a relative `file:` index URL of `[registries]` too; a relative path is refused', () => {
    const root = tree({
      'p/.cargo/config.toml': '[registries.local]\nindex = "file:index"\n[registries.bad]\nindex = "../index"\n',
    });
    const config = load(root, 'p');
    expect(config.registryIndex('local')).toBe(`file://${path.join(root, 'p/index')}`);
    expect(config.registryIndex('nothing')).toBeUndefined();
    const err = userError(() => config.registryIndex('bad'));
    expect(err.message).toContain('invalid index URL for registry `bad`');
    expect(err.message).toContain('relative URL without a base');
    expect(err.location).toMatchObject({ file: path.join(root, 'p/.cargo/config.toml'), line: 4 });
  });
});

describe('bad values: one error naming the file and line, or the variable', () => {
  const file = (text: string) => {
    const root = tree({ 'p/.cargo/config.toml': text });
    return { config: load(root, 'p'), path: path.join(root, 'p/.cargo/config.toml') };
  };

  it('a string where cargo wants an integer', () => {
    const { config, path: p } = file('[net]\nretry = "x"\n');
    const err = userError(() => networkSettings(config));
    expect(err.message).toBe('`net.retry` expected an integer, but found a string');
    expect(err.describe()).toBe(`${p}:2: \`net.retry\` expected an integer, but found a string`);
  });

  it('a negative timeout', () => {
    const err = userError(() => networkSettings(file('[http]\n\ntimeout = -1\n').config));
    expect(err.message).toBe('could not load config key `http.timeout`: invalid value: integer `-1`, expected u64');
    expect(err.location?.line).toBe(3);
  });

  it('a string where cargo wants true/false; offline then counts as not set, as in cargo', () => {
    const { config } = file('[net]\noffline = "yes"\n');
    expect(userError(() => networkSettings(config)).message).toBe(
      '`net.offline` expected true/false, but found a string',
    );
    expect(offlineSetting(config)).toBe(false);
  });

  it('environment variables that do not parse', () => {
    const root = tree({});
    expect(userError(() => networkSettings(load(root, 'p', { CARGO_NET_RETRY: 'abc' }))).message).toBe(
      'error in environment variable `CARGO_NET_RETRY`: invalid digit found in string',
    );
    expect(userError(() => networkSettings(load(root, 'p', { CARGO_NET_OFFLINE: 'yes' }))).message).toBe(
      'error in environment variable `CARGO_NET_OFFLINE`: provided string was not `true` or `false`',
    );
    expect(userError(() => networkSettings(load(root, 'p', { CARGO_HTTP_TIMEOUT: '' }))).message).toBe(
      'error in environment variable `CARGO_HTTP_TIMEOUT`: cannot parse integer from empty string',
    );
  });

  it('a float or a date anywhere in a file: cargo refuses the whole file', () => {
    const err = userError(() => file('[profile.release]\nx = 1\n\n[net]\nretry = 1.5\n'));
    expect(err.message).toBe('failed to parse config at `net.retry`: unsupported TOML configuration type `float`');
    expect(err.location?.line).toBe(5);
  });

  it('TOML that does not parse', () => {
    const err = userError(() => file('[net\nretry = 1\n'));
    expect(err.message).toContain('invalid TOML');
    expect(err.location?.line).toBe(1);
  });

  it('a table in one file and a value in another', () => {
    const root = tree({ 'p/.cargo/config.toml': 'net = 3\n', 'home/config.toml': '[net]\nretry = 1\n' });
    expect(userError(() => load(root, 'p')).message).toContain('failed to merge config value from');
  });
});
