import { describe, expect, it } from 'vitest';
import { Requirement, RequirementParseError } from '../../src/cargo/requirement.js';
import { Version } from '../../src/cargo/version.js';

const req = (s: string) => Requirement.parse(s);
const v = (s: string) => Version.parse(s);

interface Case {
  req: string;
  /** Rust semver's Display of the parsed requirement. */
  shows: string;
  matches: string[];
  rejects: string[];
}

// Cases from Rust semver's own test suite (tests/test_version_req.rs), as data.
const semverCrateCases: Case[] = [
  {
    req: '1.0.0',
    shows: '^1.0.0',
    matches: ['1.0.0', '1.1.0', '1.0.1'],
    rejects: ['0.9.9', '0.10.0', '0.1.0', '1.0.0-pre', '1.0.1-pre'],
  },
  { req: '=1.0.0', shows: '=1.0.0', matches: ['1.0.0'], rejects: ['1.0.1', '0.9.9', '0.10.0', '0.1.0', '1.0.0-pre'] },
  { req: '=0.9.0', shows: '=0.9.0', matches: ['0.9.0'], rejects: ['0.9.1', '1.9.0', '0.0.9', '0.9.0-pre'] },
  { req: '=0.0.2', shows: '=0.0.2', matches: ['0.0.2'], rejects: ['0.0.1', '0.0.3', '0.0.2-pre'] },
  {
    req: '=0.1.0-beta2.a',
    shows: '=0.1.0-beta2.a',
    matches: ['0.1.0-beta2.a'],
    rejects: ['0.9.1', '0.1.0', '0.1.1-beta2.a', '0.1.0-beta2'],
  },
  { req: '=0.1.0+meta', shows: '=0.1.0', matches: ['0.1.0', '0.1.0+meta', '0.1.0+any'], rejects: [] },
  {
    req: '>= 1.0.0',
    shows: '>=1.0.0',
    matches: ['1.0.0', '2.0.0'],
    rejects: ['0.1.0', '0.0.1', '1.0.0-pre', '2.0.0-pre'],
  },
  {
    req: '>= 2.1.0-alpha2',
    shows: '>=2.1.0-alpha2',
    matches: ['2.1.0-alpha2', '2.1.0-alpha3', '2.1.0', '3.0.0'],
    rejects: ['2.0.0', '2.1.0-alpha1', '2.0.0-alpha2', '3.0.0-alpha2'],
  },
  {
    req: '< 1.0.0',
    shows: '<1.0.0',
    matches: ['0.1.0', '0.0.1'],
    rejects: ['1.0.0', '1.0.0-beta', '1.0.1', '0.9.9-alpha'],
  },
  {
    req: '<= 2.1.0-alpha2',
    shows: '<=2.1.0-alpha2',
    matches: ['2.1.0-alpha2', '2.1.0-alpha1', '2.0.0', '1.0.0'],
    rejects: ['2.1.0', '2.2.0-alpha1', '2.0.0-alpha2', '1.0.0-alpha2'],
  },
  { req: '>1.0.0-alpha, <1.0.0', shows: '>1.0.0-alpha, <1.0.0', matches: ['1.0.0-beta'], rejects: [] },
  { req: '>1.0.0-alpha, <1.0', shows: '>1.0.0-alpha, <1.0', matches: [], rejects: ['1.0.0-beta'] },
  { req: '>1.0.0-alpha, <1', shows: '>1.0.0-alpha, <1', matches: [], rejects: ['1.0.0-beta'] },
  {
    req: '> 0.0.9, <= 2.5.3',
    shows: '>0.0.9, <=2.5.3',
    matches: ['0.0.10', '1.0.0', '2.5.3'],
    rejects: ['0.0.8', '2.5.4'],
  },
  { req: '0.3.0, 0.4.0', shows: '^0.3.0, ^0.4.0', matches: [], rejects: ['0.0.8', '0.3.0', '0.4.0'] },
  { req: '<= 0.2.0, >= 0.5.0', shows: '<=0.2.0, >=0.5.0', matches: [], rejects: ['0.0.8', '0.3.0', '0.5.1'] },
  {
    req: '0.1.0, 0.1.4, 0.1.6',
    shows: '^0.1.0, ^0.1.4, ^0.1.6',
    matches: ['0.1.6', '0.1.9'],
    rejects: ['0.1.0', '0.1.4', '0.2.0'],
  },
  {
    req: '>=0.5.1-alpha3, <0.6',
    shows: '>=0.5.1-alpha3, <0.6',
    matches: ['0.5.1-alpha3', '0.5.1-alpha4', '0.5.1-beta', '0.5.1', '0.5.5'],
    rejects: ['0.5.1-alpha1', '0.5.2-alpha3', '0.5.5-pre', '0.5.0-pre', '0.6.0', '0.6.0-pre'],
  },
  { req: '~1', shows: '~1', matches: ['1.0.0', '1.0.1', '1.1.1'], rejects: ['0.9.1', '2.9.0', '0.0.9'] },
  { req: '~1.2', shows: '~1.2', matches: ['1.2.0', '1.2.1'], rejects: ['1.1.1', '1.3.0', '0.0.9'] },
  {
    req: '~1.2.2',
    shows: '~1.2.2',
    matches: ['1.2.2', '1.2.4'],
    rejects: ['1.2.1', '1.9.0', '1.0.9', '2.0.1', '0.1.3'],
  },
  {
    req: '~1.2.3-beta.2',
    shows: '~1.2.3-beta.2',
    matches: ['1.2.3', '1.2.4', '1.2.3-beta.2', '1.2.3-beta.4'],
    rejects: ['1.3.3', '1.1.4', '1.2.3-beta.1', '1.2.4-beta.2'],
  },
  {
    req: '^1',
    shows: '^1',
    matches: ['1.1.2', '1.1.0', '1.2.1', '1.0.1'],
    rejects: ['0.9.1', '2.9.0', '0.1.4', '1.0.0-beta1', '0.1.0-alpha', '1.0.1-pre'],
  },
  { req: '^1.1', shows: '^1.1', matches: ['1.1.2', '1.1.0', '1.2.1'], rejects: ['0.9.1', '2.9.0', '1.0.1', '0.1.4'] },
  {
    req: '^1.1.2',
    shows: '^1.1.2',
    matches: ['1.1.2', '1.1.4', '1.2.1'],
    rejects: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '1.1.2-alpha1', '1.1.3-alpha1', '2.9.0-alpha1'],
  },
  {
    req: '^0.1.2',
    shows: '^0.1.2',
    matches: ['0.1.2', '0.1.4'],
    rejects: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '0.1.2-beta', '0.1.3-alpha', '0.2.0-pre'],
  },
  {
    req: '^0.5.1-alpha3',
    shows: '^0.5.1-alpha3',
    matches: ['0.5.1-alpha3', '0.5.1-alpha4', '0.5.1-beta', '0.5.1', '0.5.5'],
    rejects: ['0.5.1-alpha1', '0.5.2-alpha3', '0.5.5-pre', '0.5.0-pre', '0.6.0'],
  },
  { req: '^0.0.2', shows: '^0.0.2', matches: ['0.0.2'], rejects: ['0.9.1', '2.9.0', '1.1.1', '0.0.1', '0.1.4'] },
  { req: '^0.0', shows: '^0.0', matches: ['0.0.2', '0.0.0'], rejects: ['0.9.1', '2.9.0', '1.1.1', '0.1.4'] },
  { req: '^0', shows: '^0', matches: ['0.9.1', '0.0.2', '0.0.0'], rejects: ['2.9.0', '1.1.1'] },
  {
    req: '^1.4.2-beta.5',
    shows: '^1.4.2-beta.5',
    matches: ['1.4.2', '1.4.3', '1.4.2-beta.5', '1.4.2-beta.6', '1.4.2-c'],
    rejects: ['0.9.9', '2.0.0', '1.4.2-alpha', '1.4.2-beta.4', '1.4.3-beta.5'],
  },
  { req: '*', shows: '*', matches: ['0.9.1', '2.9.0', '0.0.9', '1.0.1', '1.1.1'], rejects: ['1.0.0-pre'] },
  { req: 'x', shows: '*', matches: ['0.9.1', '2.9.0'], rejects: ['1.0.0-pre'] },
  { req: 'X', shows: '*', matches: ['0.9.1', '2.9.0'], rejects: ['1.0.0-pre'] },
  { req: '1.*', shows: '1.*', matches: ['1.2.0', '1.2.1', '1.1.1', '1.3.0'], rejects: ['0.0.9', '1.2.0-pre'] },
  { req: '1.x', shows: '1.*', matches: ['1.2.0', '1.3.0'], rejects: ['0.0.9', '1.2.0-pre'] },
  { req: '1.X', shows: '1.*', matches: ['1.2.0'], rejects: ['2.0.0'] },
  { req: '1.*.*', shows: '1.*', matches: ['1.2.0'], rejects: ['2.0.0'] },
  {
    req: '1.2.*',
    shows: '1.2.*',
    matches: ['1.2.0', '1.2.2', '1.2.4'],
    rejects: ['1.9.0', '1.0.9', '2.0.1', '0.1.3', '1.2.2-pre'],
  },
  { req: '1.2.x', shows: '1.2.*', matches: ['1.2.0'], rejects: ['1.3.0'] },
  { req: '1.2.X', shows: '1.2.*', matches: ['1.2.0'], rejects: ['1.3.0'] },
  { req: '=2.1.1-really.0', shows: '=2.1.1-really.0', matches: ['2.1.1-really.0'], rejects: [] },
  { req: '0.*.*', shows: '0.*', matches: ['0.5.0'], rejects: ['1.0.0'] },
  { req: '0.0.*', shows: '0.0.*', matches: ['0.0.7'], rejects: ['0.1.0'] },
];

