import { describe, expect, test } from 'vitest';
import {
  appendToArray,
  insertKey,
  putValue,
  removeFromArray,
  removeKey,
  replaceKey,
} from '../../src/manifest-edit/text-edits.js';

/** The primitive edits, each checked on the whole text: only the named bytes change. */
describe('insertKey', () => {
  test('after the last key of a [table], with its indentation', () => {
    const t = '[a]\n  x = 1 # one\n\n[b]\ny = 2\n';
    expect(insertKey(t, ['a'], 'z', '3')).toBe('[a]\n  x = 1 # one\n  z = 3\n\n[b]\ny = 2\n');
  });

  test('into an empty [table], and at the end of a file without a final newline', () => {
    expect(insertKey('[a]\n[b]\n', ['a'], 'z', '3')).toBe('[a]\nz = 3\n[b]\n');
    expect(insertKey('[a]\nx = 1', ['a'], 'z', '3')).toBe('[a]\nx = 1\nz = 3');
  });

  test('into inline tables: empty, one line, and TOML 1.1 one-key-per-line', () => {
    expect(insertKey('a = {}\n', ['a'], 'z', '3')).toBe('a = { z = 3 }\n');
    expect(insertKey('a = { x = 1 }\n', ['a'], 'z', '3')).toBe('a = { x = 1, z = 3 }\n');
    expect(insertKey('a = {\n    x = 1,\n}\n', ['a'], 'z', '3')).toBe('a = {\n    x = 1,\n    z = 3,\n}\n');
  });

  test('where the table is only dotted keys, as one more dotted key', () => {
    const t = '[deps]\nfoo.version = "1"\nbar = "2"\n';
    expect(insertKey(t, ['deps', 'foo'], 'optional', 'true')).toBe(
      '[deps]\nfoo.version = "1"\nfoo.optional = true\nbar = "2"\n',
    );
    expect(insertKey('x = { foo.a = 1 }\n', ['x', 'foo'], 'b', '2')).toBe('x = { foo.a = 1, foo.b = 2 }\n');
  });

  test('a table that exists only through sub-tables gets its header before them', () => {
    expect(insertKey('[p]\nn = 1\n\n[deps.foo]\nversion = "1"\n', ['deps'], 'bar', '"2"')).toBe(
      '[p]\nn = 1\n\n[deps]\nbar = "2"\n\n[deps.foo]\nversion = "1"\n',
    );
  });

  test("a missing table goes after its parent's tables, or at the end", () => {
    const t = '[workspace]\nmembers = []\n\n[workspace.package]\nedition = "2021"\n\n[profile.release]\nlto = true\n';
    expect(insertKey(t, ['workspace', 'dependencies'], 'pyo3', '"0.22"')).toBe(
      '[workspace]\nmembers = []\n\n[workspace.package]\nedition = "2021"\n\n[workspace.dependencies]\npyo3 = "0.22"\n\n[profile.release]\nlto = true\n',
    );
    expect(insertKey('[package]\nname = "x"\n', ['dependencies'], 'a', '"1"')).toBe(
      '[package]\nname = "x"\n\n[dependencies]\na = "1"\n',
    );
    expect(insertKey('workspace = { members = [] }\n', ['workspace', 'dependencies'], 'a', '"1"')).toBe(
      'workspace = { members = [], dependencies.a = "1" }\n',
    );
  });

  test('CRLF files get CRLF lines', () => {
    expect(insertKey('[a]\r\nx = 1\r\n', ['a'], 'z', '3')).toBe('[a]\r\nx = 1\r\nz = 3\r\n');
    expect(insertKey('[p]\r\nn = 1\r\n', ['deps'], 'a', '"1"')).toBe('[p]\r\nn = 1\r\n\r\n[deps]\r\na = "1"\r\n');
  });
});

