import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexPath } from '../../../src/index/layout.js';
import type { WorkspaceFixture } from './fixtures.js';

/**
 * Random workspaces over the real 2019 index, for finding what hand-written fixtures miss: each
 * member depends on a few well-known crates at a version that really existed, with the kinds of
 * requirement people write (`"0.3"`, `"=1.0.90"`, `"~0.4.2"`, ranges), some of the features that
 * version really had, `default-features = false`, dev-, build- and target-specific tables,
 * renames, and path dependencies between members. Old pins make many of them conflict, which
 * checks the verdict; the rest check the lockfile. Seeded, so a failure can be replayed by seed.
 */
export const POPULAR = [
  'serde',
  'serde_json',
  'serde_derive',
  'rand',
  'libc',
  'log',
  'lazy_static',
  'regex',
  'syn',
  'quote',
  'proc-macro2',
  'bitflags',
  'cfg-if',
  'itoa',
  'memchr',
  'byteorder',
  'num-traits',
  'smallvec',
  'winapi',
  'time',
  'chrono',
  'bytes',
  'futures',
  'tokio',
  'hyper',
  'http',
  'url',
  'base64',
  'failure',
  'error-chain',
  'clap',
  'env_logger',
  'atty',
  'crossbeam',
  'crossbeam-channel',
  'rayon',
  'num_cpus',
  'parking_lot',
  'semver',
  'toml',
  'tempfile',
  'walkdir',
  'glob',
  'either',
  'itertools',
  'fnv',
  'indexmap',
  'uuid',
  'sha2',
  'hex',
  'md5',
  'ring',
  'rustls',
  'webpki',
  'openssl',
  'native-tls',
  'reqwest',
  'mio',
  'flate2',
  'tar',
  'zip',
  'image',
  'png',
  'nom',
  'diesel',
  'rusqlite',
  'postgres',
  'r2d2',
  'redis',
  'actix-web',
  'actix',
  'rocket',
  'warp',
  'tera',
  'handlebars',
  'structopt',
  'termcolor',
  'colored',
  'indicatif',
  'thiserror',
  'anyhow',
  'tracing',
  'slog',
  'bincode',
  'serde_yaml',
  'csv',
  'quick-xml',
  'unicode-segmentation',
  'git2',
  'curl',
  'ndarray',
  'num',
  'async-std',
  'petgraph',
  'once_cell',
  'arrayvec',
  'jsonwebtoken',
  'hmac',
  'criterion',
  'proptest',
  'quickcheck',
  'cc',
  'pkg-config',
  'bindgen',
  'cmake',
  'tokio-core',
  'websocket',
  'dotenv',
  'libsqlite3-sys',
  'openssl-sys',
  'hyper-tls',
  'tokio-rustls',
  'mime',
  'encoding_rs',
  'nix',
];

/** Crates behind a `links` key or unifying a native library: where 2019 workspaces conflicted. */
const NATIVE = [
  'ring',
  'rustls',
  'jsonwebtoken',
  'openssl',
  'openssl-sys',
  'libsqlite3-sys',
  'rusqlite',
  'diesel',
  'git2',
  'curl',
  'webpki',
  'hyper-rustls',
];

