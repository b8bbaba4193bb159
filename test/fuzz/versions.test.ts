import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Requirement, RequirementParseError } from '../../src/cargo/requirement.js';
import { Cursor, Version, VersionParseError } from '../../src/cargo/version.js';
import { versionText } from '../cargo/arbitraries.js';
import { mutated, params } from './harness.js';

/**
 * Versions and requirements from anywhere (a manifest, an index line, a lockfile, the command
 * line): a value, or the parse error naming the text; never another exception. And the parsers
 * stay linear, so a 100 kB requirement in a hostile index line is rejected in about a
 * millisecond rather than holding up the run.
 */
const ALPHABET = [...'0123456789.-+^~=<>*xX, abcAZ\u0000\u001b\u00e9\ud800'];
const versionish = fc.oneof(
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  mutated(['1.0.0', '0.22.6', '1.2.3-alpha.1+build.5', '>=1.2, <1.5', '^0.20', '~1', '1.*', '*', '=0.20.3', '0.0.0-0']),
);

function parsed<T>(parse: () => T, errorType: new (...args: never[]) => Error): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof errorType)) throw err;
    // A huge input is quoted by its ends, not whole.
    expect(err.message.length).toBeLessThan(1000);
    return undefined;
  }
}

/** Inputs that broke a parser once, kept so they stay fixed. */
const REGRESSIONS: string[] = [
  // A 100,000-digit major version: its value was checked against u64::MAX as a BigInt, which
  // costs quadratic time in the digits (10 ms at 100 kB, 1 s at 1 MB); now by its length first.
  '1'.repeat(100_000),
];

describe('versions and requirements, fuzzed', () => {
  it('parse to a value that reads back the same, or fail with a parse error', () => {
    fc.assert(
      fc.property(versionish, (text) => {
        const v = parsed(() => Version.parse(text), VersionParseError);
        if (v) expect(Version.parse(v.toString()).compare(v)).toBe(0);
        const r = parsed(() => Requirement.parse(text), RequirementParseError);
        if (r) expect(Requirement.parse(r.toString()).toString()).toBe(r.toString());
        expect(Version.tryParse(text) === undefined).toBe(v === undefined);
      }),
      params(2000),
    );
  });

  it('read every well-formed version back as written', () => {
    fc.assert(
      fc.property(versionText, (text) => {
        expect(Version.parse(text).toString()).toBe(text);
      }),
      params(500),
    );
  });

  it('the inputs that once broke them', () => {
    for (const text of REGRESSIONS) {
      expect(parsed(() => Version.parse(text), VersionParseError)).toBeUndefined();
      expect(parsed(() => Requirement.parse(text), RequirementParseError)).toBeUndefined();
    }
  });
});

/**
 * Linear time, shown by comparing sizes, never by a time limit. Two measures: the lexer's steps
 * (calls into Cursor, counted), which must grow at most ten-fold, give or take, when the input
 * does; and the time the parse takes, whose growth from 100 kB to 1 MB must stay far below the
 * hundred-fold a quadratic parse would show (the best of several tries, so a busy machine does
 * not decide it: linear is about 10).
 */
function steps(parse: () => void): number {
  const proto = Cursor.prototype as unknown as Record<string, unknown>;
  const names = ['eat', 'number', 'dot', 'identifiers', 'skipSpaces', 'peekChar', 'fail'] as const;
  const saved = names.map((n) => proto[n]);
  let count = 0;
  for (const n of names) {
    const original = proto[n] as (...args: unknown[]) => unknown;
    proto[n] = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  }
  const rest = Object.getOwnPropertyDescriptor(Cursor.prototype, 'rest')!;
  Object.defineProperty(Cursor.prototype, 'rest', {
    configurable: true,
    get(this: Cursor) {
      count++;
      return rest.get!.call(this);
    },
  });
  try {
    parse();
  } catch {
    // Rejection is what most of these inputs get.
  } finally {
    names.forEach((n, i) => {
      proto[n] = saved[i];
    });
    Object.defineProperty(Cursor.prototype, 'rest', rest);
  }
  return count;
}

/** The text as one flat string, as a file's text is: building it from pieces is not the parse's cost. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function bestTime(make: (i: number) => string, parse: (text: string) => void): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    // Distinct texts: a requirement that parses is remembered, and would cost nothing the second time.
    const texts = [0, 1, 2].map((i) => flat(make(round * 3 + i)));
    const started = performance.now();
    for (const t of texts) {
      try {
        parse(t);
      } catch {
        // rejected, as expected for most
      }
    }
    best = Math.min(best, performance.now() - started);
  }
  return Math.max(best, 0.001);
}

const SHAPES: Record<string, (n: number) => (i: number) => string> = {
  'a huge number': (n) => (i) => `${i}${'1'.repeat(n)}`,
  'a long pre-release': (n) => (i) => `=1.0.${i}-${'a.'.repeat(n / 2)}a`,
  'a long pre-release that ends badly': (n) => (i) => `1.0.${i}-${'a1.'.repeat(n / 3)}!`,
  'long build metadata': (n) => (i) => `1.0.${i}+${'b-'.repeat(n / 2)}`,
  'leading zeros': (n) => (i) => `${i}.${'0'.repeat(n)}`,
  'spaces before a bad character': (n) => (i) => `${i}.0${' '.repeat(n)}x`,
  'comparators past the limit': (n) => (i) => `${'>=1.0.0, '.repeat(n / 9)}${i}`,
};

describe('version and requirement parsing stay linear', () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`${shape}: 1 MB costs about ten times 100 kB`, () => {
      for (const parse of [(t: string) => Version.parse(t), (t: string) => Requirement.parse(t)]) {
        const small = steps(() => parse(make(100_000)(0)));
        const large = steps(() => parse(make(1_000_000)(0)));
        expect(large, `${shape}: lexer steps ${small} at 100 kB, ${large} at 1 MB`).toBeLessThanOrEqual(
          Math.max(small, 1) * 20,
        );
        const ratio = bestTime(make(1_000_000), parse) / bestTime(make(100_000), parse);
        expect(ratio, `${shape}: 1 MB took ${ratio.toFixed(1)} times as long as 100 kB`).toBeLessThan(40);
      }
    });
  }

  it('any repeated pattern: 1 MB costs about ten times 100 kB', () => {
    const pattern = fc.string({ unit: fc.constantFrom(...'0123456789.-+^~=<>*x, ab'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(pattern, (p) => {
        const make = (n: number) => (i: number) => `${i}${p.repeat(Math.ceil(n / p.length))}`;
        for (const parse of [(t: string) => Version.parse(t), (t: string) => Requirement.parse(t)]) {
          const small = steps(() => parse(make(100_000)(0)));
          const large = steps(() => parse(make(1_000_000)(0)));
          expect(large, `${JSON.stringify(p)}: lexer steps ${small} at 100 kB, ${large} at 1 MB`).toBeLessThanOrEqual(
            Math.max(small, 1) * 20,
          );
        }
      }),
      params(30),
    );
  });
});
