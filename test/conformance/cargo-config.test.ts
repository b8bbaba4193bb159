import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../cli/run-cli.js';
import { pkg } from '../resolve/helpers.js';
import { PASSES_CARGO_OFFLINE, PASSES_MEMBER, PASSES_REGISTRY } from '../resolve/passes-scenario.js';
import { cargoAvailable, cargoEnv, runCargo, warnNoCargo } from '../support/cargo.js';
import { type IndexServer, startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { writeLocalRegistry, writeVendored } from '../support/vendor.js';
import { type IndexDep, type IndexLine, indexFiles, indexLine } from '../support/write-index.js';

/**
 * Cargo's configuration, end to end: with no `--registry`, cargo-whatif reads the source
 * replacement and `[registries]` that cargo reads, from where cargo reads them, and writes the
 * Cargo.lock cargo writes. Both run in the same directory with the same CARGO_HOME and
 * environment; each lockfile is compared byte for byte.
 */
const HAVE_CARGO = cargoAvailable();
if (!HAVE_CARGO) warnNoCargo("cargo's configuration (source replacement, [registries]) against cargo");

const dep = (name: string, req: string, extra: Partial<IndexDep> = {}): IndexDep => ({
  name,
  req,
  features: [],
  optional: false,
  default_features: true,
  target: null,
  kind: 'normal',
  ...extra,
});
const sum = (id: string) =>
  id
    .split('')
    .reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 0xffffffff, 7)
    .toString(16)
    .padStart(8, '0')
    .repeat(8);
const line = (name: string, vers: string, rest: Partial<IndexLine> = {}): IndexLine => ({
  name,
  vers,
  cksum: sum(`${name}@${vers}`),
  ...rest,
});

/** Features, an optional dependency, `links` (a build script when vendored), a rename, a target table, a dev-dependency nobody has. */
const REGISTRY: IndexLine[] = [
  line('b', '1.0.0'),
  line('b', '1.1.0'),
  line('b', '2.0.0'),
  line('c', '0.1.0', { links: 'cfoo' }),
  line('c', '0.1.1', { links: 'cfoo' }),
  line('a', '1.0.0', {
    deps: [dep('b', '^1'), dep('c', '^0.1', { optional: true })],
    features: { default: ['std'], std: [], extra: ['c'] },
  }),
  line('a', '1.2.0', {
    deps: [dep('b', '^1.1'), dep('c', '^0.1', { optional: true })],
    features: { default: ['std'], std: [], extra: ['c'] },
  }),
  line('d', '1.0.0', { deps: [dep('b', '^1', { target: 'cfg(unix)' }), dep('not-published', '^1', { kind: 'dev' })] }),
  line('e', '1.0.0', { deps: [dep('bee', '^1', { package: 'b' })] }),
];

