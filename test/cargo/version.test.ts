import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Version, VersionParseError } from '../../src/cargo/version.js';
import { versionText } from './arbitraries.js';
import { cmpVersion, type RsVersion } from './oracle/semver-eval.js';

const v = (s: string) => Version.parse(s);

describe('Version.parse', () => {
  it.each([
    ['1.2.3', 1, 2, 3, [], []],
    ['0.0.0', 0, 0, 0, [], []],
    ['1.2.3-alpha1', 1, 2, 3, ['alpha1'], []],
    ['1.2.3+build5', 1, 2, 3, [], ['build5']],
    ['1.2.3+5build', 1, 2, 3, [], ['5build']],
    ['1.2.3-alpha1+build5', 1, 2, 3, ['alpha1'], ['build5']],
    ['1.2.3-1.alpha1.9+build5.7.3aedf', 1, 2, 3, ['1', 'alpha1', '9'], ['build5', '7', '3aedf']],
    ['1.2.3-0a.alpha1.9+05build.7.3aedf', 1, 2, 3, ['0a', 'alpha1', '9'], ['05build', '7', '3aedf']],
    ['0.4.0-beta.1+0851523', 0, 4, 0, ['beta', '1'], ['0851523']],
    ['1.1.0-beta-10', 1, 1, 0, ['beta-10'], []],
    ['1.0.0+01', 1, 0, 0, [], ['01']],
    ['9007199254740991.0.0', Number.MAX_SAFE_INTEGER, 0, 0, [], []],
  ])('%s', (text, major, minor, patch, pre, build) => {
    const parsed = v(text);
    expect([parsed.major, parsed.minor, parsed.patch, parsed.pre, parsed.build]).toEqual([
      major,
      minor,
      patch,
      pre,
      build,
    ]);
    expect(parsed.toString()).toBe(text);
    expect(parsed.isPrerelease).toBe(pre.length > 0);
  });

  // Messages are Rust semver's, word for word, so errors read the way Cargo's do.
  it.each([
    ['', 'empty string, expected a semver version'],
    ['  ', "unexpected character ' ' while parsing major version number"],
    [' 1.2.3', "unexpected character ' ' while parsing major version number"],
    ['1', 'unexpected end of input while parsing major version number'],
    ['1.2', 'unexpected end of input while parsing minor version number'],
    ['1.2.3-', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-a..b', 'empty identifier segment in pre-release identifier'],
    ['a.b.c', "unexpected character 'a' while parsing major version number"],
    ['v1.2.3', "unexpected character 'v' while parsing major version number"],
    ['=1.2.3', "unexpected character '=' while parsing major version number"],
    ['1.2.3 abc', "unexpected character ' ' after patch version number"],
    ['1.2.3 ', "unexpected character ' ' after patch version number"],
    ['1.2.3-01', 'invalid leading zero in pre-release identifier'],
    ['1.2.3-01..', 'invalid leading zero in pre-release identifier'],
    ['1.2.3++', 'empty identifier segment in build metadata'],
    ['1.2.3-a_b', "unexpected character '_' after pre-release identifier"],
    ['1.2.3+a_b', "unexpected character '_' after build metadata"],
    ['07', 'invalid leading zero in major version number'],
    ['1.07.0', 'invalid leading zero in minor version number'],
    ['1.2.x', "unexpected character 'x' while parsing patch version number"],
    ['1.2.3.4', "unexpected character '.' after patch version number"],
    ['111111111111111111111.0.0', 'value of major version number exceeds u64::MAX'],
    ['8\0', "unexpected character '\\0' after major version number"],
    ['1,2.3', "unexpected character ',' after major version number"],
  ])('rejects %j', (text, reason) => {
    expect(() => v(text)).toThrow(VersionParseError);
    expect(() => v(text)).toThrow(`invalid version \`${text}\`: ${reason}`);
    expect(Version.tryParse(text)).toBeUndefined();
  });

  it('rejects numbers past what a JS number holds exactly, saying so', () => {
    expect(() => v('9007199254740992.0.0')).toThrow('exceeds 9007199254740991, the largest cargo-whatif supports');
  });
});

describe('Version.parse of plain x.y.z, read by char code', () => {
  it('accepts and reads exactly what the grammar does', () => {
    const plain = /^(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})\.(0|[1-9][0-9]{0,14})$/;
    const text = fc.stringMatching(/^[0-9.]{0,20}$/);
    fc.assert(
      fc.property(text, (t) => {
        const v = Version.tryParse(t);
        if (plain.test(t)) {
          const [major, minor, patch] = t.split('.').map(Number);
          expect(v && [v.major, v.minor, v.patch, v.pre, v.build, v.toString()]).toEqual([
            major,
            minor,
            patch,
            [],
            [],
            t,
          ]);
        } else if (v) {
          // Only the general grammar's longer numbers get here.
          expect(t.split('.').some((p) => p.length > 15)).toBe(true);
        }
      }),
      { numRuns: 20_000 },
    );
    for (const t of ['1.0.0', '0.0.0', '10.20.30', '999999999999999.0.1']) expect(Version.parse(t).toString()).toBe(t);
    for (const t of ['01.0.0', '1.0', '1.0.0.', '1..0', '.1.0', '1.0.0.0', ''])
      expect(Version.tryParse(t)).toBeUndefined();
  });
});