// Pre-release and partial-version corners where node-semver's reading differs from Cargo's.
const cornerCases: Case[] = [
  // `^1` admits any 1.x.y pre-release before the gate; `~1` does not.
  { req: '^1, =1.5.0-alpha', shows: '^1, =1.5.0-alpha', matches: ['1.5.0-alpha'], rejects: ['1.5.0-beta', '1.5.0'] },
  { req: '~1, =1.5.0-alpha', shows: '~1, =1.5.0-alpha', matches: [], rejects: ['1.5.0-alpha', '1.5.0'] },
  { req: '^1.2, =1.5.0-alpha', shows: '^1.2, =1.5.0-alpha', matches: ['1.5.0-alpha'], rejects: [] },
  { req: '~1.5, =1.5.0-alpha', shows: '~1.5, =1.5.0-alpha', matches: [], rejects: ['1.5.0-alpha'] },
  // `>=0.0.0` is not "anything": 0.0.0-alpha is below it.
  { req: '>=0.0.0, =0.0.0-alpha', shows: '>=0.0.0, =0.0.0-alpha', matches: [], rejects: ['0.0.0-alpha'] },
  { req: '^0.0.0, =0.0.0-alpha', shows: '^0.0.0, =0.0.0-alpha', matches: [], rejects: ['0.0.0-alpha', '0.0.0'] },
  {
    req: '>=0.0.0-0',
    shows: '>=0.0.0-0',
    matches: ['0.0.0-0', '0.0.0-alpha', '0.0.0', '5.0.0'],
    rejects: ['0.0.1-alpha'],
  },
  // Partial versions stand for every x.y.z under them.
  { req: '>1', shows: '>1', matches: ['2.0.0'], rejects: ['1.9.9', '2.0.0-alpha'] },
  { req: '>1.2', shows: '>1.2', matches: ['1.3.0'], rejects: ['1.2.99'] },
  { req: '<=1.2', shows: '<=1.2', matches: ['1.2.99', '0.1.0'], rejects: ['1.3.0', '1.2.5-alpha'] },
  { req: '<1.2', shows: '<1.2', matches: ['1.1.99'], rejects: ['1.2.0'] },
  { req: '>=1.*', shows: '>=1', matches: ['1.0.0', '7.0.0'], rejects: ['0.9.0'] },
  { req: '=1.2.*', shows: '=1.2', matches: ['1.2.9'], rejects: ['1.3.0', '1.2.9-alpha'] },
  { req: '<2.*', shows: '<2', matches: ['1.9.9'], rejects: ['2.0.0'] },
  { req: '~0', shows: '~0', matches: ['0.0.1', '0.9.0'], rejects: ['1.0.0'] },
  { req: '~0.0', shows: '~0.0', matches: ['0.0.1'], rejects: ['0.1.0'] },
  {
    req: '^0.0.3-beta',
    shows: '^0.0.3-beta',
    matches: ['0.0.3-beta', '0.0.3-rc', '0.0.3'],
    rejects: ['0.0.4', '0.0.3-alpha', '0.0.4-beta'],
  },
  // Build metadata on either side is ignored.
  { req: '^1.0.0+abc', shows: '^1.0.0', matches: ['1.0.0', '1.0.0+xyz', '1.3.0+1'], rejects: ['0.9.0+abc'] },
  { req: '=1.0.0-rc.1+x', shows: '=1.0.0-rc.1', matches: ['1.0.0-rc.1', '1.0.0-rc.1+y'], rejects: ['1.0.0'] },
  // Whitespace around operators and commas only.
  { req: '  >=  1.2 ,<1.5  ', shows: '>=1.2, <1.5', matches: ['1.4.9'], rejects: ['1.5.0'] },
  { req: '1.2.3-1a', shows: '^1.2.3-1a', matches: ['1.2.3-1a'], rejects: [] },
  { req: '1.2.3-01a', shows: '^1.2.3-01a', matches: ['1.2.3-01a'], rejects: [] },
  { req: '1.2.3+01', shows: '^1.2.3', matches: ['1.2.3'], rejects: [] },
];