const APP = `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\na = { version = "1", features = ["extra"] }\nb = "1.0"\nd = "1"\ne = "1"\n`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI in `cwd` with cargo's test environment: it must find the configuration by itself. */
function whatif(args: string[], cwd: string, cargoHome: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const options = { cwd, env: { ...cargoEnv(cargoHome), ...env }, encoding: 'utf8' as const, timeout: 120_000 };
    execFile(process.execPath, [BIN, ...args], options, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : -1
        : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
}

/**
 * Ours, then cargo's, in `ws` (ours first: cargo writes Cargo.lock there). Returns both lockfiles
 * after checking both resolved.
 */
async function bothLock(
  ws: string,
  cargoHome: string,
  afterOurs?: () => void,
): Promise<{ ours: string; cargo: string; json: Run }> {
  const json = await whatif(['resolve', '--json'], ws, cargoHome);
  const ours = await whatif(['lock', '--stdout'], ws, cargoHome);
  afterOurs?.();
  const cargo = await runCargo(['generate-lockfile'], { cwd: ws, cargoHome });
  expect(cargo.code, cargo.stderr).toBe(0);
  expect(ours.code, ours.stderr).toBe(0);
  return { ours: ours.stdout, cargo: await readFile(join(ws, 'Cargo.lock'), 'utf8'), json };
}

describe.skipIf(!HAVE_CARGO)("cargo's configuration, with no --registry, against cargo 1.95", () => {
  let mirror: IndexServer;
  let tmp: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    ensureBuilt();
    mirror = await startIndexServer({ files: indexFiles(REGISTRY) });
    tmp = await tempDir('whatif-cargo-config-');
  });
  afterAll(async () => {
    await mirror?.close();
    await tmp?.remove();
  });

  /** A fresh copy of the workspace and an empty CARGO_HOME under `name`. */
  async function scenario(name: string, member = APP): Promise<{ root: string; ws: string; home: string }> {
    const root = join(tmp.path, name);
    await writeFiles(root, { 'ws/Cargo.toml': member, 'ws/src/lib.rs': '', 'home/.keep': '' });
    return { root, ws: join(root, 'ws'), home: join(root, 'home') };
  }

  it('$CARGO_HOME/config.toml replaces crates-io with a loopback sparse mirror', async () => {
    const { ws, home } = await scenario('mirror');
    await writeFile(
      join(home, 'config.toml'),
      `[source.crates-io]\nreplace-with = "mirror"\n\n[source.mirror]\nregistry = "${mirror.url}"\n`,
    );
    const before = mirror.requests.length;
    // Ours asked the mirror (and nothing else could have answered: there is no network).
    const { ours, cargo, json } = await bothLock(ws, home, () =>
      expect(mirror.requests.slice(before)).toContain('1/a'),
    );
    expect(ours).toBe(cargo);
    expect(cargo).toContain('source = "registry+https://github.com/rust-lang/crates.io-index"');
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'resolved' });
  });

  it('a `directory` source of vendored crates, configured next to the workspace (`.cargo/config.toml`, a relative path)', async () => {
    const { root, ws, home } = await scenario('directory');
    await writeVendored(join(root, 'vendor'), REGISTRY);
    await writeFiles(ws, {
      '.cargo/config.toml':
        '[source.crates-io]\nreplace-with = "vendored-sources"\n\n[source.vendored-sources]\ndirectory = "../vendor"\n',
    });
    const { ours, cargo } = await bothLock(ws, home);
    expect(ours).toBe(cargo);
    // The checksums come from each crate's .cargo-checksum.json.
    expect(cargo).toContain(`checksum = "${sum('c@0.1.1')}"`);
  });

  it('a `local-registry`, relative to $CARGO_HOME/.. in $CARGO_HOME/config.toml', async () => {
    const { root, ws, home } = await scenario('local-registry');
    await writeLocalRegistry(join(root, 'lr'), REGISTRY);
    await writeFile(
      join(home, 'config.toml'),
      '[source.crates-io]\nreplace-with = "lr"\n\n[source.lr]\nlocal-registry = "lr"\n',
    );
    const { ours, cargo } = await bothLock(ws, home);
    expect(ours).toBe(cargo);
  });

  it('over a local registry cargo has the whole index at once and searches once, and so do we', async () => {
    const { root, ws, home } = await scenario('passes');
    const deps = PASSES_MEMBER.deps!.map(
      ([n, req, o]) =>
        `${n} = { version = "${req}"${o?.defaultFeatures === false ? ', default-features = false' : ''} }`,
    );
    await writeFile(
      join(ws, 'Cargo.toml'),
      `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps.join('\n')}\n`,
    );
    const lines = Object.entries(PASSES_REGISTRY).map(([id, s]) => JSON.parse(indexLine(pkg(id, s)).line) as IndexLine);
    await writeLocalRegistry(join(root, 'lr'), lines);
    await writeFile(
      join(home, 'config.toml'),
      '[source.crates-io]\nreplace-with = "lr"\n\n[source.lr]\nlocal-registry = "lr"\n',
    );
    const { ours, cargo } = await bothLock(ws, home);
    expect(ours).toBe(cargo);
    const set = [...cargo.matchAll(/name = "(.*)"\nversion = "(.*)"/g)].map((m) => `${m[1]}@${m[2]}`).sort();
    expect(set).toEqual(PASSES_CARGO_OFFLINE);
  });

  it('`registry = "company"` from `[registries]` in the workspace config, its crates depending on crates.io (a mirror)', async () => {
    const company = await startIndexServer({
      files: indexFiles([
        line('widget', '1.0.0', {
          deps: [dep('gizmo', '^0.3'), dep('b', '^1', { registry: 'https://github.com/rust-lang/crates.io-index' })],
        }),
        line('widget', '1.1.0', {
          deps: [dep('gizmo', '^0.3'), dep('b', '^1.1', { registry: 'https://github.com/rust-lang/crates.io-index' })],
        }),
        line('gizmo', '0.3.0'),
        line('gizmo', '0.3.2'),
        // Same name as a crates.io crate, another package altogether.
        line('b', '9.0.0'),
      ]),
    });
    try {
      const member = `${APP}widget = { version = "1", registry = "company" }\nb9 = { package = "b", version = "9", registry = "company" }\n`;
      const { ws, home } = await scenario('alt-registry', member);
      await writeFile(
        join(home, 'config.toml'),
        `[source.crates-io]\nreplace-with = "mirror"\n\n[source.mirror]\nregistry = "${mirror.url}"\n`,
      );
      await writeFiles(ws, { '.cargo/config.toml': `[registries.company]\nindex = "${company.url}"\n` });
      const { ours, cargo } = await bothLock(ws, home, () => expect(company.requests).toContain('wi/dg/widget'));
      expect(ours).toBe(cargo);
      expect(cargo).toContain(`source = "${company.url}"`);
    } finally {
      await company.close();
    }
  });

  it('a `[registries]` registry with a git index, replaced by vendored crates: nothing fetched, Cargo.lock names the git index', async () => {
    const companyIndex = 'https://git.company.example/index';
    const { root, ws, home } = await scenario(
      'alt-vendored',
      `${APP}widget = { version = "1", registry = "company" }\n`,
    );
    await writeVendored(join(root, 'vendor'), REGISTRY);
    await writeVendored(
      join(root, 'company-vendor'),
      [
        line('widget', '1.0.0', {
          deps: [dep('gizmo', '^0.3'), dep('b', '^1', { registry: 'https://github.com/rust-lang/crates.io-index' })],
        }),
        line('gizmo', '0.3.0'),
        line('gizmo', '0.3.2'),
      ],
      companyIndex,
    );
    await writeFiles(ws, {
      '.cargo/config.toml': [
        '[registries.company]',
        `index = "${companyIndex}"`,
        '',
        '[source.crates-io]',
        'replace-with = "vendored"',
        '[source.vendored]',
        'directory = "../vendor"',
        '',
        '[source.company-git]',
        `registry = "${companyIndex}"`,
        'replace-with = "company-vendored"',
        '[source.company-vendored]',
        'directory = "../company-vendor"',
        '',
      ].join('\n'),
    });
    const { ours, cargo } = await bothLock(ws, home);
    expect(ours).toBe(cargo);
    expect(cargo).toContain(`source = "registry+${companyIndex}"`);
    expect(cargo).toContain('name = "gizmo"\nversion = "0.3.2"');
  });

  it('the verdict when the vendored crates cannot satisfy the workspace', async () => {
    const { root, ws, home } = await scenario('directory-missing', APP.replace('b = "1.0"', 'b = "2"'));
    await writeVendored(
      join(root, 'vendor'),
      REGISTRY.filter((l) => !(l.name === 'b' && l.vers === '2.0.0')),
    );
    await writeFiles(ws, {
      '.cargo/config.toml': '[source.crates-io]\nreplace-with = "v"\n\n[source.v]\ndirectory = "../vendor"\n',
    });
    const ours = await whatif(['resolve'], ws, home);
    const cargo = await runCargo(['generate-lockfile'], { cwd: ws, cargoHome: home });
    expect(cargo.code).not.toBe(0);
    expect(cargo.stderr).toContain('failed to select a version for the requirement `b = "^2"`');
    expect(ours.code, ours.stderr).toBe(1);
  });

  it('a loop of replace-with: both refuse', async () => {
    const { ws, home } = await scenario('loop');
    await writeFile(
      join(home, 'config.toml'),
      `[source.crates-io]\nreplace-with = "m"\n\n[source.m]\nregistry = "${mirror.url}"\nreplace-with = "crates-io"\n`,
    );
    const ours = await whatif(['resolve'], ws, home);
    const cargo = await runCargo(['generate-lockfile'], { cwd: ws, cargoHome: home });
    expect(cargo.stderr).toContain('detected a cycle of `replace-with` sources');
    expect(ours.code).toBe(2);
    expect(ours.stderr.trim().split('\n')).toEqual([
      `error: detected a cycle of \`replace-with\` sources, the source \`crates-io\` is eventually replaced with itself (configuration in \`${join(home, 'config.toml')}\`)`,
    ]);
  });
});

