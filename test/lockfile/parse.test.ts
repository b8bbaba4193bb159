import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { parseLockfile } from '../../src/lockfile/parse.js';

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const FILE = '/ws/Cargo.lock';

function error(text: string): UserError {
  try {
    parseLockfile(text, FILE);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('parseLockfile errors name the file and line', () => {
  it.each([
    ['malformed TOML', 'version = 4\n\n[[package]]\nname = "a"\nversion = "1.0.0\n', 5, /invalid TOML in lock file/],
    [
      'an unclosed dependencies array',
      '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [\n "b",\n',
      6,
      /invalid TOML/,
    ],
    ['a missing name', 'version = 4\n\n[[package]]\nversion = "1.0.0"\n', 3, /missing field `name`/],
    [
      'a missing version',
      'version = 4\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[package]]\nname = "b"\n',
      7,
      /missing field `version`/,
    ],
    ['a name that is not a string', '[[package]]\nname = 3\nversion = "1.0.0"\n', 2, /`name` must be a string/],
    [
      'a bad version',
      '[[package]]\nname = "a"\nsource = "registry+https://x.example/"\nversion = "1.0"\n',
      4,
      /package `a` has an invalid version: unexpected end of input while parsing minor version number/,
    ],
    [
      'a source without a kind',
      '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "https://x.example/"\n',
      4,
      /invalid source `https:\/\/x.example\/`/,
    ],
    [
      'an unsupported source kind',
      '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "directory+file:///v"\n',
      4,
      /unsupported source protocol: directory/,
    ],
    [
      'a source that is not a URL',
      '[[package]]\nname = "a"\nversion = "1.0.0"\nsource = "registry+nope"\n',
      4,
      /invalid url `nope`/,
    ],
    [
      'a malformed reference',
      '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [\n "b",\n "c 1.0.0 registry+https://x.example/",\n]\n',
      6,
      /invalid package reference `c 1.0.0 registry\+https:\/\/x.example\/`/,
    ],
    [
      'a reference with a bad source',
      '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = ["c 1.0.0 (svn+https://x.example/)"]\n',
      4,
      /unsupported source protocol: svn/,
    ],
    [
      'dependencies that are not strings',
      '[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [1]\n',
      4,
      /`dependencies` must be an array of strings/,
    ],
    [
      'a package listed twice',
      `[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[package]]\nname = "b"\nversion = "1.0.0"\n\n[[package]]\nname = "a"\nversion = "1.0.0"\n`,
      9,
      /package `a` is specified twice in the lockfile/,
    ],
    [
      'format 2 spelled out',
      'version = 2\n',
      1,
      /lock file version `2` was found, but this version of Cargo does not understand this lock file/,
    ],
    ['a future format', '# c\nversion = 7\n', 2, /lock file version `7` was found/],
    ['format 5', 'version = 5\n', 1, /lock file version `5` requires `-Znext-lockfile-bump`/],
    ['a version that is not a number', 'version = "4"\n', 1, /`version` must be a non-negative integer/],
    [
      'metadata that is not a string',
      '[[package]]\nname = "a"\nversion = "1.0.0"\n\n[metadata]\nx = "y"\nn = 1\n',
      7,
      /`metadata` values must be strings/,
    ],
    [
      'an unused patch without a version',
      '[[package]]\nname = "a"\nversion = "1.0.0"\n\n[[patch.unused]]\nname = "p"\n',
      5,
      /missing field `version`/,
    ],
  ])('%s', (_, text, line, message) => {
    const err = error(text);
    expect(err.message).toMatch(message);
    expect(err.location).toEqual({ file: FILE, line });
    expect(err.describe()).toBe(`${FILE}:${line}: ${err.message}`);
  });

  it('falls back to a key path when the table has no header line of its own', () => {
    const err = error('package = [{ name = "a", version = "x" }]\n');
    expect(err.location).toEqual({ file: FILE, keyPath: 'package[0].version' });
  });
});

describe('parseLockfile tells the formats apart as cargo does', () => {
  const entry = (name: string, extra = '') => `[[package]]\nname = "${name}"\nversion = "1.0.0"\n${extra}\n`;

  it('reads `version = 3` and `version = 4` as written', () => {
    expect(parseLockfile(`version = 3\n\n${entry('a')}`, FILE).version).toBe(3);
    expect(parseLockfile(`version = 4\n\n${entry('a')}`, FILE).version).toBe(4);
  });

  it('takes an unmarked file for v1 by default', () => {
    expect(parseLockfile(entry('a') + entry('b', 'dependencies = [\n "a 1.0.0",\n]\n'), FILE).version).toBe(1);
  });

  it('takes it for v2 when an entry has a checksum', () => {
    expect(parseLockfile(entry('a', `source = "${CRATES_IO}"\nchecksum = "00"\n`) + entry('b'), FILE).version).toBe(2);
  });

  it('takes it for v2 when a reference leaves out a version', () => {
    expect(parseLockfile(entry('a') + entry('b', 'dependencies = [\n "a",\n]\n'), FILE).version).toBe(2);
  });

  it('takes it for v2 when a reference leaves out a source that was not a path package’s', () => {
    const text = entry('a', `source = "${CRATES_IO}"\n`) + entry('b', 'dependencies = [\n "a 1.0.0",\n]\n');
    expect(parseLockfile(text, FILE).version).toBe(2);
  });

  it('takes a single package ending in one newline for v2 (v1 always ended in a blank line)', () => {
    expect(parseLockfile('[[package]]\nname = "a"\nversion = "1.0.0"\n', FILE).version).toBe(2);
    expect(parseLockfile('[[package]]\nname = "a"\nversion = "1.0.0"\n\n', FILE).version).toBe(1);
  });

  it('reads v1 checksums from [metadata], `<none>` meaning none, and keeps other metadata', () => {
    const text =
      entry('a', `source = "${CRATES_IO}"\n`) +
      entry('b', `source = "${CRATES_IO}"\n`) +
      `[metadata]\n"checksum a 1.0.0 (${CRATES_IO})" = "aaaa"\n"checksum b 1.0.0 (${CRATES_IO})" = "<none>"\n"checksum zz 9.0.0 (${CRATES_IO})" = "gone"\nother = "kept"\n`;
    const lock = parseLockfile(text, FILE);
    expect(lock.version).toBe(1);
    expect(lock.packages.map((p) => p.checksum)).toEqual(['aaaa', undefined]);
    expect(lock.metadata).toEqual({ other: 'kept' });
  });

  it('drops every checksum when a v2+ file also has [metadata] checksums (a bad merge, to cargo)', () => {
    const text = `version = 3\n\n${entry('a', `source = "${CRATES_IO}"\nchecksum = "inline"\n`)}[metadata]\n"checksum a 1.0.0 (${CRATES_IO})" = "meta"\n`;
    const lock = parseLockfile(text, FILE);
    expect(lock.packages[0]!.checksum).toBeUndefined();
    expect(lock.metadata).toEqual({});
  });

  it('reads the `[root]` table of the oldest files as the first package', () => {
    const text = '[root]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n "a 1.0.0",\n]\n\n' + entry('a');
    const lock = parseLockfile(text, FILE);
    expect(lock.packages.map((p) => p.name)).toEqual(['app', 'a']);
    expect(lock.packages[0]!.dependencies).toEqual([{ name: 'a', version: '1.0.0' }]);
  });

  it('reads `replace`', () => {
    const text = `version = 4\n\n${entry('a', `source = "${CRATES_IO}"\nreplace = "a 1.0.0 (git+https://x.example/a)"\n`)}`;
    expect(parseLockfile(text, FILE).packages[0]!.replace).toEqual({
      name: 'a',
      version: '1.0.0',
      source: 'git+https://x.example/a',
    });
  });

  it('reads CRLF files and ignores keys it does not know, as cargo does', () => {
    const text = 'version = 4\r\n\r\n[[package]]\r\nname = "a"\r\nversion = "1.0.0"\r\nfuture-field = true\r\n';
    const lock = parseLockfile(text, FILE);
    expect(lock.packages).toEqual([{ name: 'a', version: '1.0.0', dependencies: [] }]);
  });

  it('reads a file with no packages at all', () => {
    expect(parseLockfile('', FILE)).toEqual({ version: 1, packages: [], unusedPatches: [], metadata: {} });
  });
});
