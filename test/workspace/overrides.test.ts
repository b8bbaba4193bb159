import { describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { fixture } from '../manifest/helpers.js';

describe('[patch] (fixture patches)', () => {
  const ws = loadWorkspace(fixture('patches'));

  it('lists patches by source, then by name, each with the source it patches', () => {
    expect(
      ws.patches.map((p) => [
        p.source.kind,
        p.source.url,
        p.dependency.name,
        p.dependency.source.kind,
        p.dependency.source.reference ?? null,
      ]),
    ).toEqual([
      ['registry', cratesIo.url, 'serde_yaml', 'git', 'rev=4f5e6d7'],
      ['registry', cratesIo.url, 'time', 'git', 'branch=fix-parsing'],
      ['registry', cratesIo.url, 'uuid', 'path', null],
      ['git', 'https://github.com/example/internal-sdk', 'internal-sdk', 'path', null],
    ]);
  });

  it('keeps requirements open and cites the patch line', () => {
    const uuid = ws.patches.find((p) => p.dependency.name === 'uuid')!.dependency;
    expect(uuid.req.toString()).toBe('*');
    expect(uuid.origin).toMatchObject({
      file: fixture('patches', 'Cargo.toml'),
      line: 10,
      keyPath: 'patch.crates-io.uuid',
    });
    const sdk = ws.patches.find((p) => p.dependency.name === 'internal-sdk')!.dependency;
    expect(sdk.origin).toMatchObject({
      line: 15,
      keyPath: "patch.'https://github.com/example/internal-sdk'.internal-sdk",
    });
  });

  it('loads patched path packages, which do not become members', () => {
    expect(ws.members.map((m) => m.summary.name)).toEqual(['service']);
    expect(ws.pathPackages.map((p) => [p.summary.name, p.summary.version.toString()])).toEqual([
      ['uuid', '1.8.1'],
      ['internal-sdk', '4.0.0'],
    ]);
    expect([...ws.pathPackages[0]!.summary.features.keys()]).toEqual(['v4']);
  });
});

describe('[replace] (fixture replace)', () => {
  const ws = loadWorkspace(fixture('replace'));

  it('pins each replacement to the exact version its spec names', () => {
    expect(
      ws.replacements.map((r) => [
        r.spec,
        r.source.url,
        r.dependency.name,
        r.dependency.req.toString(),
        r.dependency.source.kind,
      ]),
    ).toEqual([
      ['foo:0.1.0', cratesIo.url, 'foo', '=0.1.0', 'path'],
      [
        'https://github.com/rust-lang/crates.io-index#openssl-sys@0.9.102',
        cratesIo.url,
        'openssl-sys',
        '=0.9.102',
        'git',
      ],
    ]);
    expect(ws.pathPackages.map((p) => p.summary.name)).toEqual(['foo']);
    expect(ws.resolver).toBe('1');
  });
});
