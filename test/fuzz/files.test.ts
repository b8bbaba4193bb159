import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWhatifToml } from '../../src/compare/whatif-toml.js';
import { parseLockfile } from '../../src/lockfile/parse.js';
import { TomlDocument } from '../../src/manifest/toml-document.js';
import { lockfiles, whatifTomls } from './corpus.js';
import { deeplyNested, HOSTILE_NAMES, LONG, mutated, outcome, params } from './harness.js';

/**
 * Cargo.lock and whatif.toml, mutated from real ones (the fixtures', cargo's benchmark
 * workspaces', the README's), with hostile names and values: a value, or a UserError naming the
 * file, with the line wherever the text has one to give.
 */
let locks: string[] = [];
let checks: string[] = [];
beforeAll(() => {
  locks = lockfiles();
  checks = whatifTomls();
});

const LOCK = 'ws/Cargo.lock';
const WHATIF = 'ws/whatif.toml';

function readLock(text: string): void {
  const r = outcome(() => parseLockfile(text, LOCK), LOCK);
  if (r.ok) for (const p of r.value.packages) expect(typeof p.name).toBe('string');
}

function readChecks(text: string): void {
  const r = outcome(() => parseWhatifToml(TomlDocument.fromText(WHATIF, text)), WHATIF);
  if (!r.ok) expect(r.error.location?.line ?? r.error.location?.keyPath, r.error.describe()).toBeDefined();
}

const hostileLock = fc
  .record({
    version: fc.constantFrom('3', '4', '1', '99', '"4"', '-1', '__proto__'),
    name: fc.constantFrom('serde', ...HOSTILE_NAMES),
    vers: fc.constantFrom('1.0.0', '', 'x', '1.0', '18446744073709551616.0.0'),
    source: fc.constantFrom(
      'registry+https://github.com/rust-lang/crates.io-index',
      'git+https://x?rev=1#abc',
      'path+file:///',
      'sparse+',
      '',
      'registry+',
    ),
    dep: fc.constantFrom('serde', 'serde 1.0.0', 'serde 1.0.0 (registry+https://x)', ...HOSTILE_NAMES),
  })
  .map(
    ({ version, name, vers, source, dep }) =>
      `version = ${version}\n\n[[package]]\nname = ${JSON.stringify(name)}\nversion = ${JSON.stringify(vers)}\nsource = ${JSON.stringify(source)}\nchecksum = "${'a'.repeat(64)}"\ndependencies = [${JSON.stringify(dep)}]\n\n[[package]]\nname = "ws"\nversion = "0.1.0"\ndependencies = [${JSON.stringify(name)}]\n\n[metadata]\n${JSON.stringify(`checksum ${name} ${vers} (${source})`)} = "x"\n`,
  );

const hostileChecks = fc
  .record({
    key: fc.constantFrom('check', '__proto__', 'constructor', 'checks'),
    name: fc.constantFrom('a', ...HOSTILE_NAMES),
    edits: fc.constantFrom(
      '"--bump pyo3=0.22"',
      '["--bump=__proto__=1"]',
      '"--pin constructor=1.0.0"',
      '"--features x=+__proto__,-toString"',
      '[1]',
      '"--bump"',
      '"--frob x"',
      '"--bump a=b=c"',
    ),
    expect: fc.constantFrom('"conflict"', '"resolvable"', '"maybe"', '1', 'true'),
    more: fc.constantFrom(
      '',
      'unify = ["__proto__"]',
      'forbid = ["numpy@<0.21", "x@"]',
      'max-duplicates = -1',
      'max-duplicates = 1.5',
      'max-duplicates = 99999999999999999999',
      'frob = 1',
    ),
  })
  .map(
    ({ key, name, edits, expect, more }) =>
      `[[${key}]]\nname = ${JSON.stringify(name)}\nedits = ${edits}\nexpect = ${expect}\n${more}\n`,
  );

describe('Cargo.lock, fuzzed', () => {
  it('real lockfiles, mutated', () => {
    fc.assert(fc.property(mutated(locks), readLock), params(200));
  });

  it('hostile names, versions, sources and lockfile versions', () => {
    fc.assert(fc.property(hostileLock, readLock), params(300));
  });

  it('deeply nested and huge', () => {
    const n = LONG ? 100_000 : 10_000;
    for (const t of [...deeplyNested(n), `version = 4\n${'[[package]]\nname = "a"\nversion = "1.0.0"\n'.repeat(n)}`])
      readLock(t);
  });
});

describe('whatif.toml, fuzzed', () => {
  it('real ones, mutated', () => {
    fc.assert(fc.property(mutated(checks), readChecks), params(300));
  });

  it('hostile keys, names, edits and expectations', () => {
    fc.assert(fc.property(hostileChecks, readChecks), params(300));
  });

  it('deeply nested', () => {
    for (const t of deeplyNested(LONG ? 100_000 : 10_000)) readChecks(t);
  });
});