describe.each([
  ['semver crate suite', semverCrateCases],
  ['Cargo corners', cornerCases],
])('%s', (_, cases) => {
  it.each(cases.map((c) => [c.req, c] as const))('%j', (_text, c) => {
    const r = req(c.req);
    expect(r.toString()).toBe(c.shows);
    for (const m of c.matches) expect(r.matches(v(m)), `${c.req} should match ${m}`).toBe(true);
    for (const m of c.rejects) expect(r.matches(v(m)), `${c.req} should not match ${m}`).toBe(false);
  });
});

describe('the examples of Cargo’s “Specifying Dependencies”', () => {
  // Every version that could tell two requirements apart in the tables below.
  const grid: Version[] = [];
  for (const major of [0, 1, 2, 3])
    for (const minor of [0, 1, 2, 3, 4, 5, 6])
      for (const patch of [0, 1, 2, 3, 4, 12, 13])
        for (const pre of ['', '-alpha', '-0', '-beta.2']) grid.push(v(`${major}.${minor}.${patch}${pre}`));

  const sameSet = (a: string, b: string) => {
    const [ra, rb] = [req(a), req(b)];
    const differ = grid.filter((x) => ra.matches(x) !== rb.matches(x)).map(String);
    expect(differ, `${a} vs ${b}`).toEqual([]);
  };

  it('reads `time = "0.1.12"` as >=0.1.12, <0.2.0 and updates to 0.1.13 but not 0.2.0', () => {
    sameSet('0.1.12', '>=0.1.12, <0.2.0');
    expect(req('0.1.12').matches(v('0.1.13'))).toBe(true);
    expect(req('0.1.12').matches(v('0.2.0'))).toBe(false);
  });

  it.each([
    ['1.2.3', '>=1.2.3, <2.0.0'],
    ['1.2', '>=1.2.0, <2.0.0'],
    ['1', '>=1.0.0, <2.0.0'],
    ['0.2.3', '>=0.2.3, <0.3.0'],
    ['0.2', '>=0.2.0, <0.3.0'],
    ['0.0.3', '>=0.0.3, <0.0.4'],
    ['0.0', '>=0.0.0, <0.1.0'],
    ['0', '>=0.0.0, <1.0.0'],
  ])('default requirement %s := %s', (a, b) => sameSet(a, b));

  it.each(['1.2.3', '1.2', '1', '0.2.3', '0.0.3', '0.0', '0'])('caret ^%s is the default requirement %s', (a) => {
    sameSet(`^${a}`, a);
    expect(req(a).toString()).toBe(`^${a}`);
  });

  it('`log = "^1.2.3"` is exactly equivalent to `log = "1.2.3"`', () => {
    expect(req('^1.2.3').comparators).toEqual(req('1.2.3').comparators);
  });

  it.each([
    ['~1.2.3', '>=1.2.3, <1.3.0'],
    ['~1.2', '>=1.2.0, <1.3.0'],
    ['~1', '>=1.0.0, <2.0.0'],
  ])('tilde %s := %s', (a, b) => sameSet(a, b));

  it.each([
    ['*', '>=0.0.0'],
    ['1.*', '>=1.0.0, <2.0.0'],
    ['1.2.*', '>=1.2.0, <1.3.0'],
  ])('wildcard %s := %s', (a, b) => sameSet(a, b));

  it.each([
    ['>= 1.2.0', '>=1.2.0', ['1.2.0', '1.3.0', '9.0.0'], ['1.1.9', '1.2.0-alpha']],
    ['> 1', '>1', ['2.0.0', '3.1.0'], ['1.0.0', '1.9.9']],
    ['< 2', '<2', ['1.9.9', '0.0.1'], ['2.0.0', '2.0.0-alpha', '1.5.0-alpha']],
    ['= 1.2.3', '=1.2.3', ['1.2.3', '1.2.3+meta'], ['1.2.4', '1.2.3-alpha']],
  ] as const)('comparison %s', (text, shows, yes, no) => {
    const r = req(text);
    expect(r.toString()).toBe(shows);
    for (const x of yes) expect(r.matches(v(x)), x).toBe(true);
    for (const x of no) expect(r.matches(v(x)), x).toBe(false);
  });

  it('multiple requirements `>= 1.2, < 1.5` must all hold', () => {
    const r = req('>= 1.2, < 1.5');
    expect(r.toString()).toBe('>=1.2, <1.5');
    expect(['1.2.0', '1.4.99'].map((x) => r.matches(v(x)))).toEqual([true, true]);
    expect(['1.1.9', '1.5.0'].map((x) => r.matches(v(x)))).toEqual([false, false]);
  });

  it('non-overlapping `<1.2, ^1.2.2` matches no version', () => {
    expect(grid.filter((x) => req('<1.2, ^1.2.2').matches(x))).toEqual([]);
  });

  it('pre-releases only when asked for, on the same x.y.z, and releases upward from there', () => {
    expect(req('1.0').matches(v('1.0.0-alpha'))).toBe(false);
    const r = req('1.0.0-alpha');
    expect(['1.0.0-alpha', '1.0.0-beta', '1.0.0', '1.2.0'].map((x) => r.matches(v(x)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['1.0.1-alpha', '1.0.1-beta', '2.0.0'].map((x) => r.matches(v(x)))).toEqual([false, false, false]);
    expect(req('=1.2.3-alpha.3').matches(v('1.2.3-alpha.3'))).toBe(true);
    expect(req('=1.2.3-alpha.3').matches(v('1.2.3-alpha.4'))).toBe(false);
  });

  it('ignores version metadata such as `1.0.0+21AF26D3`', () => {
    sameSet('1.0.0+21AF26D3', '1.0.0');
    expect(req('1.0.0').matches(v('1.0.0+21AF26D3'))).toBe(true);
  });

  it.each([
    ['>=0.4, <2', ['0.4.0', '0.9.3', '1.5.0'], ['0.3.9', '2.0.0']],
    ['>=2.0, <2.4', ['2.0.0', '2.3.9'], ['2.4.0']],
    ['2.0.*', ['2.0.0', '2.0.9'], ['2.1.0']],
    ['~2.0', ['2.0.0', '2.0.9'], ['2.1.0']],
    ['=1.2.3', ['1.2.3'], ['1.2.4', '1.2.2']],
  ] as const)('the recommendation’s example %j', (text, yes, no) => {
    for (const x of yes) expect(req(text).matches(v(x)), x).toBe(true);
    for (const x of no) expect(req(text).matches(v(x)), x).toBe(false);
  });
});

describe('Requirement.exact and Requirement.any', () => {
  it('exact pins one version, pre-release included, ignoring build metadata', () => {
    const r = Requirement.exact(v('1.2.3-rc.1+b'));
    expect(r.toString()).toBe('=1.2.3-rc.1');
    expect(r.matches(v('1.2.3-rc.1'))).toBe(true);
    expect(r.matches(v('1.2.3-rc.1+other'))).toBe(true);
    expect(r.matches(v('1.2.3'))).toBe(false);
  });

  it('any is `*`', () => {
    expect(Requirement.any.toString()).toBe('*');
    expect(Requirement.any.isAny).toBe(true);
    expect(req('*').isAny).toBe(true);
    expect(Requirement.any.matches(v('0.0.0'))).toBe(true);
    expect(Requirement.any.matches(v('1.0.0-alpha'))).toBe(false);
  });
});

describe('Requirement.parse errors', () => {
  const many = Array.from({ length: 33 }, (_, i) => `>${i + 1}`).join(', ');
  const thirtyTwo = Array.from({ length: 32 }, (_, i) => `>${i + 1}`).join(', ');

  // Messages are Rust semver's, word for word.
  it.each([
    ['', 'unexpected end of input while parsing major version number'],
    ['   ', 'unexpected end of input while parsing major version number'],
    ['> 0.1.0,', 'unexpected end of input while parsing major version number'],
    ['> 0.3.0, ,', "unexpected character ',' while parsing major version number"],
    ['1.2.3 - 2.3.4', "expected comma after patch version number, found '-'"],
    [many, 'excessive number of version comparators'],
    ['> 0.0.9 <= 2.5.3', "expected comma after patch version number, found '<'"],
    ['=1.2.3 || =2.3.4', "expected comma after patch version number, found '|'"],
    ['1.1 || =1.2.3', "expected comma after minor version number, found '|'"],
    ['6.* || 8.* || >= 10.*', "expected comma after minor version number, found '|'"],
    ['^1 || ^2', "expected comma after major version number, found '|'"],
    ['1.2.3-alpha foo', "expected comma after pre-release identifier, found 'f'"],
    ['1.2.3+4ÿ', "expected comma after build metadata, found 'ÿ'"],
    ['\0', "unexpected character '\\0' while parsing major version number"],
    ['>= >= 0.0.2', "unexpected character '>' while parsing major version number"],
    ['>== 0.0.2', "unexpected character '=' while parsing major version number"],
    ['a.0.0', "unexpected character 'a' while parsing major version number"],
    ['v1.2.3', "unexpected character 'v' while parsing major version number"],
    ['1.0.0-', 'empty identifier segment in pre-release identifier'],
    ['1.2.3-01', 'invalid leading zero in pre-release identifier'],
    ['1.2.3+4.', 'empty identifier segment in build metadata'],
    ['>=', 'unexpected end of input while parsing major version number'],
    ['>', 'unexpected end of input while parsing major version number'],
    ['1.', 'unexpected end of input while parsing minor version number'],
    ['1.2.', 'unexpected end of input while parsing patch version number'],
    ['01.2.3', 'invalid leading zero in major version number'],
    ['1.02', 'invalid leading zero in minor version number'],
    ['1.*.', 'unexpected character after wildcard in version req'],
    ['*.1', 'unexpected character after wildcard in version req'],
    ['1.*.1', 'unexpected character after wildcard in version req'],
    ['>=1.*.1', 'unexpected character after wildcard in version req'],
    ['**', 'unexpected character after wildcard in version req'],
    ['*, 0.20.0-any', 'wildcard req (*) must be the only comparator in the version req'],
    ['0.20.0-any, *', 'wildcard req (*) must be the only comparator in the version req'],
    ['0.20.0-any, *, 1.0', 'wildcard req (*) must be the only comparator in the version req'],
    ['1.0, x', 'wildcard req (x) must be the only comparator in the version req'],
    ['1.0, *.1', "unexpected character '*' while parsing major version number"],
    ['>=*', "unexpected character '*' while parsing major version number"],
    ['1.2-alpha', "expected comma after minor version number, found '-'"],
    ['1.*-alpha', "expected comma after minor version number, found '-'"],
    ['1.2.3.4', "expected comma after patch version number, found '.'"],
    ['1.2.3\t', "expected comma after patch version number, found '\\t'"],
    ['18446744073709551616', 'value of major version number exceeds u64::MAX'],
  ])('rejects %j', (text, reason) => {
    expect(() => req(text)).toThrow(RequirementParseError);
    expect(() => req(text)).toThrow(`invalid version requirement \`${text}\`: ${reason}`);
    expect(Requirement.tryParse(text)).toBeUndefined();
  });

  it('accepts exactly 32 comparators', () => {
    expect(req(thirtyTwo).comparators).toHaveLength(32);
  });

  it.each(['=', '>', '>=', '<', '<=', '~', '^'])('accepts a leading digit in pre-release and build after %s', (op) => {
    for (const tail of ['-1a', '+1a', '-01a', '+01', '-1+1', '-1-1+1-1-1', '-1a+1a', '-1a-1a+1a-1a-1a']) {
      expect(() => req(`${op} 1.2.3${tail}`), tail).not.toThrow();
    }
  });
});