interface IndexVersion {
  vers: string;
  yanked: boolean;
  features: Record<string, string[]>;
  deps: { name: string; optional: boolean }[];
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same workspace anywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomWorkspace(indexRoot: string, seed: number): WorkspaceFixture {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const versionsOf = (name: string): IndexVersion[] =>
    readFileSync(join(indexRoot, indexPath(name)), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as IndexVersion);

  // Members draw from one small pool, so they share crates and can disagree about them.
  const pool = [
    ...new Set([...Array.from({ length: 7 }, () => pick(POPULAR)), ...Array.from({ length: 3 }, () => pick(NATIVE))]),
  ];
  const memberCount = 1 + Math.floor(r() * 3);
  const names = Array.from({ length: memberCount }, (_, i) => `member${i}`);
  const files: Record<string, string> = {};
  const lines: string[] = [];
  for (const [i, member] of names.entries()) {
    const sections = new Map<string, string[]>();
    const add = (table: string, line: string) => sections.set(table, [...(sections.get(table) ?? []), line]);
    const used = new Set<string>();
    const count = 2 + Math.floor(r() * 6);
    for (let k = 0; k < count; k++) {
      const name = pick(pool);
      if (used.has(name)) continue;
      used.add(name);
      const all = versionsOf(name).filter((v) => !v.yanked && !v.vers.includes('-'));
      if (all.length === 0) continue;
      // Mostly recent versions, as people then wrote; sometimes an old one, which is where conflicts come from.
      const v = chance(0.5) ? all[all.length - 1 - Math.floor(r() * Math.min(3, all.length))]! : pick(all);
      const req = requirement(v.vers, r);
      const parts = [`version = ${JSON.stringify(req)}`];
      const features = Object.keys(v.features).filter((f) => f !== 'default' && !f.startsWith('_'));
      const implicit = v.deps.filter((d) => d.optional).map((d) => d.name);
      const choices = [...new Set([...features, ...implicit])];
      if (choices.length && chance(0.4)) {
        const chosen = new Set([pick(choices), ...(chance(0.3) ? [pick(choices)] : [])]);
        parts.push(`features = ${JSON.stringify([...chosen])}`);
      }
      if (chance(0.15)) parts.push('default-features = false');
      let key = name;
      if (chance(0.08)) {
        key = `${name.replace(/-/g, '_')}_renamed`;
        parts.push(`package = ${JSON.stringify(name)}`);
      }
      const table = pick([
        'dependencies',
        'dependencies',
        'dependencies',
        'dependencies',
        'dev-dependencies',
        'build-dependencies',
        'target',
      ]);
      const target = pick([`'cfg(unix)'`, `'cfg(windows)'`, `'cfg(target_os = "macos")'`, 'wasm32-unknown-unknown']);
      add(table === 'target' ? `target.${target}.dependencies` : table, `${key} = { ${parts.join(', ')} }`);
    }
    // A path dependency on an earlier member, as workspaces of libraries and binaries have.
    if (i > 0 && chance(0.7))
      add('dependencies', `${names[Math.floor(r() * i)]} = { path = "../${names[Math.floor(r() * i)]}" }`);
    const edition = pick(['2015', '2018', '2018', '2021']);
    const body = [`[package]\nname = "${member}"\nversion = "0.1.${i}"\nedition = "${edition}"\n`];
    for (const [table, deps] of sections) body.push(`[${table}]\n${deps.join('\n')}\n`);
    files[`${member}/Cargo.toml`] = body.join('\n');
    lines.push(member);
  }
  // Path dependencies name an earlier member, possibly not the one the key says: fix the key.
  for (const path of Object.keys(files)) {
    files[path] = files[path]!.replace(
      /^(\w+) = \{ path = "\.\.\/(\w+)" \}$/m,
      (_, _k, target: string) => `${target} = { path = "../${target}" }`,
    );
  }
  files['Cargo.toml'] = `[workspace]\nmembers = [${lines.map((m) => JSON.stringify(m)).join(', ')}]\nresolver = "2"\n`;
  // Nobody knows in advance whether a random workspace resolves: `expect` is cargo's to say.
  return { name: `random-${seed}`, about: `random workspace, seed ${seed}`, expect: 'resolves', tier: 'full', files };
}

function requirement(version: string, r: () => number): string {
  const [maj, min, pat] = version.split('+')[0]!.split('.').map(Number) as [number, number, number];
  const x = r();
  if (x < 0.4) return `${maj}.${min}`;
  if (x < 0.6) return `${maj}.${min}.${pat}`;
  if (x < 0.7) return `=${version}`;
  if (x < 0.8) return `~${maj}.${min}.${pat}`;
  if (x < 0.9) return `>=${maj}.${min}, <${maj + 1}`;
  return maj > 0 ? `${maj}` : `${maj}.${min}`;
}
