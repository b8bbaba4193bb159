import fc from 'fast-check';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { tomlKey, tomlString } from '../../src/lockfile/toml-string.js';

// Each spelling was observed in cargo 1.95's output (fixtures/lockfiles/metadata holds them all).
describe('tomlString picks the style cargo’s toml writer picks', () => {
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ["has 'single' quote", `"has 'single' quote"`],
    ['has "double" quote', `'has "double" quote'`],
    ['back\\slash', `'back\\slash'`],
    ["x'y\\z", `'''x'y\\z'''`],
    [`both ' and "`, `"""both ' and """"`],
    ['line\nbreak', '"""\nline\nbreak"""'],
    ['a\tb', '"a\\tb"'],
    ['a\u0001b', '"a\\u0001b"'],
    ['del\u007fx', '"del\\u007Fx"'],
    ['cr\rx', '"cr\\rx"'],
    ['bs\bff\f', '"bs\\bff\\f"'],
    ['\r\n', '"""\n\\r\n"""'],
    ["q'''q\\", `"q'''q\\\\"`],
    ['d"""d', `'d"""d'`],
    [`d"""d'''\\`, `"d\\"\\"\\"d'''\\\\"`],
    ['nl\n', '"""\nnl\n"""'],
    ['\nlead', '"""\n\nlead"""'],
    ['tab\tand\nnl', '"""\ntab\\tand\nnl"""'],
    ['d"""\n', `'''\nd"""\n'''`],
    ['a"""b\\\n\tc', `'''\na"""b\\\n\tc'''`],
    ['x"y\n\t', '"""\nx"y\n\\t"""'],
    ['x""\n\t"', '"""\nx""\n\\t""""'],
    ['a"""b\u0001\nc', '"""\na""\\"b\\u0001\nc"""'],
    [`a""""b'''\n\\`, `"""\na""\\""b'''\n\\\\"""`],
    ["'", `"'"`],
    ['"', `'"'`],
    ['héllo ☃\u00a0\u2028', '"héllo ☃\u00a0\u2028"'],
  ])('%j', (value, spelled) => {
    expect(tomlString(value)).toBe(spelled);
  });

  it.each([
    ['bare-key_1', 'bare-key_1'],
    ['', '""'],
    ['key with space', '"key with space"'],
    ["key'single", `"key'single"`],
    ['k"dq', `'k"dq'`],
    ['back\\slash', `'back\\slash'`],
    ['dollar$', '"dollar$"'],
    ['k\tkey', '"k\\tkey"'],
    ['k\nkey', '"k\\nkey"'],
    ['é', '"é"'],
  ])('key %j', (key, spelled) => {
    expect(tomlKey(key)).toBe(spelled);
  });

  it('always writes TOML that reads back as the same string', () => {
    const chars = fc.constantFrom('a', ' ', '"', "'", '\\', '\n', '\t', '\r', '\u0001', '\u007f', 'é', '☃', '#', '=');
    const text = fc.array(chars, { maxLength: 12 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (key, value) => {
        const doc = parse(`${tomlKey(key)} = ${tomlString(value)}\n`);
        expect(doc).toEqual({ [key]: value });
      }),
      { numRuns: 5000 },
    );
  });
});
