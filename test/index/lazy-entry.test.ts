import { describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { type Dependency, featureValueText, type Summary } from '../../src/cargo/summary.js';
import {
  type EntryContext,
  type ParsedIndexFile,
  parseIndexBytes,
  parseIndexFile,
} from '../../src/index/index-file.js';
import {
  type DependencyShape,
  type FeatureTable,
  featureProblem,
  summaryProblem,
} from '../../src/index/summary-check.js';

/**
 * Summaries are checked when a file is read but their dependency lists and feature maps are built
 * from the line when first read, and directory files are read as bytes. None of that may show:
 * these compare what callers see with what building everything at once from the text gives.
 */

const ctx: EntryContext = { source: cratesIo, file: 'se/rd/serde' };
const CK = 'a'.repeat(64);

function line(o: Record<string, unknown>): string {
  return JSON.stringify({ deps: [], features: {}, cksum: CK, yanked: false, ...o });
}

function dep(o: Record<string, unknown>): Record<string, unknown> {
  return { features: [], optional: false, default_features: true, target: null, kind: 'normal', ...o };
}

/** Everything a caller can see of a parse, built summaries included. */
function seen(parsed: ParsedIndexFile): unknown {
  const summary = (s: Summary) => ({
    keys: Object.keys(s),
    name: s.name,
    version: s.version.toString(),
    links: s.links,
    checksum: s.checksum,
    yanked: s.yanked,
    rustVersion: s.rustVersion,
    origin: s.origin,
    dependencies: s.dependencies.map((d) => ({ ...d, req: d.req.toString() })),
    features: [...s.features].map(([k, v]) => [k, v.map(featureValueText)]),
  });
  return { summaries: parsed.summaries.map(summary), skipped: parsed.skipped };
}

const serde = [
  line({
    name: 'serde',
    vers: '1.0.0',
    deps: [
      dep({ name: 'serde_derive', req: '=1.0.0', optional: true }),
      dep({ name: 'winapi', req: '0.3', target: 'cfg(windows)', kind: 'build' }),
      dep({ name: 'criterion', req: '0.3', kind: 'dev' }),
      dep({ name: 'private', req: '1', registry: 'https://example.com/other-index' }),
      dep({ name: 'alloc_crate', package: 'alloc', req: '1' }),
    ],
    features: { default: ['std'], std: [], derive: ['serde_derive'] },
  }),
  line({ name: 'serde', vers: '1.0.1', deps: [dep({ name: 'bad', req: '^0-.1' })] }),
  line({ name: 'serde', vers: '1.0.2', deps: [dep({ name: 'gone', req: '1' })] }),
  line({ name: 'serde', vers: '1.0.2', deps: [dep({ name: 'late', req: '1' }), dep({ name: 'winapi', req: '0.3' })] }),
  line({
    name: 'serde',
    vers: '1.0.3',
    v: 2,
    features2: { rc: ['dep:serde_derive'] },
    deps: [dep({ name: 'serde_derive', req: '1', optional: true })],
  }),
].join('\n');

describe('index summaries built on first read', () => {
  it('read the same as summaries built at once, whichever is read first', () => {
    const expected = seen(parseIndexFile(serde, ctx));
    const byFeaturesFirst = parseIndexFile(serde, ctx);
    for (const s of byFeaturesFirst.summaries) void s.features;
    expect(seen(byFeaturesFirst)).toEqual(expected);
    expect(expected).toMatchObject({ summaries: [{ version: '1.0.0' }, { version: '1.0.2' }, { version: '1.0.3' }] });
  });

  it('give the same objects on every read, and to a spread copy', () => {
    const [s] = parseIndexFile(serde, ctx).summaries;
    const deps = s!.dependencies;
    const features = s!.features;
    expect(s!.dependencies).toBe(deps);
    expect(s!.features).toBe(features);
    const copy = { ...s! };
    expect(copy.dependencies).toBe(deps);
    expect(copy.features).toBe(features);
    expect(Object.keys(s!)).toEqual([
      'name',
      'version',
      'source',
      'dependencies',
      'features',
      'links',
      'checksum',
      'yanked',
      'rustVersion',
      'origin',
    ]);
    expect(JSON.parse(JSON.stringify(s))).toMatchObject({
      name: 'serde',
      dependencies: [{ name: 'serde_derive' }, {}, {}, {}, {}],
    });
    expect(deps.map((d: Dependency) => d.origin)).toEqual(deps.map(() => s!.origin));
  });

  it('read from bytes as from the decoded text: CRLF, blank lines, no final newline, invalid UTF-8', () => {
    const variants = [
      serde,
      serde + '\n',
      serde.replaceAll('\n', '\r\n') + '\r\n\r\n',
      '\n\n' + serde,
      line({ name: 'é\u{1F600}', vers: '1.0.0', features: { 'caf\u00e9': [] } }),
    ];
    // A stray byte decodes to U+FFFD either way, and a broken sequence ends at the `\n`.
    const broken = Buffer.concat([
      Buffer.from(line({ name: 'a', vers: '1.0.0', links: 'x' }).slice(0, -2)),
      Buffer.from([0xff, 0x22, 0x7d, 0x0a]),
      Buffer.from(line({ name: 'a', vers: '1.0.1' })),
      Buffer.from([0x0a, 0xe2, 0x82, 0x0a]),
    ]);
    for (const bytes of [...variants.map((t) => Buffer.from(t)), broken, broken.subarray(0, -1)]) {
      expect(outcome(() => parseIndexBytes(bytes, ctx))).toEqual(
        outcome(() => parseIndexFile(bytes.toString('utf8'), ctx)),
      );
    }
    expect(outcome(() => parseIndexBytes(broken.subarray(0, -4), ctx))).toMatchObject({
      summaries: [{ links: 'x\uFFFD' }, {}],
    });
    expect(outcome(() => parseIndexBytes(broken, ctx))).toMatchObject({
      skipped: [{ line: 3, why: 'unreadable', reason: expect.stringMatching(/^not valid JSON/) }],
    });
  });
});

function outcome(parse: () => ParsedIndexFile): unknown {
  try {
    return seen(parse());
  } catch (err) {
    return `${(err as { describe?: () => string }).describe?.() ?? (err as Error).message}`;
  }
}

describe('the feature checks, unordered', () => {
  const shape = (nameInToml: string, optional = false, kind: Dependency['kind'] = 'normal'): DependencyShape => ({
    nameInToml,
    optional,
    kind,
  });
  const cases: [FeatureTable, FeatureTable | undefined, DependencyShape[]][] = [
    [{}, undefined, []],
    [{ default: ['std'], std: [] }, undefined, []],
    [{ default: ['nope'], zzz: ['dep:x'] }, undefined, [shape('x')]],
    [{ b: ['x/f'], a: ['y?/g'] }, undefined, [shape('x'), shape('y')]],
    [{ a: ['x'] }, { b: ['dep:x'] }, [shape('x', true)]],
    [{ x: [] }, undefined, [shape('x', true)]],
    [{ '1st': [], 'a.b+c-d': [], é: [] }, undefined, []],
    [{ 'dep:a': [] }, undefined, [shape('a', true)]],
    [{ a: ['dep:b/c'], b: ['x/y/z'] }, undefined, [shape('x', true)]],
    [{}, undefined, [shape('d', true, 'dev'), shape('e', true)]],
    [{ f: ['e?/x'] }, undefined, [shape('e')]],
    [{ 'z\u{1D538}': ['nope'], 'z\uFF21': ['nope2'] }, undefined, []],
    [{}, undefined, [shape('weird name', true)]],
  ];

  it('find a problem exactly when cargo would, and report the one cargo reports first', () => {
    for (const [features, features2, deps] of cases) {
      const declared = new Map<string, readonly string[]>(Object.entries(features));
      for (const [k, v] of Object.entries(features2 ?? {})) declared.set(k, [...(declared.get(k) ?? []), ...v]);
      const sorted = new Map([...declared].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      expect(featureProblem(features, features2, deps), JSON.stringify([features, features2, deps])).toBe(
        summaryProblem(sorted, deps),
      );
    }
  });
});

/** The same line with `name` and `vers` first, as every index writes them: the shape read without parsing. */
function indexOrder(text: string): string {
  return text
    .split('\n')
    .map((l) => {
      if (!l.trim().startsWith('{')) return l;
      const { name, vers, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify({ name, vers, ...rest });
    })
    .join('\n');
}

describe('lines read without parsing until a requirement takes them', () => {
  it('read the same as lines parsed at once, from text and from bytes', () => {
    for (const text of [
      serde,
      serde + '\n',
      '\n\n' + serde,
      line({ name: 'é\u{1F600}', vers: '1.0.0' }),
      line({ name: 'a', vers: '01.0.0' }),
    ]) {
      const scanned = indexOrder(text);
      expect(scanned).not.toBe(text);
      const expected = outcome(() => parseIndexFile(text, ctx));
      expect(outcome(() => parseIndexFile(scanned, ctx))).toEqual(expected);
      expect(outcome(() => parseIndexBytes(Buffer.from(scanned), ctx))).toEqual(expected);
    }
  });

  it('check only the lines asked for: a corrupt line is skipped and told of when wanted, a truncated one at once', () => {
    const text = [
      '{"name":"a","vers":"1.0.0","deps":[],"cksum":"' + CK + '"}',
      '{"name":"a","vers":"1.1.0","deps":oops,"cksum":"' + CK + '"}',
      '{"name":"a","vers":"2.0.0","deps":[{"name":"b","req":"^0-.1"}],"cksum":"' + CK + '"}',
      '{"name":"a","vers":"3.0.0","deps":[],"cksum":"' + CK + '","vers":"3.0.1"}',
    ].join('\n');
    for (const parse of [() => parseIndexFile(text, ctx), () => parseIndexBytes(Buffer.from(text), ctx)]) {
      const file = parse();
      const heard: number[] = [];
      file.onUnusable((u) => heard.push(u.line));
      expect(file.matching((v) => v.major === 1 && v.minor === 0).map((s) => s.version.toString())).toEqual(['1.0.0']);
      expect(file.matching((v) => v.major >= 2)).toEqual([]);
      expect(file.lists('a')).toBe(true);
      expect(file.lists('A')).toBe(false);
      // Lines 3 and 4 were checked when 2.0.0 and up were asked for; line 2 is not checked yet.
      expect(heard).toEqual([3, 4]);
      expect(file.matching((v) => v.major === 1).map((s) => s.version.toString())).toEqual(['1.0.0']);
      expect(heard).toEqual([3, 4, 2]);
      expect(file.matching(() => true).map((s) => s.version.toString())).toEqual(['1.0.0']);
      // Each line is told of once, however often it is read.
      expect(file.skipped.map((s) => [s.line, s.why])).toEqual([
        [2, 'unreadable'],
        [3, 'invalid'],
        [4, 'unreadable'],
      ]);
      expect(file.unusable().map((u) => u.line)).toEqual([2, 3, 4]);
      expect(heard).toEqual([3, 4, 2]);
    }
    const valid = parseIndexFile(
      text
        .split('\n')
        .filter((_, i) => i !== 1)
        .join('\n'),
      ctx,
    );
    expect(valid.skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'failed to parse the version requirement `^0-.1` for dependency `b`'],
      [3, 'duplicate field `name` or `vers`'],
    ]);
    const truncated = parseIndexFile(text + '\n{"name":"a","vers":"4.0.0","deps":[', ctx);
    const atOnce: unknown[] = [];
    truncated.onUnusable((u) => atOnce.push([u.line, u.version, u.why]));
    expect(atOnce).toEqual([[5, '4.0.0', 'unreadable']]);
    expect(truncated.versionCount).toBe(4);
  });

  it('answer matching() as summaries filtered, superseded lines included', () => {
    const scanned = indexOrder(serde);
    const file = parseIndexFile(scanned, ctx);
    const picked = file.matching((v) => v.patch !== 1).map((s) => s.version.toString());
    expect(picked).toEqual(
      parseIndexFile(scanned, ctx)
        .summaries.map((s) => s.version.toString())
        .filter((v) => !v.endsWith('.1')),
    );
    expect(file.matching((v) => v.patch === 2)[0]!.dependencies.map((d) => d.name)).toEqual(['late', 'winapi']);
  });
});
