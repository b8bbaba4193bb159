import { isUtf8 } from 'node:buffer';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noRegistries } from '../../src/manifest/registries.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { manifests } from './corpus.js';
import { deeplyNested, HOSTILE_NAMES, LONG, mutated, outcome, params } from './harness.js';

/**
 * Cargo.toml files and the workspaces they make, read as cargo reads them: the fixtures' and
 * cargo's benchmark workspaces' manifests mutated, hostile names in every place a name goes,
 * globs that loop through symlinks or leave the root. A workspace, or a UserError naming a file
 * of the tree (the one to fix) with the line where there is one; nothing else.
 */
let corpus: string[] = [];
let scratch = '';
beforeAll(() => {
  corpus = manifests();
  scratch = mkdtempSync(join(tmpdir(), 'whatif-fuzz-manifests-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let runs = 0;
/** A fresh directory holding `files` (path → text, or a symlink target as `{ link }`). */
function tree(files: Record<string, string | { link: string }>): string {
  const dir = join(scratch, `t${runs++}`);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    if (typeof content === 'string') writeFileSync(full, content);
    else symlinkSync(content.link, full);
  }
  return dir;
}

/** What the errors that name no line were, so that new ones are seen (and each must name a file). */
const withoutLine = new Map<string, number>();

/** Loads the workspace from `from` (relative to `dir`): the root, or a member, whose root is found upward. */
function load(dir: string, from = 'Cargo.toml'): void {
  const r = outcome(() => loadWorkspace(join(dir, from), { registries: noRegistries }));
  if (r.ok) {
    for (const m of r.value.members) expect(typeof m.summary.name).toBe('string');
    return;
  }
  const loc = r.error.location;
  expect(loc?.file, `the error names a file: ${r.error.describe()}`).toBeDefined();
  expect(loc!.file.startsWith(dir) || loc!.file.startsWith(join(dir, '..')), r.error.describe()).toBe(true);
  if (loc!.line === undefined && loc!.keyPath === undefined) {
    const kind = r.error.message.replace(/`[^`]*`/g, '`…`').slice(0, 60);
    withoutLine.set(kind, (withoutLine.get(kind) ?? 0) + 1);
  }
}

const hostileManifest = fc
  .record({
    name: fc.constantFrom('fuzz', ...HOSTILE_NAMES),
    dep: fc.constantFrom('serde', ...HOSTILE_NAMES),
    feature: fc.constantFrom('std', ...HOSTILE_NAMES),
    req: fc.constantFrom('1', '', '^0.1', 'bad', '*', '>=1, <2'),
    table: fc.constantFrom(
      'dependencies',
      'dev-dependencies',
      'target.__proto__.dependencies',
      "target.'cfg(unix)'.dependencies",
      'workspace.dependencies',
      '__proto__',
      'features',
    ),
  })
  .map(
    ({ name, dep, feature, req, table }) =>
      `[package]\nname = ${JSON.stringify(name)}\nversion = "0.1.0"\nedition = "2021"\n\n[${table}]\n${JSON.stringify(dep)} = ${JSON.stringify(req)}\n\n[features]\n${JSON.stringify(feature)} = [${JSON.stringify(`dep:${dep}`)}]\n`,
  );

const MEMBER = '[package]\nname = "member"\nversion = "0.1.0"\nedition = "2021"\n';

describe('manifests and workspaces, fuzzed', () => {
  it('a package manifest, mutated', () => {
    fc.assert(
      fc.property(mutated(corpus), (text) => {
        load(tree({ 'Cargo.toml': text, 'src/lib.rs': '' }));
      }),
      params(150),
    );
  });

  it('hostile names in every place a name goes', () => {
    fc.assert(
      fc.property(hostileManifest, (text) => {
        load(tree({ 'Cargo.toml': text, 'src/lib.rs': '' }));
      }),
      params(200),
    );
  });

  it('a workspace root and a member, both mutated, loaded from the root and found from the member', () => {
    const root =
      '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/skip"]\n\n[workspace.dependencies]\nserde = "1"\n\n[workspace.package]\nversion = "0.1.0"\n';
    const member =
      '[package]\nname = "member"\nversion.workspace = true\nedition = "2021"\n\n[dependencies]\nserde.workspace = true\nother = { path = "../other" }\n';
    fc.assert(
      fc.property(mutated([root]), mutated([member, MEMBER]), (r, m) => {
        const dir = tree({
          'Cargo.toml': r,
          'crates/a/Cargo.toml': m,
          'crates/a/src/lib.rs': '',
          'crates/other/Cargo.toml': m.replace('member', 'other'),
          'crates/other/src/lib.rs': '',
        });
        load(dir);
        // Workspace discovery: cargo run in a member walks up to the root.
        load(dir, 'crates/a/Cargo.toml');
      }),
      params(200),
    );
  });

  it('member globs that loop through symlinks or leave the root, and odd member lists', () => {
    const members = fc.constantFrom(
      '"crates/*"',
      '"crates/**"',
      '"**"',
      '"../*"',
      '"/*"',
      '"crates/loop/*"',
      '"crates/[a-"',
      '"crates/{a,b}"',
      '""',
      '"."',
      '"crates/a", "crates/a"',
      '"crates/a/../a"',
    );
    const excludes = fc.constantFrom('', 'exclude = ["crates/a"]', 'exclude = ["crates"]', 'exclude = ["../"]');
    fc.assert(
      fc.property(members, excludes, (m, x) => {
        load(
          tree({
            'Cargo.toml': `[workspace]\nmembers = [${m}]\n${x}\n`,
            'crates/a/Cargo.toml': MEMBER,
            'crates/a/src/lib.rs': '',
            'crates/b/Cargo.toml': MEMBER,
            'crates/b/src/lib.rs': '',
            'crates/loop': { link: '.' },
            'crates/up': { link: '../..' },
          }),
        );
      }),
      params(30),
    );
  });

  it('deeply nested and huge manifests', () => {
    const depth = LONG ? 100_000 : 10_000;
    for (const text of [
      ...deeplyNested(depth),
      `${MEMBER}[dependencies]\n${Array.from({ length: LONG ? 100_000 : 10_000 }, (_, i) => `d${i} = "1"`).join('\n')}\n`,
    ]) {
      load(tree({ 'Cargo.toml': text, 'src/lib.rs': '' }));
    }
  });

  it('bytes that are not UTF-8 are refused at their line, as cargo refuses them', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(0x80, 0xc3, 0xff, 0xfe, 0xed, 0x00), (at, byte) => {
        const data = Buffer.from(`${MEMBER}description = "café"\n[dependencies]\nserde = "1"\n`);
        const i = at % data.length;
        data[i] = byte;
        const dir = tree({ 'src/lib.rs': '' });
        const file = join(dir, 'Cargo.toml');
        writeFileSync(file, data);
        load(dir);
        if (!isUtf8(data)) {
          // Found by this fuzzer: a manifest that is not UTF-8 was read with U+FFFD in place of
          // the bad bytes, where cargo says "was not valid utf-8".
          const r = outcome(() => loadWorkspace(file, { registries: noRegistries }), file);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.error.location?.line).toBe(data.subarray(0, i).toString('latin1').split('\n').length);
        }
      }),
      params(100),
    );
  });

  afterAll(() => {
    if (withoutLine.size)
      console.warn(`manifest errors without a line: ${JSON.stringify(Object.fromEntries(withoutLine))}`);
  });
});