describe('cargo configuration errors on the command line', () => {
  it('a bad value is one `error:` line with the file and line, exit 2, nothing on stdout', async () => {
    ensureBuilt();
    const tmp = await tempDir('whatif-bad-config-');
    try {
      const ws = join(tmp.path, 'ws');
      await writeFiles(ws, { 'Cargo.toml': APP, 'src/lib.rs': '' });
      const server = await startIndexServer({ files: indexFiles(REGISTRY) });
      try {
        await writeFiles(ws, {
          '.cargo/config.toml': `[source.crates-io]\nreplace-with = "m"\n[source.m]\nregistry = "${server.url}"\n\n[net]\nretry = "three"\n`,
        });
        const r = await whatif(['resolve'], ws, join(tmp.path, 'home'));
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim()).toBe(
          `error: ${join(ws, '.cargo/config.toml')}:7: \`net.retry\` expected an integer, but found a string`,
        );
        const json = await whatif(['resolve', '--json'], ws, join(tmp.path, 'home'));
        expect(json.code).toBe(2);
        expect(JSON.parse(json.stdout)).toMatchObject({ status: 'error' });
      } finally {
        await server.close();
      }
    } finally {
      await tmp.remove();
    }
  });

  it('`net.offline = true` keeps us off the network; CARGO_NET_OFFLINE=false overrides it', async () => {
    ensureBuilt();
    const tmp = await tempDir('whatif-offline-config-');
    const server = await startIndexServer({ files: indexFiles(REGISTRY) });
    try {
      const ws = join(tmp.path, 'ws');
      const home = join(tmp.path, 'home');
      await writeFiles(ws, { 'Cargo.toml': APP, 'src/lib.rs': '', '.cargo/config.toml': `[net]\noffline = true\n` });
      await writeFiles(home, {
        'config.toml': `[source.crates-io]\nreplace-with = "m"\n[source.m]\nregistry = "${server.url}"\n`,
      });
      // A cache of its own: the file's shared cache is keyed by index URL, and an earlier test's
      // server may have had this one's port (and crates), which made the offline run resolve.
      const cache = { CARGO_WHATIF_CACHE_DIR: join(tmp.path, 'cache') };
      const offline = await whatif(['resolve'], ws, home, cache);
      expect(offline.code).toBe(2);
      expect(offline.stderr).toContain('no cached copy');
      expect(server.requests).toEqual([]);
      const online = await whatif(['resolve'], ws, home, { ...cache, CARGO_NET_OFFLINE: 'false' });
      expect(online.code, online.stderr).toBe(0);
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      await server.close();
      await tmp.remove();
    }
  });

  it('a `[registries]` registry with a git index: a clear error, only because a dependency needs it', async () => {
    ensureBuilt();
    const tmp = await tempDir('whatif-git-registry-');
    try {
      const ws = join(tmp.path, 'ws');
      const home = join(tmp.path, 'home');
      await writeLocalRegistry(join(tmp.path, 'lr'), REGISTRY);
      await writeFiles(home, {
        'config.toml': '[source.crates-io]\nreplace-with = "lr"\n[source.lr]\nlocal-registry = "lr"\n',
      });
      await writeFiles(ws, {
        'Cargo.toml': APP,
        'src/lib.rs': '',
        '.cargo/config.toml': '[registries.company]\nindex = "https://git.company.example/index"\n',
      });
      expect((await whatif(['resolve'], ws, home)).code).toBe(0);
      await writeFile(join(ws, 'Cargo.toml'), `${APP}widget = { version = "1", registry = "company" }\n`);
      const r = await whatif(['resolve'], ws, home);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'error: registry `https://git.company.example/index` is a git index, which cargo-whatif cannot fetch',
      );
    } finally {
      await tmp.remove();
    }
  });
});
