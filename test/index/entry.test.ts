import { describe, expect, it } from 'vitest';
import { cratesIo, registrySource } from '../../src/cargo/source-id.js';
import { featureValueText } from '../../src/cargo/summary.js';
import {
  type EntryContext,
  parseIndexFile,
  type UnusableLine,
  unusableLineWarning,
} from '../../src/index/index-file.js';

const ctx: EntryContext = { source: cratesIo, file: 'se/rd/serde' };
const CK = 'a'.repeat(64);

function line(o: Record<string, unknown>): string {
  return JSON.stringify({ deps: [], features: {}, cksum: CK, yanked: false, ...o });
}

function dep(o: Record<string, unknown>): Record<string, unknown> {
  return { features: [], optional: false, default_features: true, target: null, kind: 'normal', ...o };
}

function features(s: { features: ReadonlyMap<string, readonly { kind: string }[]> }): Record<string, string[]> {
  return Object.fromEntries([...s.features].map(([k, v]) => [k, v.map((x) => featureValueText(x as never))]));
}

describe('index entries', () => {
  it('reads a real-looking line: renamed, target, build, dev and optional deps', () => {
    // Shaped like crates.io's `reqwest` entries.
    const text = line({
      name: 'reqwest',
      vers: '0.9.22',
      deps: [
        dep({ name: 'http', req: '^0.1.15' }),
        dep({ name: 'rustls', req: '^0.16', optional: true }),
        dep({ name: 'futures01', package: 'futures', req: '^0.1.28', features: ['use_std', ''] }),
        dep({ name: 'winreg', req: '^0.6', target: 'cfg(windows)' }),
        dep({ name: 'cc', req: '^1.0', kind: 'build' }),
        dep({ name: 'env_logger', req: '^0.6', kind: 'dev', default_features: false }),
        dep({ name: 'mime', req: '0.3' }),
      ],
      features: { default: ['default-tls'], 'default-tls': [], 'rustls-tls': ['rustls'] },
      links: null,
    });
    const { summaries, skipped } = parseIndexFile(text + '\n', ctx);
    expect(skipped).toEqual([]);
    const [s] = summaries;
    expect(s!.name).toBe('reqwest');
    expect(s!.version.toString()).toBe('0.9.22');
    expect(s!.source).toEqual(cratesIo);
    expect(s!.checksum).toBe(CK);
    expect(s!.origin).toEqual({ kind: 'index', file: 'se/rd/serde', line: 1 });
    const d = Object.fromEntries(s!.dependencies.map((x) => [x.nameInToml, x]));
    expect(d.futures01).toMatchObject({ name: 'futures', nameInToml: 'futures01', features: ['use_std'] });
    expect(d.futures01!.req.toString()).toBe('^0.1.28');
    expect(d.winreg).toMatchObject({ target: 'cfg(windows)', kind: 'normal' });
    expect(d.cc!.kind).toBe('build');
    expect(d.env_logger).toMatchObject({ kind: 'dev', defaultFeatures: false });
    expect(d.rustls!.optional).toBe(true);
    expect(d.mime!.req.toString()).toBe('^0.3');
    expect(d.http!.origin).toEqual({ kind: 'index', file: 'se/rd/serde', line: 1 });
    // `rustls` is named by a feature without `dep:`, so it keeps its implicit feature too.
    expect(features(s!)).toEqual({
      default: ['default-tls'],
      'default-tls': [],
      'rustls-tls': ['rustls'],
      rustls: ['dep:rustls'],
    });
  });

  it('merges features2 (dep: and ?) into features and keeps them sorted like cargo', () => {
    const text = line({
      name: 'sqlx-core',
      vers: '0.7.0',
      v: 2,
      deps: [
        dep({ name: 'tokio', req: '^1', optional: true }),
        dep({ name: 'serde', req: '^1', optional: true }),
        dep({ name: 'native-tls', req: '^0.2', optional: true }),
      ],
      features: { zeta: [], json: ['zeta'] },
      features2: { 'runtime-tokio': ['dep:tokio', 'serde?/std'], json: ['dep:serde'], tls: ['native-tls?/vendored'] },
      rust_version: '1.60',
    });
    const { summaries, skipped } = parseIndexFile(text, ctx);
    expect(skipped).toEqual([]);
    const s = summaries[0]!;
    expect(s.rustVersion).toBe('1.60');
    expect([...s.features.keys()]).toEqual(['json', 'native-tls', 'runtime-tokio', 'tls', 'zeta']);
    expect(features(s)).toMatchObject({
      json: ['zeta', 'dep:serde'],
      'runtime-tokio': ['dep:tokio', 'serde?/std'],
      // No feature says `dep:native-tls`, so it keeps its implicit feature.
      'native-tls': ['dep:native-tls'],
    });
    expect(s.features.get('runtime-tokio')![1]).toEqual({
      kind: 'dep-feature',
      dep: 'serde',
      feature: 'std',
      weak: true,
    });
    expect(s.features.has('tokio')).toBe(false);
  });

  it('reads links, yanked, a missing kind and another registry', () => {
    const other = 'https://my-intranet:8080/git/index';
    const text = [
      line({ name: 'openssl-sys', vers: '0.9.50', links: 'openssl', deps: [{ name: 'cc', req: '^1.0' }] }),
      line({
        name: 'openssl-sys',
        vers: '0.9.51',
        yanked: true,
        deps: [dep({ name: 'x', req: '1', registry: other, kind: null })],
      }),
    ].join('\n');
    const { summaries } = parseIndexFile(text, ctx);
    expect(summaries.map((s) => [s.version.toString(), s.links, s.yanked])).toEqual([
      ['0.9.50', 'openssl', false],
      ['0.9.51', null, true],
    ]);
    expect(summaries[0]!.dependencies[0]).toMatchObject({
      kind: 'normal',
      optional: false,
      defaultFeatures: true,
      target: null,
    });
    expect(summaries[1]!.dependencies[0]).toMatchObject({ kind: 'normal', source: registrySource(other) });
    expect(summaries[1]!.origin).toMatchObject({ line: 2 });
  });

  it('gives summaries the registry the index was opened for', () => {
    const mine = registrySource('sparse+http://127.0.0.1:1234/');
    const { summaries } = parseIndexFile(line({ name: 'a', vers: '1.0.0', deps: [dep({ name: 'b', req: '1' })] }), {
      source: mine,
      file: 'x',
    });
    expect(summaries[0]!.source).toEqual(mine);
    expect(summaries[0]!.dependencies[0]!.source).toEqual(mine);
  });

  it('skips what cargo 1.95 skips, saying why, and keeps the rest', () => {
    const lines = [
      line({ name: 'a', vers: '1.0.0' }),
      line({ name: 'a', vers: '1.0.1', deps: [dep({ name: 'b', req: '^0-.11.0' })] }),
      line({ name: 'a', vers: '1.0.2', v: 3 }),
      line({ name: 'a', vers: '1.0.3', deps: [dep({ name: 'w', req: '1', target: 'cfg(target_arch = "wasm32"' })] }),
      line({ name: 'a', vers: '1.0.4', features: { compat: ['futures01'] } }),
      line({ name: 'a', vers: '1.0.5', deps: [dep({ name: 'd', req: '1', kind: 'dev', optional: true })] }),
      JSON.stringify({ name: 'a', vers: '1.0.6', deps: [], features: {} }),
      line({ name: 'a', vers: '1.0.7', features2: { x: ['dep:nope'] }, v: 2 }),
      line({
        name: 'a',
        vers: '1.0.8',
        deps: [dep({ name: 'o', req: '1', optional: true })],
        features2: { x: ['dep:o', 'o?/f'] },
      }),
      line({ name: 'a', vers: '01.0.0' }),
      line({ name: 'a', vers: '1.0.9', rust_version: '1.70-beta' }),
      line({ name: 'a', vers: '1.0.10', deps: 'none' }),
      line({ name: 'a', vers: '1.0.11', deps: [dep({ name: 'b', req: '1', optional: null })] }),
      '',
      line({ name: 'a', vers: '18446744073709551615.0.0' }),
    ];
    const { summaries, skipped } = parseIndexFile(lines.join('\n'), ctx);
    expect(summaries.map((s) => s.version.toString())).toEqual(['1.0.0', '1.0.8']);
    const why = Object.fromEntries(skipped.map((s) => [s.line, s.reason]));
    expect(Object.keys(why).map(Number)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15]);
    expect(why[2]).toMatch(/version requirement `\^0-\.11\.0`/);
    expect(why[3]).toMatch(/schema version 3/);
    expect(why[4]).toMatch(/cfg/);
    expect(why[5]).toMatch(/neither a dependency nor another feature/);
    expect(why[6]).toMatch(/dev-dependencies are not allowed to be optional/);
    expect(why[7]).toMatch(/missing field `cksum`/);
    expect(why[8]).toMatch(/not listed as a dependency/);
    expect(why[10]).toMatch(/`vers`: invalid version/);
    expect(why[11]).toMatch(/rust_version/);
    expect(why[12]).toMatch(/`deps`: invalid type/);
    expect(why[13]).toMatch(/`optional`: invalid type: null/);
    expect(why[15]).toMatch(/largest cargo-whatif supports/);
  });

  it('accepts rust_version as cargo does: a bare major[.minor[.patch]]', () => {
    const versions = ['1', '1.70', '1.70.0', '^1.70', '>=1.70', '1.70.0-beta', '1.*', '1.70.0+x', 'v1'];
    const text = versions.map((rv, i) => line({ name: 'a', vers: `1.0.${i}`, rust_version: rv })).join('\n');
    const { summaries } = parseIndexFile(text, ctx);
    expect(summaries.map((s) => s.rustVersion)).toEqual(['1', '1.70', '1.70.0']);
  });

  it('keeps the last line of a version listed twice, even an unusable one, as cargo 1.95 does', () => {
    const lines = [
      line({ name: 'tentacle', vers: '0.2.1', cksum: '1'.repeat(64) }),
      line({ name: 'tentacle', vers: '0.2.2' }),
      line({ name: 'tentacle', vers: '0.2.1', cksum: '2'.repeat(64) }),
      line({ name: 'tentacle', vers: '0.2.2', v: 3 }),
      line({ name: 'tentacle', vers: '0.2.2+meta' }),
    ];
    const { summaries, skipped } = parseIndexFile(lines.join('\n'), ctx);
    expect(summaries.map((s) => [s.version.toString(), s.checksum?.[0], s.origin])).toEqual([
      ['0.2.1', '2', { kind: 'index', file: ctx.file, line: 3 }],
      ['0.2.2+meta', 'a', { kind: 'index', file: ctx.file, line: 5 }],
    ]);
    expect(skipped.map((s) => [s.line, s.reason.slice(0, 24)])).toEqual([
      [1, 'superseded by line 3, wh'],
      [2, 'superseded by line 4, wh'],
      [4, 'index schema version 3 i'],
    ]);
  });

  it('skips a line that is not JSON, or has no name or version, as cargo drops it, and tells of it with file and line', () => {
    const cases: [string, RegExp, string, string][] = [
      ['{"name":"serde","vers":"1.0.1",', /not valid JSON/, 'serde', '1.0.1'],
      ['[1,2]', /not a JSON object/, '', ''],
      [JSON.stringify({ vers: '1.0.0', deps: [] }), /no `name`/, '', ''],
      [JSON.stringify({ name: 'serde', vers: 100 }), /no `vers`/, '', ''],
      [JSON.stringify({ name: 'serde', vers: '1.0' }), /`vers`/, 'serde', '1.0'],
    ];
    for (const [bad, message, name, version] of cases) {
      const text = [line({ name: 'serde', vers: '1.0.0' }), '', bad].join('\n');
      const file = parseIndexFile(text, ctx);
      const heard: UnusableLine[] = [];
      file.onUnusable((u) => heard.push(u));
      // Found at once, since no name and version can be read without parsing the line.
      expect(heard).toEqual([
        {
          line: 3,
          name,
          version,
          why: 'unreadable',
          reason: expect.stringMatching(message),
          file: 'se/rd/serde',
          crate: 'serde',
        },
      ]);
      expect(file.summaries.map((s) => s.version.toString())).toEqual(['1.0.0']);
      expect(file.skipped.map((s) => [s.line, s.why])).toEqual([[3, 'unreadable']]);
      expect(unusableLineWarning(heard[0]!)).toMatch(/^se\/rd\/serde:3: skipping the index entry of `serde`/);
    }
  });
});