describe('removeKey', () => {
  test('a line with its comment, leaving the neighbours alone', () => {
    expect(removeKey('[a]\nx = 1 # one\ny = 2\n', ['a', 'x'])).toBe('[a]\ny = 2\n');
  });

  test('from inline tables: first, middle, last, only', () => {
    expect(removeKey('a = { x = 1, y = 2, z = 3 }\n', ['a', 'x'])).toBe('a = { y = 2, z = 3 }\n');
    expect(removeKey('a = { x = 1, y = 2, z = 3 }\n', ['a', 'y'])).toBe('a = { x = 1, z = 3 }\n');
    expect(removeKey('a = { x = 1, y = 2, z = 3 }\n', ['a', 'z'])).toBe('a = { x = 1, y = 2 }\n');
    expect(removeKey('a = { x = 1 }\n', ['a', 'x'])).toBe('a = {}\n');
  });

  test('a [table] with its sub-tables, and all dotted keys of an entry', () => {
    expect(removeKey('[d.foo]\nv = 1\n[d.foo.x]\ny = 2\n[e]\n', ['d', 'foo'])).toBe('[e]\n');
    expect(removeKey('[d]\nfoo.v = 1\nbar = 2\nfoo.w = 3\n', ['d', 'foo'])).toBe('[d]\nbar = 2\n');
    expect(removeKey('x = { foo.a = 1, foo.b = 2, c = 3 }\n', ['x', 'foo'])).toBe('x = { c = 3 }\n');
  });

  test('nothing there: nothing changes', () => {
    expect(removeKey('[a]\nx = 1\n', ['a', 'y'])).toBe('[a]\nx = 1\n');
  });
});

describe('arrays', () => {
  test('append on one line, with a trailing comma, one per line, and into an empty array', () => {
    expect(appendToArray('f = ["a"]\n', ['f'], '"b"')).toBe('f = ["a", "b"]\n');
    expect(appendToArray('f = ["a", ]\n', ['f'], '"b"')).toBe('f = ["a", "b", ]\n');
    expect(appendToArray('f = [\n  "a", # x\n]\n', ['f'], '"b"')).toBe('f = [\n  "a", # x\n  "b",\n]\n');
    expect(appendToArray('f = [\n  "a"\n]\n', ['f'], '"b"')).toBe('f = [\n  "a",\n  "b"\n]\n');
    expect(appendToArray('f = []\n', ['f'], '"b"')).toBe('f = ["b"]\n');
  });

  test('remove on one line, its own line, and the last one', () => {
    expect(removeFromArray('f = ["a", "b", "c"]\n', ['f'], 1)).toBe('f = ["a", "c"]\n');
    expect(removeFromArray('f = ["a", "b"]\n', ['f'], 1)).toBe('f = ["a"]\n');
    expect(removeFromArray('f = ["a", ]\n', ['f'], 0)).toBe('f = []\n');
    expect(removeFromArray('f = [\n  "a",\n  "b", # bee\n]\n', ['f'], 1)).toBe('f = [\n  "a",\n]\n');
    expect(removeFromArray('f = ["a"]\n', ['f'], 0)).toBe('f = []\n');
  });
});

describe('values and keys', () => {
  test('putValue replaces or inserts', () => {
    expect(putValue('[a]\nx = "1"\n', ['a', 'x'], () => '"2"')).toBe('[a]\nx = "2"\n');
    expect(putValue('[a]\nx = "1"\n', ['a', 'y'], () => '"2"')).toBe('[a]\nx = "1"\ny = "2"\n');
  });

  test('replaceKey keeps the place and the spacing around `=`', () => {
    expect(replaceKey('a = { version  =  "1", f = [] }\n', ['a', 'version'], 'workspace', 'true')).toBe(
      'a = { workspace  =  true, f = [] }\n',
    );
    expect(replaceKey('[d]\nfoo.version = "1"\n', ['d', 'foo', 'version'], 'workspace', 'true')).toBe(
      '[d]\nfoo.workspace = true\n',
    );
  });
});
