import { describe, expect, it } from 'vitest';
import type { Dependency } from '../../src/cargo/summary.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { fixture } from '../manifest/helpers.js';

describe('[workspace.package] and [workspace.dependencies] (fixture inheritance)', () => {
  const ws = loadWorkspace(fixture('inheritance'));
  const pkg = (name: string) => ws.members.find((m) => m.summary.name === name)!;
  const dep = (pkgName: string, nameInToml: string, kind = 'normal'): Dependency =>
    pkg(pkgName).summary.dependencies.find((d) => d.nameInToml === nameInToml && d.kind === kind)!;

  it('inherits package fields', () => {
    expect(ws.members.map((m) => [m.summary.name, m.summary.version.toString(), m.edition])).toEqual([
      ['api', '2.1.0', '2021'],
      ['model', '2.1.0', '2021'],
      ['cli', '2.1.0', '2021'],
    ]);
    expect(pkg('model').summary.rustVersion).toBe('1.74');
    expect(pkg('api').summary.rustVersion).toBeNull();
  });

  it("adds a member's features after the root entry's", () => {
    expect(dep('api', 'serde').features).toEqual(['std', 'derive']);
    expect(dep('api', 'tokio').features).toEqual(['rt', 'macros', 'rt-multi-thread']);
    expect(dep('api', 'tokio', 'dev').features).toEqual(['rt', 'test-util']);
    expect(dep('model', 'serde').features).toEqual(['std']);
  });

  it('takes the requirement, default-features and rename from the root entry', () => {
    expect(dep('api', 'serde').req.toString()).toBe('^1.0.197');
    expect(dep('api', 'serde').defaultFeatures).toBe(false);
    expect(dep('api', 'http02')).toMatchObject({ name: 'http', nameInToml: 'http02' });
    expect(dep('api', 'http02').req.toString()).toBe('^0.2.12');
  });

  it('lets a member turn default features back on, but not off', () => {
    expect(dep('api', 'rand').defaultFeatures).toBe(true);
    expect(dep('cli', 'rand').defaultFeatures).toBe(false);
  });

  it('takes `optional` from the member', () => {
    expect(dep('api', 'serde_json').optional).toBe(true);
    expect(pkg('api').summary.features.get('json')).toEqual([{ kind: 'dep', dep: 'serde_json' }]);
  });

  it('resolves an inherited path relative to the root', () => {
    expect(dep('api', 'model').source).toEqual({ kind: 'path', url: fixture('inheritance', 'crates', 'model') });
    expect(dep('api', 'model').req.toString()).toBe('^2.1.0');
  });

  it('cites both the member line and the root entry', () => {
    expect(dep('api', 'serde').origin).toEqual({
      kind: 'manifest',
      file: fixture('inheritance', 'crates', 'api', 'Cargo.toml'),
      line: 8,
      keyPath: 'dependencies.serde',
      inheritedFrom: { file: fixture('inheritance', 'Cargo.toml'), line: 14, keyPath: 'workspace.dependencies.serde' },
    });
  });

  it('warns, as cargo does, about keys ignored next to `workspace = true`', () => {
    const scratch = loadWorkspace(fixture('inheritance-warnings'));
    expect(scratch.warnings.map((w) => [w.message, w.line])).toEqual([
      ['unused manifest key: dependencies.serde.version', 9],
      [
        '`default-features` is ignored for tokio, since `default-features` was not specified for `workspace.dependencies.tokio`, this could become a hard error in the future',
        10,
      ],
    ]);
    const serde = scratch.members[0]!.summary.dependencies[0]!;
    expect(serde.req.toString()).toBe('^1.0');
  });
});
