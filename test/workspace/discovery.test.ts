import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/index.js';
import { userError } from '../manifest/helpers.js';

/** A scratch tree: `files` maps relative paths to contents; every Cargo.toml gets a src/lib.rs. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'whatif-ws-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (path.basename(name) === 'Cargo.toml' && text.includes('[package]')) {
      mkdirSync(path.join(path.dirname(file), 'src'), { recursive: true });
      writeFileSync(path.join(path.dirname(file), 'src', 'lib.rs'), '');
    }
  }
  return root;
}

const pkg = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;

describe('workspace discovery edge cases', () => {
  it('globs match hidden directories and skip files, like the glob crate', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n',
      'crates/zeta/Cargo.toml': pkg('zeta'),
      'crates/.hidden/Cargo.toml': pkg('hidden'),
      'crates/Alpha/Cargo.toml': pkg('alpha'),
      'crates/README.md': 'not a crate',
    });
    // Byte order: `.` < `A` < `z`.
    expect(loadWorkspace(root).members.map((m) => m.summary.name)).toEqual(['hidden', 'alpha', 'zeta']);
  });

  it('a glob that matches nothing is an error at its line', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = [\n  "crates/*",\n]\n' });
    const err = userError(() => loadWorkspace(root));
    expect(err.message).toContain(`failed to load manifest for workspace member \`${root}/crates/*\``);
    expect(err.location).toMatchObject({ file: path.join(root, 'Cargo.toml'), line: 4 });
  });

  it('an explicit `members` entry beats `exclude`; a glob does not', () => {
    const ws = loadWorkspace(
      tree({
        'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["a", "b"]\nexclude = ["b"]\n',
        'a/Cargo.toml': pkg('a'),
        'b/Cargo.toml': pkg('b'),
      }),
    );
    expect(ws.members.map((m) => m.summary.name)).toEqual(['a', 'b']);
  });

  it('default-members may name a directory a glob lists and `exclude` removes, but nothing else outside the members', () => {
    const ok = tree({
      'Cargo.toml':
        '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\nexclude = ["crates/b"]\ndefault-members = ["crates/a", "crates/b"]\n',
      'crates/a/Cargo.toml': pkg('a'),
      'crates/b/Cargo.toml': pkg('b'),
    });
    const ws = loadWorkspace(ok);
    expect(ws.members.map((m) => m.summary.name)).toEqual(['a']);
    expect(ws.defaultMembers).toEqual(['a']);

    const bad = tree({
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["a"]\ndefault-members = ["c"]\n',
      'a/Cargo.toml': pkg('a'),
      'c/Cargo.toml': pkg('c'),
    });
    const err = userError(() => loadWorkspace(bad));
    expect(err.message).toContain('is listed in default-members but is not a member');
    expect(err.location?.line).toBe(4);
  });

  it('refuses two members with one name', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["x/*"]\n',
      'x/one/Cargo.toml': pkg('same'),
      'x/two/Cargo.toml': pkg('same'),
    });
    expect(userError(() => loadWorkspace(root)).message).toContain('two packages named `same` in this workspace');
  });

  it('refuses a member that is a workspace root itself', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["inner"]\n',
      'inner/Cargo.toml': pkg('inner', '[workspace]\n'),
    });
    expect(userError(() => loadWorkspace(root)).message).toContain(
      'multiple workspace roots found in the same workspace',
    );
  });

  it('a path dependency outside the root joins only if it points back at this root', () => {
    const base = tree({
      'ws/Cargo.toml': pkg(
        'app',
        '[workspace]\n[dependencies]\nnear = { path = "../near" }\nfar = { path = "../far" }\n',
      ),
      'near/Cargo.toml': pkg('near', 'workspace = "../ws"\n'),
      'far/Cargo.toml': pkg('far'),
    });
    const ws = loadWorkspace(path.join(base, 'ws'));
    expect(ws.members.map((m) => m.summary.name)).toEqual(['app', 'near']);
    expect(ws.pathPackages.map((m) => m.summary.name)).toEqual(['far']);
  });

  it('walks up from a nested directory to the nearest Cargo.toml, then to its root', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["a"]\n',
      'a/Cargo.toml': pkg('a'),
      'a/src/deep/nested/.keep': '',
    });
    const ws = loadWorkspace(path.join(root, 'a', 'src', 'deep', 'nested'));
    expect(ws.rootDir).toBe(root);
    expect(ws.defaultMembers).toEqual(['a']);
  });

  it('says so when there is no Cargo.toml anywhere above', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'whatif-none-'));
    expect(userError(() => loadWorkspace(empty)).message).toContain('could not find `Cargo.toml`');
  });

  it('warns when a virtual root leaves the resolver to default while members are on 2021', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': pkg('a') });
    const ws = loadWorkspace(root);
    expect(ws.resolver).toBe('1');
    expect(ws.warnings.map((w) => w.message)).toEqual([
      'virtual workspace defaulting to `resolver = "1"` despite one or more workspace members being on edition 2021 which implies `resolver = "2"`',
    ]);
  });
});
