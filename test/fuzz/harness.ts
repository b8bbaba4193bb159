import fc from 'fast-check';
import { expect } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.js';

/**
 * What every fuzzer asserts, whatever it feeds: a parser gives a result or a UserError (one
 * `error:` line, exit 2), never another exception (a TypeError, a RangeError, an InternalError),
 * never a hang, and leaves the built-in prototypes as they were (`__proto__` and `constructor`
 * keys in a file must stay data).
 *
 * `npm test` runs each fuzzer a bounded number of times from a fixed seed, so a run is
 * repeatable; `npm run fuzz` (CARGO_WHATIF_FUZZ=long) runs ten times as many (CARGO_WHATIF_FUZZ_TIMES=N for N times) from a fresh seed,
 * printed so that a failure can be replayed (CARGO_WHATIF_FUZZ_SEED=...). A failure fast-check
 * finds is shrunk, and goes into the fuzzer's regression list once fixed.
 */
export const LONG = process.env.CARGO_WHATIF_FUZZ === 'long';

const SEED =
  process.env.CARGO_WHATIF_FUZZ_SEED !== undefined
    ? Number(process.env.CARGO_WHATIF_FUZZ_SEED)
    : LONG
      ? Date.now() % 2 ** 31
      : 15;
if (LONG) console.warn(`fuzzing with seed ${SEED} (replay with CARGO_WHATIF_FUZZ_SEED=${SEED})`);

/** How many times npm test's runs a long run makes: ten by default (107 s on 2 shared cores; fifty did not finish in 14 minutes). */
const TIMES = Number(process.env.CARGO_WHATIF_FUZZ_TIMES ?? 10);

/** fast-check's parameters for a fuzzer that makes `runs` runs in `npm test`. */
export function params(runs: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: LONG ? runs * TIMES : runs, endOnFailure: true };
}

/** The outcome of one input: what the parser gave, or the UserError it reported. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UserError };

/**
 * Runs `parse` and fails the test on anything but a result or a UserError. `file`: the file the
 * input was read as, which a UserError must name (the project's rule for bad input).
 */
export function outcome<T>(parse: () => T, file?: string): Outcome<T> {
  const before = prototypes();
  let result: Outcome<T>;
  try {
    result = { ok: true, value: parse() };
  } catch (err) {
    if (!isUserError(err)) throw err;
    result = { ok: false, error: err };
  }
  expect(prototypes(), 'a built-in prototype changed').toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (!result.ok && file !== undefined) {
    expect(result.error.location?.file, `the error names the file: ${result.error.describe()}`).toBe(file);
  }
  return result;
}

/** The built-in prototypes' own keys and values, to notice any change a parse makes. */
function prototypes(): unknown[] {
  const out: unknown[] = [];
  for (const proto of [Object.prototype, Array.prototype, Function.prototype, String.prototype]) {
    for (const key of Reflect.ownKeys(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      out.push(key, d.value ?? d.get);
    }
    out.push(Object.getPrototypeOf(proto));
  }
  return out;
}

/** A character a terminal acts on (controls, C1, bidirectional overrides), which must never reach it raw. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

/** The names a hostile file uses: JavaScript's own keys, and characters a terminal acts on. */
export const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'b\u001b[31mar',
  'x\u0000y',
  'a\nb',
  'a\rb',
  '\u202etxt',
  'a\u200bb',
  '\ufeffbom',
  'é\u{1F600}',
  '',
  ' ',
];

/** Pieces of text that break parsers: quotes, brackets, escapes, separators, and the names above. */
export const HOSTILE_PIECES = [
  ...HOSTILE_NAMES,
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\\u0000',
  '\\u001b',
  '\\uD800',
  '[',
  ']',
  '[[',
  ']]',
  '{',
  '}',
  '=',
  ',',
  '.',
  '..',
  '*',
  '#',
  '\n',
  '\r\n',
  '\t',
  '0',
  '-1',
  '1e999',
  '18446744073709551616',
  '9007199254740993',
  'true',
  '1979-05-27T07:32:00Z',
  'inf',
  'nan',
  '{ workspace = true }',
  'dep:',
  '?/',
  '^',
  '>=',
  '~',
  '0.0.0-',
  '+',
];

/** A text edited the ways real files break: cut short, spliced, repeated, pieces inserted. */
export function mutated(bases: readonly string[]): fc.Arbitrary<string> {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 40 }) }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      len: fc.nat({ max: 80 }),
      times: fc.integer({ min: 2, max: 5 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      piece: fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 8, unit: 'binary' })),
    }),
    fc.record({ kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat() }),
  );
  return fc
    .tuple(fc.constantFrom(...bases), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([base, edits]) => {
      let s = base;
      for (const m of edits) {
        const at = s.length === 0 ? 0 : ('at' in m ? m.at : 0) % (s.length + 1);
        switch (m.kind) {
          case 'truncate':
            s = s.slice(0, at);
            break;
          case 'delete':
            s = s.slice(0, at) + s.slice(at + m.len);
            break;
          case 'repeat':
            s = s.slice(0, at) + s.slice(at, at + m.len).repeat(m.times) + s.slice(at + m.len);
            break;
          case 'insert':
            s = s.slice(0, at) + m.piece + s.slice(at);
            break;
          case 'swap-lines': {
            const lines = s.split('\n');
            const i = m.a % lines.length;
            const j = m.b % lines.length;
            [lines[i], lines[j]] = [lines[j]!, lines[i]!];
            s = lines.join('\n');
            break;
          }
        }
      }
      return s;
    });
}

/** Texts nested deeper than any real file: arrays and inline tables, as TOML or JSON. */
export function deeplyNested(depth: number): string[] {
  return [
    `a = ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    `a = ${'{ b = '.repeat(depth)}1${' }'.repeat(depth)}\n`,
    `a = ${'['.repeat(depth)}\n`,
    `${'['.repeat(depth)}`,
    `[${'a.'.repeat(depth)}b]\nc = 1\n`,
  ];
}