describe('Version ordering', () => {
  // Each list is strictly increasing.
  const chains = [
    // The SemVer 2.0 spec's precedence example.
    [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ],
    ['1.0.0', '2.0.0', '2.1.0', '2.1.1'],
    ['0.9.9', '0.10.0', '0.10.1', '1.0.0-0', '1.0.0'],
    // Letters sort as ASCII: pre12 < pre8; numeric identifiers sort below alphanumeric ones.
    ['1.0.0-pre.1', '1.0.0-pre.x', '1.0.0-pre12', '1.0.0-pre8'],
    ['1.0.0-1', '1.0.0-2', '1.0.0-10', '1.0.0-99999999999999999999', '1.0.0-a'],
    ['1.0.0-A', '1.0.0-Z', '1.0.0-a'],
    // Build metadata only breaks ties, with Rust's order for leading zeros.
    ['1.0.0', '1.0.0+0', '1.0.0+00', '1.0.0+1', '1.0.0+01', '1.0.0+001', '1.0.0+2', '1.0.0+10', '1.0.0+a', '1.0.1'],
    ['1.0.0+a', '1.0.0+a.0', '1.0.0+b'],
    ['1.0.0-rc.1+zzz', '1.0.0+aaa'],
  ];
  it.each(chains.map((c) => [c.join(' < '), c]))('%s', (_, chain) => {
    const versions = (chain as string[]).map(v);
    for (let i = 0; i < versions.length; i++) {
      for (let j = 0; j < versions.length; j++) {
        expect(Math.sign(versions[i]!.compare(versions[j]!)), `${chain[i]} vs ${chain[j]}`).toBe(Math.sign(i - j));
      }
    }
  });

  it('ignores build metadata for precedence but not for equality', () => {
    expect(v('1.0.0+a').comparePrecedence(v('1.0.0+b'))).toBe(0);
    expect(v('1.0.0+a').equals(v('1.0.0+b'))).toBe(false);
    expect(v('1.0.0+a').equals(v('1.0.0+a'))).toBe(true);
  });

  const toRs = (x: Version): RsVersion => ({ ...x, pre: x.pre.join('.'), build: x.build.join('.') });

  it('agrees with Rust semver’s Ord on random versions', () => {
    fc.assert(
      fc.property(versionText, versionText, (a, b) => {
        const va = v(a);
        const vb = v(b);
        expect(va.compare(vb)).toBe(cmpVersion(toRs(va), toRs(vb)));
      }),
      { numRuns: 5000 },
    );
  });

  it('is a total order (antisymmetric, transitive, equal only when the text is equal)', () => {
    fc.assert(
      fc.property(versionText, versionText, versionText, (a, b, c) => {
        const [va, vb, vc] = [v(a), v(b), v(c)];
        expect(Math.sign(va.compare(vb)) + Math.sign(vb.compare(va))).toBe(0);
        expect(va.compare(vb) === 0).toBe(a === b);
        if (va.compare(vb) <= 0 && vb.compare(vc) <= 0) expect(va.compare(vc)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('prints what it parsed', () => {
    fc.assert(
      fc.property(versionText, (text) => {
        expect(v(text).toString()).toBe(text);
      }),
    );
  });
});

describe('Version.line', () => {
  it.each([
    ['1.2.3', '1', '1.x'],
    ['1.0.0-alpha', '1', '1.x'],
    ['2.0.0-rc.1+build', '2', '2.x'],
    ['0.20.1', '0.20', '0.20.x'],
    ['0.20.0-beta', '0.20', '0.20.x'],
    ['0.1.0', '0.1', '0.1.x'],
    ['0.0.3', '0.0.3', '0.0.3'],
    ['0.0.3-alpha', '0.0.3', '0.0.3'],
    ['0.0.0', '0.0.0', '0.0.0'],
  ])('%s is in line %s', (text, line, label) => {
    expect(v(text).line).toBe(line);
    expect(v(text).lineLabel).toBe(label);
  });

  it('puts exactly the versions a caret requirement on the line accepts in one line', () => {
    // ^1.0.0 / ^0.20.0 / ^0.0.3 accept (releases of) exactly one line each.
    expect(['1.0.0', '1.9.9'].map((x) => v(x).line)).toEqual(['1', '1']);
    expect(new Set(['0.1.0', '0.2.0', '0.0.1', '0.0.2', '1.0.0'].map((x) => v(x).line)).size).toBe(5);
  });
});
