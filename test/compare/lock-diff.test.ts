import { describe, expect, test } from 'vitest';
import type { LockEntry } from '../../src/compare/lock-diff.js';
import { isEmptyDiff, lockDiff } from '../../src/compare/lock-diff.js';
import { diffJson, diffText } from '../../src/report/diff.js';

const CRATES_IO = 'registry+https://github.com/rust-lang/crates.io-index';
const reg = (name: string, version: string): LockEntry => ({ name, version, source: CRATES_IO });
const path = (name: string, version: string): LockEntry => ({ name, version });

describe('lockDiff', () => {
  test('no change', () => {
    const same = [path('app', '0.1.0'), reg('pyo3', '0.20.3')];
    expect(isEmptyDiff(lockDiff('lockfile', same, same))).toBe(true);
  });

  test('within a line and across lines, a lone version on each side pairs up', () => {
    const d = lockDiff(
      'lockfile',
      [reg('pyo3', '0.20.3'), reg('tokio', '1.43.0'), reg('libc', '0.2.169')],
      [reg('pyo3', '0.22.6'), reg('tokio', '1.41.1'), reg('libc', '0.2.169')],
    );
    expect(d.upgraded).toEqual([{ name: 'pyo3', from: '0.20.3', to: '0.22.6', source: 'registry' }]);
    expect(d.downgraded).toEqual([{ name: 'tokio', from: '1.43.0', to: '1.41.1', source: 'registry' }]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });

  test('with several versions, the same line pairs and the rest is added or removed', () => {
    const d = lockDiff('resolve', [reg('ndarray', '0.15.6'), reg('ndarray', '0.16.0')], [reg('ndarray', '0.16.1')]);
    expect(d.upgraded).toEqual([{ name: 'ndarray', from: '0.16.0', to: '0.16.1', source: 'registry' }]);
    expect(d.removed).toEqual([{ name: 'ndarray', version: '0.15.6', source: 'registry' }]);
    const back = lockDiff('resolve', [reg('ndarray', '0.16.1')], [reg('ndarray', '0.15.6'), reg('ndarray', '0.16.1')]);
    expect(back.added).toEqual([{ name: 'ndarray', version: '0.15.6', source: 'registry' }]);
    expect(back.upgraded).toEqual([]);
  });

  test('packages of different sources are different packages', () => {
    const git = {
      name: 'tracing',
      version: '0.1.40',
      source: 'git+https://github.com/example/tracing?tag=v0.1.40#abc',
    };
    const d = lockDiff('lockfile', [reg('tracing', '0.1.40')], [git]);
    expect(d.removed).toEqual([{ name: 'tracing', version: '0.1.40', source: 'registry' }]);
    expect(d.added).toEqual([{ name: 'tracing', version: '0.1.40', source: 'git' }]);
    // A new commit of the same git version is not a version change.
    expect(isEmptyDiff(lockDiff('lockfile', [git], [{ ...git, source: git.source.replace('#abc', '#def') }]))).toBe(
      true,
    );
  });

  test('text reads like cargo update, one package per line in name order', () => {
    const d = lockDiff(
      'lockfile',
      [reg('pyo3', '0.20.3'), reg('pyo3-asyncio', '0.20.0'), path('app', '0.1.0')],
      [reg('pyo3', '0.22.6'), reg('pyo3-async-runtimes', '0.22.0'), path('app', '0.2.0')],
    );
    expect(diffText(d)).toBe(
      [
        'Changes against Cargo.lock: 1 added, 1 removed, 2 upgraded',
        '    Updating app v0.1.0 -> v0.2.0 (path)',
        '    Updating pyo3 v0.20.3 -> v0.22.6',
        '      Adding pyo3-async-runtimes v0.22.0',
        '    Removing pyo3-asyncio v0.20.0',
        '',
      ].join('\n'),
    );
    expect(diffJson(d)).toEqual({
      baseline: 'lockfile',
      added: [{ name: 'pyo3-async-runtimes', version: '0.22.0', source: 'registry' }],
      removed: [{ name: 'pyo3-asyncio', version: '0.20.0', source: 'registry' }],
      upgraded: [
        { name: 'app', from: '0.1.0', to: '0.2.0', source: 'path' },
        { name: 'pyo3', from: '0.20.3', to: '0.22.6', source: 'registry' },
      ],
      downgraded: [],
    });
  });

  test('text when there is nothing to compare with, or nothing changed', () => {
    expect(diffText(lockDiff('unresolvable', [], [reg('a', '1.0.0')]))).toBe(
      'Nothing to compare with: the workspace does not resolve without the edits (1 package with them)\n',
    );
    expect(diffText(lockDiff('resolve', [reg('a', '1.0.0')], [reg('a', '1.0.0')]))).toBe(
      'No changes against the workspace resolved without the edits (there is no Cargo.lock)\n',
    );
  });
});
