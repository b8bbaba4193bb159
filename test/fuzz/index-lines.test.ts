import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import type { Summary } from '../../src/cargo/summary.js';
import { parseCacheFile } from '../../src/index/cargo-cache.js';
import { cargoCacheFile } from '../../src/index/cargo-cache-source.js';
import { decodeEntry } from '../../src/index/index-cache.js';
import {
  type ParsedIndexFile,
  parseIndexBytes,
  type UnusableLine,
  unusableLineWarning,
} from '../../src/index/index-file.js';
import { extractedIndex } from '../conformance/workspaces-2019/index-archive.js';
import { INDEX_2019_ARCHIVE, index2019Present, indexLines } from './corpus.js';
import { deeplyNested, HOSTILE_NAMES, LONG, mutated, outcome, params, RAW_CONTROL } from './harness.js';

/**
 * Index files as a mirror, a cache or a server may hand them over: lines cut short, spliced,
 * with hostile names and values, invalid UTF-8, huge or deeply nested. Reading one never throws:
 * every line is a usable version or is skipped as cargo skips it, with its line number, and each
 * skip is told of once. Every usable summary builds its dependencies and features without error.
 */
const ctx = { source: cratesIo, file: 'fu/zz/fuzz' };
let lines: string[] = [];

beforeAll(async () => {
  let index2019: string | undefined;
  if (index2019Present()) index2019 = await extractedIndex();
  else console.warn(`SKIPPED in the index fuzzer's corpus: the 2019 crates.io index (${INDEX_2019_ARCHIVE} is absent)`);
  lines = indexLines(index2019);
}, 300_000);

/** Reads everything a resolution could read of a file, and checks what the file says of itself. */
function readAll(data: Buffer): { file: ParsedIndexFile; summaries: Summary[]; unusable: UnusableLine[] } {
  const r = outcome(() => {
    const file = parseIndexBytes(data, ctx);
    const heard: UnusableLine[] = [];
    file.onUnusable((u) => heard.push(u));
    const lazily = file.matching(() => true);
    const summaries = file.summaries;
    for (const s of summaries) {
      // Building them is where a line that passed its checks could still go wrong.
      for (const d of s.dependencies) expect(typeof d.req.toString()).toBe('string');
      for (const [, values] of s.features) expect(Array.isArray(values)).toBe(true);
    }
    expect(lazily.map((s) => s.version.toString())).toEqual(summaries.map((s) => s.version.toString()));
    const unusable = file.unusable();
    // Each unusable line told of exactly once, however often it was read.
    expect(heard.map((u) => u.line).sort((a, b) => a - b)).toEqual(unusable.map((u) => u.line));
    return { file, summaries, unusable };
  });
  if (!r.ok) throw new Error(`reading an index file threw a UserError: ${r.error.describe()}`);
  const lineCount = data.toString('latin1').split('\n').length;
  for (const u of r.value.unusable) {
    expect(u.line).toBeGreaterThanOrEqual(1);
    expect(u.line).toBeLessThanOrEqual(lineCount);
    expect(u.file).toBe(ctx.file);
    expect(u.reason).not.toBe('');
    const warning = unusableLineWarning(u);
    // Nothing of the line reaches the terminal raw.
    if (warning) expect(warning).not.toMatch(RAW_CONTROL);
  }
  for (const s of r.value.summaries) expect(s.origin).toMatchObject({ kind: 'index', file: ctx.file });
  return r.value;
}

const hostileLine = fc
  .record({
    name: fc.constantFrom('fuzz', ...HOSTILE_NAMES),
    vers: fc.constantFrom('1.0.0', '0.1.0-alpha', '01.0.0', '1.0', '', '1.0.0+b', '18446744073709551616.0.0'),
    dep: fc.constantFrom('dep', ...HOSTILE_NAMES),
    req: fc.constantFrom('^1', '', '*', '>=1, <2', 'bad', '=0.0.0-'),
    feature: fc.constantFrom('std', ...HOSTILE_NAMES, 'dep:dep', 'dep/x', 'dep?/x'),
    optional: fc.boolean(),
    target: fc.constantFrom(null, 'cfg(unix)', 'cfg(', 'x86_64-unknown-linux-gnu', '__proto__'),
    v: fc.constantFrom(undefined, 1, 2, 3, -1, 2 ** 33, '2'),
    extra: fc.constantFrom(
      {},
      { features2: { __proto__: ['dep'] } },
      { links: 'a\u001bb' },
      { rust_version: '1.70' },
      { pubtime: '2019-13-45T00:00:00Z' },
      { yanked: 'no' },
    ),
  })
  .map(({ name, vers, dep, req, feature, optional, target, v, extra }) =>
    JSON.stringify({
      name,
      vers,
      deps: [{ name: dep, req, features: [feature], optional, default_features: true, target, kind: 'normal' }],
      cksum: 'a'.repeat(64),
      features: { [feature]: [optional ? `dep:${dep}` : feature] },
      yanked: false,
      ...(v !== undefined && { v }),
      ...extra,
    }),
  );

