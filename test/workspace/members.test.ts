import { describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/workspace/index.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { configAt, fixture } from '../manifest/helpers.js';

const names = (ws: Workspace) => ws.members.map((m) => m.summary.name);

describe('member discovery and order', () => {
  it('virtual root: globs in path order, each followed by its in-root path dependencies', () => {
    const ws = loadWorkspace(fixture('virtual-globs'));
    // crates/* gives protocol, server (experimental is excluded); server pulls in libs/telemetry
    // (under the root, so a member), then tools/xtask is listed last.
    expect(names(ws)).toEqual(['protocol', 'server', 'telemetry', 'xtask']);
    expect(ws.members.every((m) => m.isMember)).toBe(true);
    expect(ws.defaultMembers).toEqual(['server']);
    expect(ws.rootManifestPath).toBe(fixture('virtual-globs', 'Cargo.toml'));
    expect(ws.lockfilePath).toBe(fixture('virtual-globs', 'Cargo.lock'));
  });

  it('keeps excluded path dependencies out of the members but loads them', () => {
    const ws = loadWorkspace(fixture('virtual-globs'));
    expect(ws.pathPackages.map((p) => [p.summary.name, p.isMember, p.edition])).toEqual([['log-shim', false, '2018']]);
    expect(ws.pathPackages[0]!.summary.dependencies.map((d) => d.name)).toEqual(['log']);
  });

  it('root package: listed members first, then the root, then its remaining path dependencies', () => {
    const ws = loadWorkspace(fixture('root-package'));
    // plugins/markdown pulls in core (app-core) before plugins/html is reached.
    expect(names(ws)).toEqual(['markdown', 'app-core', 'html', 'app']);
    expect(ws.defaultMembers).toEqual(['app']);
    expect(ws.pathPackages).toEqual([]);
  });

  it('finds the same workspace from a member directory, defaulting to that member', () => {
    const ws = loadWorkspace(fixture('virtual-globs', 'crates', 'protocol', 'src'));
    expect(ws.rootDir).toBe(fixture('virtual-globs'));
    expect(names(ws)).toEqual(['protocol', 'server', 'telemetry', 'xtask']);
    expect(ws.defaultMembers).toEqual(['protocol']);
  });

  it('an excluded package with its own [workspace] is a workspace of its own', () => {
    const ws = loadWorkspace(fixture('virtual-globs', 'crates', 'experimental', 'Cargo.toml'));
    expect(names(ws)).toEqual(['experimental']);
    expect(ws.rootDir).toBe(fixture('virtual-globs', 'crates', 'experimental'));
  });

  it('follows package.workspace to a root that is not an ancestor', () => {
    const fromMember = loadWorkspace(fixture('pointer', 'satellite'));
    expect(fromMember.rootManifestPath).toBe(fixture('pointer', 'root', 'Cargo.toml'));
    expect(names(fromMember)).toEqual(['core-lib', 'satellite']);
    expect(fromMember.defaultMembers).toEqual(['satellite']);
    const fromRoot = loadWorkspace(fixture('pointer', 'root'));
    expect(fromRoot.defaultMembers).toEqual(['core-lib', 'satellite']);
  });

  it('loads path packages outside the workspace transitively, without making them members', () => {
    const ws = loadWorkspace(fixture('pointer', 'root'));
    expect(ws.pathPackages.map((p) => p.summary.name)).toEqual(['strings', 'strings-macros']);
    const strings = ws.pathPackages[0]!.summary;
    expect(strings.source).toEqual({ kind: 'path', url: fixture('pointer', 'shared', 'strings') });
    expect(strings.dependencies[0]).toMatchObject({
      name: 'strings-macros',
      source: { kind: 'path', url: fixture('pointer', 'shared', 'strings-macros') },
    });
    expect(strings.dependencies[0]!.req.toString()).toBe('^0.2');
  });

  it('does not fail on path packages cargo would never open (optional or dev-only below a non-member)', () => {
    // cargo resolves this workspace although widgets' `extras` and `harness` directories are gone.
    const ws = loadWorkspace(fixture('optional-path', 'app'));
    expect(ws.pathPackages.map((p) => p.summary.name)).toEqual(['widgets']);
    expect(ws.pathPackages[0]!.summary.dependencies.map((d) => `${d.kind}:${d.name}`)).toEqual([
      'normal:extras',
      'dev:harness',
    ]);
  });

  it('a lone package is its own workspace, and its path dependencies are not members', () => {
    const ws = loadWorkspace(fixture('dependency-forms', 'Cargo.toml'), {
      registries: configAt(fixture('dependency-forms')),
    });
    expect(names(ws)).toEqual(['forms']);
    expect(ws.pathPackages.map((p) => p.summary.name)).toEqual(['local-util']);
    expect(ws.rootDir).toBe(fixture('dependency-forms'));
  });
});

describe('resolver version', () => {
  it('is the edition default for a root package without `resolver`', () => {
    expect(loadWorkspace(fixture('root-package')).resolver).toBe('2');
    expect(loadWorkspace(fixture('edition-2024')).resolver).toBe('3');
    expect(
      loadWorkspace(fixture('dependency-forms'), { registries: configAt(fixture('dependency-forms')) }).resolver,
    ).toBe('2');
  });

  it("is the virtual root's `workspace.resolver`", () => {
    expect(loadWorkspace(fixture('virtual-globs')).resolver).toBe('2');
    expect(loadWorkspace(fixture('pointer', 'satellite')).resolver).toBe('3');
  });

  it('ignores members: a path dependency that is also a build dependency is one member', () => {
    const ws = loadWorkspace(fixture('edition-2024'));
    expect(names(ws)).toEqual(['modern-macros', 'modern']);
    const kinds = ws.members[1]!.summary.dependencies.map((d) => `${d.kind}:${d.name}`);
    expect(kinds).toEqual(['normal:modern-macros', 'normal:thiserror', 'build:modern-macros']);
  });
});
