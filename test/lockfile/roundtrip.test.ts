import { describe, expect, it } from 'vitest';
import { fixture, parseLockfile, resolvedPackages, rewrite } from './fixtures.js';

const CARGO_V4_CASES = ['two-lines', 'workspace-path', 'renamed', 'build-dev', 'patched', 'metadata', 'git-refs'];

describe('Cargo.lock written by cargo 1.95 is written back byte for byte', () => {
  it.each(CARGO_V4_CASES)('%s', (c) => {
    const { text, file } = fixture(`${c}/Cargo.lock`);
    const lock = parseLockfile(text, file);
    expect(lock.version).toBe(4);
    expect(resolvedPackages(lock).dangling).toBe(0);
    expect(rewrite(lock, text)).toBe(text);
  });

  it.each(['legacy-v3', 'git-refs-v3'])('%s (rust-version 1.53) stays format 3, byte for byte', (c) => {
    const { text, file } = fixture(`${c}/Cargo.lock`);
    const lock = parseLockfile(text, file);
    expect(lock.version).toBe(3);
    expect(rewrite(lock, text)).toBe(text);
  });

  it('git references are URL-encoded in format 4 only: git-refs-v3 rewritten as 4 is git-refs', () => {
    const v3 = fixture('git-refs-v3/Cargo.lock');
    const v4 = fixture('git-refs/Cargo.lock');
    expect(v3.text).toContain('?branch=feat/x#');
    expect(v4.text).toContain('?branch=feat%2Fx#');
    const lock = parseLockfile(v3.text, v3.file);
    expect(rewrite({ ...lock, version: 4 })).toBe(v4.text);
    const back = parseLockfile(v4.text, v4.file);
    expect(rewrite({ ...back, version: 3 })).toBe(v3.text);
  });
});

describe('what the cargo-written fixtures contain', () => {
  const read = (c: string) => {
    const { text, file } = fixture(`${c}/Cargo.lock`);
    return parseLockfile(text, file);
  };

  it('two-lines: two versions of ab, referenced with versions; xyz referenced by name alone', () => {
    const lock = read('two-lines');
    expect(lock.packages.map((p) => `${p.name} ${p.version}`)).toEqual([
      'ab 0.9.3',
      'ab 0.10.1',
      'app 0.1.0',
      'q 1.1.0',
      'xyz 0.3.1',
    ]);
    const app = lock.packages.find((p) => p.name === 'app')!;
    expect(app.source).toBeUndefined();
    expect(app.checksum).toBeUndefined();
    expect(app.dependencies).toEqual([{ name: 'ab', version: '0.9.3' }, { name: 'xyz' }]);
    const xyz = lock.packages.find((p) => p.name === 'xyz')!;
    expect(xyz.source).toBe('registry+https://github.com/rust-lang/crates.io-index');
    expect(xyz.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('patched: sources disambiguate same name and version; the unused patch is listed', () => {
    const lock = read('patched');
    const patched = lock.packages.find((p) => p.name === 'patched')!;
    expect(patched.dependencies).toEqual([
      { name: 'ab', version: '1.0.0', source: 'registry+https://github.com/rust-lang/crates.io-index' },
      { name: 'ab', version: '1.0.0', source: 'sparse+http://127.0.0.1:8799/alt/' },
      { name: 'bldr' },
      { name: 'q', version: '1.1.0' },
      { name: 'xyz' },
    ]);
    expect(lock.unusedPatches).toEqual([{ name: 'q', version: '2.0.5', dependencies: [] }]);
    const { packages } = resolvedPackages(lock);
    expect(packages.find((p) => p.id === 'patched 0.1.0 (path)')!.dependencies).toContain('q 1.1.0 (path)');
    expect(packages.find((p) => p.id.startsWith('bldr'))!.dependencies).toEqual([
      'q 1.1.0 registry+https://github.com/rust-lang/crates.io-index',
    ]);
  });

  it('metadata: keeps every [metadata] entry with its exact value', () => {
    const lock = read('metadata');
    expect(Object.keys(lock.metadata)).toHaveLength(37);
    expect(lock.metadata['k"dq']).toBe(`both ' and "`);
    expect(lock.metadata['escaped-ml-3']).toBe(`a""""b'''\n\\`);
    expect(lock.metadata['']).toBe('empty key');
  });
});

describe('older formats read to the same packages as the v4 file of the same workspace', () => {
  const v4 = (c: string) => {
    const { text, file } = fixture(`${c}/Cargo.lock`);
    return { lock: parseLockfile(text, file), text };
  };

  it.each([
    ['legacy-v1/Cargo.lock', 1],
    ['legacy-v2/Cargo.lock', 2],
    ['legacy-v3/Cargo.lock', 3],
  ] as const)('cargo-written %s (format %i) matches patched', (path, version) => {
    const { text, file } = fixture(path);
    const lock = parseLockfile(text, file);
    expect(lock.version).toBe(version);
    const expected = v4('patched');
    expect(resolvedPackages(lock)).toEqual(resolvedPackages(expected.lock));
    expect(lock.metadata).toEqual({});
    // Rewriting in the current format gives exactly what cargo wrote for the v4 workspace.
    expect(rewrite({ ...lock, version: 4 })).toBe(expected.text);
  });

  it.each([
    ['hand-written/v1.lock', 1],
    ['hand-written/v2.lock', 2],
    ['hand-written/v3.lock', 3],
  ] as const)('hand-written %s (format %i) matches build-dev', (path, version) => {
    const { text, file } = fixture(path);
    const lock = parseLockfile(text, file);
    expect(lock.version).toBe(version);
    const expected = v4('build-dev');
    expect(resolvedPackages(lock)).toEqual(resolvedPackages(expected.lock));
    expect(rewrite({ ...lock, version: 4 })).toBe(expected.text);
  });

  it('v1 keeps checksums in [metadata] and spells every reference in full', () => {
    const { text, file } = fixture('legacy-v1/Cargo.lock');
    const lock = parseLockfile(text, file);
    expect(lock.packages.filter((p) => p.checksum).map((p) => `${p.name} ${p.version}`)).toEqual([
      'ab 0.10.1',
      'ab 1.0.0',
      'ab 1.0.0',
      'bldr 2.1.0',
      'q 1.1.0',
    ]);
    for (const p of lock.packages) for (const d of p.dependencies) expect(d.version).toBeDefined();
  });
});
