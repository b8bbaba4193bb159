import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cargoFailureKinds, cargoFailurePath, compareFailures } from './failure-kind.js';

/** cargo 1.95's messages as recorded in test/explain/golden (checked against live cargo there). */
const recorded = (name: string) =>
  readFileSync(join(import.meta.dirname, '../explain/golden', `${name}.cargo.txt`), 'utf8');

// Written by cargo 1.95 in the random-registry conformance run (case 147 of the small shape).
const SEMVER = [
  'error: failed to select a version for `d`.',
  '    ... required by package `c v1.0.0`',
  '    ... which satisfies dependency `c = ">=1.0, <2"` of package `b v0.1.4`',
  '    ... which satisfies dependency `b = "^0"` of package `app v0.1.0 (<workspace>)`',
  'versions that meet the requirements `~1.0.0` are: 1.0.0',
  '',
  'all possible versions conflict with previously selected packages.',
  '',
  '  previously selected package `d v1.2.3`',
  '    ... which satisfies dependency `d = "~1.2.3"` of package `a v0.2.0`',
  '    ... which satisfies dependency `a = ">=0.2, <1"` of package `app v0.1.0 (<workspace>)`',
  '',
  'failed to select a version for `d` which could resolve this conflict',
].join('\n');

describe("the kind of failure in cargo's message", () => {
  it.each([
    ['seed', ['links'], ['pyo3-ffi', 'pyo3']],
    ['ring-asm', ['links'], ['ring', 'webpki', 'rustls']],
    ['sqlite3', ['links'], ['libsqlite3-sys', 'rusqlite']],
    ['missing-feature', ['missing-feature'], ['serde']],
    ['no-version', ['no-candidates'], ['tokio']],
  ])('%s', (name, kinds, path) => {
    expect(cargoFailureKinds(recorded(name))).toEqual(kinds);
    expect(cargoFailurePath(recorded(name))).toEqual(path);
  });

  it('a clash of semver-compatible lines, traced back through c and b (members left out)', () => {
    expect(cargoFailureKinds(SEMVER)).toEqual(['one-per-semver']);
    expect(cargoFailurePath(SEMVER)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('comparing with our conflicts', () => {
  const conflict = (...facts: [kind: string, text: string][]) => ({
    summary: 'a conflict',
    facts: facts.map(([kind, text]) => ({ kind, text })),
  });

  it('the same kind', () => {
    expect(
      compareFailures(recorded('seed'), [
        conflict(
          ['dependency', 'pyo3 0.22.x depends on pyo3-ffi'],
          ['links', 'pyo3-ffi 0.20.x and 0.22.x link `python`'],
        ),
      ]),
    ).toBe('same');
  });

  it("another kind, where cargo's way to its failure runs through our conflict", () => {
    const ours = conflict(
      ['dependency', 'app depends on b ^0'],
      ['dependency', 'b 0.1.4 depends on c'],
      ['missing-feature', 'e 1.2.3 has no feature `f`'],
    );
    expect(compareFailures(SEMVER, [ours])).toBe('cargo-stopped-earlier');
  });

  it('another kind about other packages, or a message not understood, is different', () => {
    expect(
      compareFailures(SEMVER, [
        conflict(['dependency', 'app depends on x'], ['links', 'x 1.0.0 and y 1.0.0 link `z`']),
      ]),
    ).toBe('different');
    expect(compareFailures('error: something new', [conflict(['links', 'd'])])).toBe('different');
    expect(compareFailures(recorded('seed'), [])).toBe('different');
  });
});