/** Bytes of an index file: lines joined, then bytes flipped or cut, as a disk or a network can. */
function fileBytes(lineArb: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  const damage = fc.array(
    fc.record({
      at: fc.nat(),
      byte: fc.constantFrom(0x00, 0x0a, 0x0d, 0x22, 0x5c, 0x7b, 0x7d, 0x80, 0xc3, 0xe2, 0xff),
    }),
    { maxLength: 3 },
  );
  return fc
    .tuple(fc.array(lineArb, { minLength: 1, maxLength: 6 }), damage, fc.option(fc.nat(), { nil: undefined }))
    .map(([ls, flips, cut]) => {
      let data = Buffer.from(ls.join('\n'));
      for (const f of flips) if (data.length > 0) data[f.at % data.length] = f.byte;
      if (cut !== undefined) data = data.subarray(0, cut % (data.length + 1));
      return data;
    });
}

describe('index files, fuzzed', () => {
  it('real lines, mutated', () => {
    fc.assert(
      fc.property(fileBytes(mutated(lines)), (data) => {
        readAll(data);
      }),
      params(400),
    );
  });

  it('lines with hostile names, values and schema versions', () => {
    fc.assert(
      fc.property(fileBytes(hostileLine), (data) => {
        readAll(data);
      }),
      params(400),
    );
  });

  it('huge and deeply nested lines are skipped, not a crash or a hang', () => {
    const depth = LONG ? 100_000 : 10_000;
    const huge = JSON.stringify({
      name: 'fuzz',
      vers: '1.0.0',
      deps: [],
      cksum: 'a'.repeat(64),
      features: { big: Array(LONG ? 500_000 : 50_000).fill('x') },
    });
    const texts = [
      ...deeplyNested(depth),
      `{"name":"fuzz","vers":"1.0.0","deps":${'['.repeat(depth)}${']'.repeat(depth)},"cksum":"${'a'.repeat(64)}"}`,
      `{"name":"fuzz","vers":"1.0.0","deps":[],"cksum":"${'a'.repeat(64)}","features":{"a":[${'"b",'.repeat(depth)}"c"]}}`,
      huge,
      `{"name":"fuzz","vers":"1.0.0-${'a.'.repeat(depth)}a","deps":[],"cksum":"x"}`,
    ];
    for (const t of texts) readAll(Buffer.from(t));
  });

  it('what was once read wrongly', () => {
    // The only line of `foo` has a dependency named with an escape sequence: a skipped line,
    // told of, never "no crate named foo" (issue 15).
    const foo = Buffer.from(
      `${JSON.stringify({ name: 'foo', vers: '1.0.0', deps: [{ name: 'b\u001b[31mar', req: '^1', optional: true, features: [], default_features: true, target: null, kind: 'normal' }], cksum: 'a'.repeat(64), features: {} })}\n`,
    );
    const { summaries, unusable } = readAll(foo);
    expect(summaries).toEqual([]);
    expect(unusable.map((u) => [u.line, u.why])).toEqual([[1, 'invalid']]);
  });
});

describe("cargo's cache and ours, fuzzed", () => {
  /** Cargo's cache file: version, schema, index version, then version/line pairs, NUL-separated. */
  const cacheFile = fc
    .tuple(
      fc.array(mutated(['{"name":"fuzz","vers":"1.0.0","deps":[],"cksum":"aa"}', '1.0.0']), { maxLength: 4 }),
      fc.nat(),
      fc.constantFrom(3, 2, 0),
    )
    .map(([pieces, cut, version]) => {
      const body = Buffer.concat([
        Buffer.from([version, 2, 0, 0, 0]),
        Buffer.from(['etag: "x"', ...pieces].join('\0') + '\0'),
      ]);
      return body.subarray(0, cut % (body.length + 1));
    });

  it('a cargo cache file reads as cargo would use it, or not at all', () => {
    fc.assert(
      fc.property(cacheFile, (data) => {
        const r = outcome(() => {
          const cache = parseCacheFile(data);
          if (cache) cargoCacheFile(cache, cratesIo, 'cache/fu/zz/fuzz').summaries;
        });
        expect(r.ok).toBe(true);
      }),
      params(300),
    );
  });

  it('a damaged cargo-whatif cache entry is ignored, never trusted', () => {
    const good = Buffer.concat([
      Buffer.from('cargo-whatif index cache 1\n'),
      Buffer.from(`${JSON.stringify({ url: 'u', etag: 'e', absent: false, length: 3, sha256: 'x' })}\n`),
      Buffer.from('abc'),
    ]);
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 255 }), fc.nat(), (at, byte, cut) => {
        const data = Buffer.from(good);
        data[at % data.length] = byte;
        const r = outcome(() => decodeEntry(data.subarray(0, cut % (data.length + 1)), 'u'));
        // The hash above is wrong on purpose: no damaged variant of it may be taken as whole.
        expect(r.ok && r.value).toBeFalsy();
      }),
      params(300),
    );
  });
});
