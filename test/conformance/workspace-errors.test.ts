import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../commands/helpers.js';
import { cargoEnv, noCargo } from '../support/cargo.js';
import { REGISTRY } from '../whatif/helpers.js';

/**
 * Workspaces cargo refuses or accepts in surprising ways (issue 15), against cargo 1.95: member
 * globs that leave the root or loop through a symlink, a member that is also excluded, two
 * members with the same name, a path dependency outside the workspace that is not a member, a
 * virtual manifest with [dependencies]. Each case says what cargo says (its first `error:` line,
 * which ours must carry word for word after the file and line) or that cargo accepts it (and so
 * must we, with the same members). Path dependencies only: cargo needs no index
 * (`cargo metadata --offline`).
 */
const scratch = mkdtempSync(join(tmpdir(), 'whatif-ws-errors-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Files = Record<string, string | { link: string }>;
const pkg = (name: string, more = '') => `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${more}`;
const root = (members: string, more = '') => `[workspace]\nmembers = [${members}]\nresolver = "2"\n${more}`;

interface Case {
  files: Files;
  /** The directory both run in, relative to the case. */
  at?: string;
  /**
   * What cargo says, with $DIR for the case's directory (ours must say it word for word after
   * the file and line); or, when both accept the workspace, its members and the path packages
   * of the resolution (members and path dependencies).
   */
  cargo: { error: string } | { members: string[]; paths: string[] };
  /** Where ours points: the file relative to the case, and the line. */
  where?: [string, number];
}

const CASES: Record<string, Case> = {
  'a member glob that leaves the root': {
    files: { 'ws/Cargo.toml': root('"../*"'), 'other/Cargo.toml': pkg('other'), 'other/src/lib.rs': '' },
    at: 'ws',
    cargo: {
      error:
        'workspace member `$DIR/other/Cargo.toml` is not hierarchically below the workspace root `$DIR/ws/Cargo.toml`',
    },
    where: ['ws/Cargo.toml', 2],
  },
  'a member path that leaves the root': {
    files: { 'ws/Cargo.toml': root('"../other"'), 'other/Cargo.toml': pkg('other'), 'other/src/lib.rs': '' },
    at: 'ws',
    cargo: {
      error:
        'workspace member `$DIR/other/Cargo.toml` is not hierarchically below the workspace root `$DIR/ws/Cargo.toml`',
    },
    where: ['ws/Cargo.toml', 2],
  },
  'a trailing ** matches below the directory, not the directory itself': {
    files: { 'Cargo.toml': root('"crates/**"'), 'crates/m/Cargo.toml': pkg('m'), 'crates/m/src/lib.rs': '' },
    cargo: { error: 'failed to load manifest for workspace member `$DIR/crates/m/src`' },
    where: ['Cargo.toml', 2],
  },
  'a symlink that loops back, reached by two globs': {
    files: {
      'Cargo.toml': root('"crates/*", "crates/m/loop/crates/*"'),
      'crates/m/Cargo.toml': pkg('m'),
      'crates/m/src/lib.rs': '',
      'crates/m/loop': { link: '../..' },
    },
    cargo: { error: 'two packages named `m` in this workspace:' },
    where: ['crates/m/loop/crates/m/Cargo.toml', 2],
  },
  'a member under a glob that is a symlink to a directory': {
    files: {
      'Cargo.toml': root('"crates/*"'),
      'elsewhere/p/Cargo.toml': pkg('p'),
      'elsewhere/p/src/lib.rs': '',
      'crates/p': { link: '../elsewhere/p' },
    },
    cargo: { members: ['p'], paths: ['p'] },
  },
  'a member that is also excluded: listed by name, it stays a member': {
    files: { 'Cargo.toml': root('"m"', 'exclude = ["m"]\n'), 'm/Cargo.toml': pkg('m'), 'm/src/lib.rs': '' },
    cargo: { members: ['m'], paths: ['m'] },
  },
  'a member excluded under a glob is not a member': {
    files: {
      'Cargo.toml': root('"crates/*"', 'exclude = ["crates/b"]\n'),
      'crates/a/Cargo.toml': pkg('a'),
      'crates/a/src/lib.rs': '',
      'crates/b/Cargo.toml': pkg('b'),
      'crates/b/src/lib.rs': '',
    },
    cargo: { members: ['a'], paths: ['a'] },
  },
  'two members with the same name': {
    files: {
      'Cargo.toml': root('"a", "b"'),
      'a/Cargo.toml': pkg('dup'),
      'a/src/lib.rs': '',
      'b/Cargo.toml': pkg('dup'),
      'b/src/lib.rs': '',
    },
    cargo: { error: 'two packages named `dup` in this workspace:' },
    where: ['b/Cargo.toml', 2],
  },
  'a path dependency outside the workspace, not a member': {
    files: {
      'ws/Cargo.toml': root('"m"'),
      'ws/m/Cargo.toml': pkg('m', '\n[dependencies]\noutside = { path = "../../outside" }\n'),
      'ws/m/src/lib.rs': '',
      'outside/Cargo.toml': pkg('outside'),
      'outside/src/lib.rs': '',
    },
    at: 'ws',
    cargo: { members: ['m'], paths: ['m', 'outside'] },
  },
  'a virtual manifest with [dependencies]': {
    files: {
      'Cargo.toml': root('"m"', '\n[dependencies]\nm = { path = "m" }\n'),
      'm/Cargo.toml': pkg('m'),
      'm/src/lib.rs': '',
    },
    cargo: { error: 'this virtual manifest specifies a `dependencies` section, which is not allowed' },
    where: ['Cargo.toml', 5],
  },
};

function regexQuoted(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function write(name: string, files: Files): string {
  const dir = join(scratch, name.replace(/\W+/g, '-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (typeof content === 'string') writeFileSync(join(dir, path), content);
    else symlinkSync(content.link, join(dir, path));
  }
  return dir;
}

describe('bad workspaces: what cargo-whatif says', () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(name, async () => {
      const dir = write(`ours-${name}`, c.files);
      const at = join(dir, c.at ?? '.');
      const r = await runCli(['resolve', at, '--registry', REGISTRY, '--json']);
      if ('members' in c.cargo) {
        expect(r.code, r.stderr).toBe(0);
        const paths = (JSON.parse(r.stdout) as { packages: { name: string; source: string }[] }).packages.filter(
          (p) => p.source === 'path',
        );
        expect(paths.map((p) => p.name).sort()).toEqual(c.cargo.paths);
        return;
      }
      expect(r.code, r.stderr).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      expect(errors, r.stderr).toHaveLength(1);
      const [file, line] = c.where!;
      expect(errors[0]!.startsWith(`error: ${join(dir, file)}:${line}: `), errors[0]).toBe(true);
      expect(r.stderr.slice(`error: ${join(dir, file)}:${line}: `.length)).toMatch(
        new RegExp(`^${regexQuoted(c.cargo.error.replaceAll('$DIR', dir))}`),
      );
    });
  }
});

describe.skipIf(noCargo('bad workspaces against cargo (test/conformance/workspace-errors.test.ts)'))(
  'bad workspaces: what cargo 1.95 says',
  () => {
    for (const [name, c] of Object.entries(CASES)) {
      test(name, async () => {
        const dir = write(`cargo-${name}`, c.files);
        const r = spawnSync('cargo', ['metadata', '--offline', '--format-version', '1', '--no-deps'], {
          cwd: join(dir, c.at ?? '.'),
          env: cargoEnv(join(scratch, 'cargo-home')),
          encoding: 'utf8',
        });
        if ('members' in c.cargo) {
          expect(r.status, r.stderr).toBe(0);
          const names = (JSON.parse(r.stdout) as { packages: { name: string }[] }).packages.map((p) => p.name);
          expect(names.sort()).toEqual(c.cargo.members);
          return;
        }
        expect(r.status).not.toBe(0);
        const first = r.stderr.split('\n').find((l) => l.startsWith('error: '));
        expect(first, r.stderr).toBeDefined();
        // Cargo's words, as the case above expects them of us.
        expect(`${first!.slice('error: '.length)}\n${r.stderr}`).toContain(c.cargo.error.replaceAll('$DIR', dir));
      });
    }
  },
);
