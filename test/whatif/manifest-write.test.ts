import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Summary } from '../../src/cargo/summary.js';
import { applyEdits } from '../../src/edits/apply.js';
import { parseEditText } from '../../src/edits/parse-edit.js';
import type { VersionsOf } from '../../src/edits/upgrade.js';
import { commitWrites } from '../../src/manifest-edit/commit.js';
import { planManifestEdits } from '../../src/manifest-edit/plan.js';
import { summaryDifferences } from '../../src/manifest-edit/verify.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { pkg } from '../resolve/helpers.js';
import { noCargo } from '../support/cargo.js';
import { copyWorkspace, REPO, readTree } from './helpers.js';

/**
 * `--write` on manifests written every way Cargo.toml allows: each test applies edits to a
 * scratch copy, then compares every file byte for byte with the original in which only the
 * edited values were replaced. Each write is also checked the way the CLI checks it: the
 * workspace read back must be the one the edits describe.
 */
const FORMS = path.join(REPO, 'fixtures/whatif/manifest-forms');
const APP = 'crates/app/Cargo.toml';
const LIB = 'crates/lib/Cargo.toml';
const ROOT = 'Cargo.toml';

function scratch(): string {
  const dir = copyWorkspace(FORMS);
  // crates/lib is the CRLF manifest (see the fixture's root comment).
  const lib = path.join(dir, LIB);
  writeFileSync(lib, readFileSync(lib, 'utf8').replace(/\n/g, '\r\n'));
  return dir;
}

/** Applies `flags` with `--write`'s planner and commit (including the read-back check). */
function write(dir: string, flags: string[], versionsOf: VersionsOf = () => []): void {
  const workspace = loadWorkspace(dir);
  const base = workspace.members.map((m) => m.summary);
  const edits = flags.map(parseEditText);
  const changes = planManifestEdits({ workspace, baseMembers: base, versionsOf }, edits);
  const expected = applyEdits(base, edits).members;
  commitWrites(
    changes.map((c) => ({ ...c, toml: true })),
    () =>
      summaryDifferences(
        expected,
        loadWorkspace(dir).members.map((m) => m.summary),
      ),
  );
}

/** Every file equals the original with exactly these replacements (each `old` found once). */
function expectOnly(dir: string, before: Map<string, string>, replacements: Record<string, [string, string][]>): void {
  const after = readTree(dir);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  for (const [file, text] of before) {
    let want = text;
    for (const [old, now] of replacements[file] ?? []) {
      const crlf = file === LIB ? (s: string) => s.replace(/\n/g, '\r\n') : (s: string) => s;
      const [o, n] = [crlf(old), crlf(now)];
      expect(want.split(o).length - 1, `${file}: ${JSON.stringify(old)} occurs once`).toBe(1);
      want = want.replace(o, n);
    }
    expect(after.get(file), file).toBe(want);
  }
}

function run(flags: string[], replacements: Record<string, [string, string][]>): string {
  const dir = scratch();
  const before = readTree(dir);
  write(dir, flags);
  expectOnly(dir, before, replacements);
  return dir;
}

describe('bump', () => {
  test('a string entry keeps its quotes, spacing and comment', () => {
    run(['--bump app:anyhow=1.0.80'], {
      [APP]: [
        ['anyhow = "1.0"     # errors', 'anyhow = "1.0.80"     # errors'],
        ["anyhow = '1.0'", "anyhow = '1.0.80'"],
      ],
    });
  });

  test('a [dependencies.x] table and a string entry, in every member', () => {
    run(['--bump bytes=1.6'], {
      [APP]: [['version = "1.5"  # buffers', 'version = "1.6"  # buffers']],
      [LIB]: [['bytes = "1.5"', 'bytes = "1.6"']],
    });
  });

  test('dotted keys', () => {
    run(['--bump app:itoa=1.0.10'], { [APP]: [['itoa.version = "1"', 'itoa.version = "1.0.10"']] });
  });

  test('target tables, including a quoted platform key and a table-form entry', () => {
    run(['--bump libc=0.2.155', '--bump windows-sys=0.59'], {
      [APP]: [
        ['libc = { version = "0.2.150" }', 'libc = { version = "0.2.155" }'],
        [
          '[target."cfg(windows)".dependencies.windows-sys]\nversion = "0.52"',
          '[target."cfg(windows)".dependencies.windows-sys]\nversion = "0.59"',
        ],
      ],
    });
  });

  test('every member inheriting it: the [workspace.dependencies] entry changes once', () => {
    run(['--bump serde=1.0.200'], {
      [ROOT]: [['serde = { version = "1.0.190", features', 'serde = { version = "1.0.200", features']],
    });
  });

  test('one member of several inheriting it: that member spells its entry out', () => {
    run(['--bump lib:serde=1.0.200'], {
      [LIB]: [
        [
          'serde = { workspace = true, features = ["rc"] }',
          'serde = { version = "1.0.200", features = ["rc", "derive"] }',
        ],
      ],
    });
  });
});

describe('features and default features', () => {
  test('one item per line arrays keep their layout', () => {
    run(['--features app:regex=+unicode-case,-std'], {
      [APP]: [
        [
          'features = [\n    "std",\n    "unicode-perl",\n] }',
          'features = [\n    "unicode-perl",\n    "unicode-case",\n] }',
        ],
      ],
    });
  });

  test('on an inherited entry, added features go to the member', () => {
    run(['--features app:tokio=+time'], {
      [APP]: [
        [
          'tokio = { workspace = true, features = ["macros"] }',
          'tokio = { workspace = true, features = ["macros", "time"] }',
        ],
      ],
    });
  });

  test('turning off a feature the root entry gives: the member spells its entry out', () => {
    run(['--features app:serde=-derive'], { [APP]: [['serde.workspace = true', 'serde.version = "1.0.190"']] });
  });

  test('default features off on a string entry, and back on where a table says false', () => {
    run(['--no-default-features app:anyhow', '--default-features app:regex'], {
      [APP]: [
        ['anyhow = "1.0"     # errors', 'anyhow = { version = "1.0", default-features = false }     # errors'],
        ["anyhow = '1.0'", "anyhow = { version = '1.0', default-features = false }"],
        [
          'regex = { version = "1.10", default-features = false,',
          'regex = { version = "1.10", default-features = true,',
        ],
      ],
    });
  });

  test('default features back on over a root entry that turns them off', () => {
    run(['--default-features app:tokio'], {
      [APP]: [
        ['features = ["macros"] }  # the runtime', 'features = ["macros"], default-features = true }  # the runtime'],
      ],
    });
  });
});

describe('add and remove', () => {
  test("add appends to [dependencies] with the file's CRLF line endings", () => {
    run(['--add lib:itoa=1'], { [LIB]: [['bytes = "1.5"\n', 'bytes = "1.5"\nitoa = "1"\n']] });
  });

  test('add over an existing entry replaces it in place', () => {
    run(['--add app:anyhow=1.0.90'], { [APP]: [['anyhow = "1.0"     # errors', 'anyhow = "1.0.90"     # errors']] });
  });

  test('add over an existing dependency: as cargo add, only its requirement changes', () => {
    run(['--add app:itoa=1.0.100'], {
      [APP]: [['itoa.version = "1"\nitoa.optional = true\n', 'itoa.version = "1.0.100"\nitoa.optional = true\n']],
    });
  });

  test('remove a [dependencies.x] table and the features that name it', () => {
    run(['--remove app:bytes'], {
      [APP]: [
        ['[dependencies.bytes]\nversion = "1.5"  # buffers\nfeatures = ["serde"]\n', ''],
        ['fast = ["itoa?/std", "bytes/std"]', 'fast = ["itoa?/std"]'],
      ],
    });
  });

  test('remove dotted keys, and an entry from every table it is in', () => {
    run(['--remove app:itoa', '--remove app:anyhow'], {
      [APP]: [
        ['itoa.version = "1"\nitoa.optional = true\n', ''],
        ['default = ["itoa"]', 'default = []'],
        ['fast = ["itoa?/std", "bytes/std"]', 'fast = ["bytes/std"]'],
        ['anyhow = "1.0"     # errors\n', ''],
        ["anyhow = '1.0'\n", ''],
      ],
    });
  });
});

describe('unify-workspace', () => {
  test('a new [workspace.dependencies] entry; a table entry and a string entry inherit it', () => {
    run(['--unify-workspace bytes=1.6'], {
      [ROOT]: [['log = "0.4"\n', 'log = "0.4"\nbytes = "1.6"\n']],
      [APP]: [
        ['[dependencies.bytes]\nversion = "1.5"  # buffers', '[dependencies.bytes]\nworkspace = true  # buffers'],
      ],
      [LIB]: [['bytes = "1.5"', 'bytes = { workspace = true }']],
    });
  });

  test('an existing entry: common features stay in the root, the rest with each member', () => {
    run(['--unify-workspace tokio=1.41'], {
      [ROOT]: [['tokio = { version = "1.40",', 'tokio = { version = "1.41",']],
      [LIB]: [
        [
          'tokio = { version = "1.41", features = ["rt", "time"] }',
          'tokio = { workspace = true, features = ["time"], default-features = true }',
        ],
      ],
    });
  });

  test('without REQ the members must agree', () => {
    const dir = scratch();
    expect(() => write(dir, ['--unify-workspace tokio'])).toThrow(/different requirements/);
  });

  test('the seed workspace gets its first [workspace.dependencies] (seed.md Option 3)', () => {
    const dir = copyWorkspace(path.join(REPO, 'fixtures/whatif/ai_os_diffusion'));
    const before = readTree(dir);
    write(dir, ['--bump pyo3=0.22', '--unify-workspace pyo3']);
    const quant = 'arrow_quant_v2/Cargo.toml';
    const storage = 'arrow_storage/Cargo.toml';
    expectOnly(dir, before, {
      [ROOT]: [
        [
          '    "arrow_storage",\n]\n',
          '    "arrow_storage",\n]\n\n[workspace.dependencies]\npyo3 = { version = "0.22", features = ["extension-module", "abi3-py310"] }\n',
        ],
      ],
      [quant]: [
        ['pyo3 = { version = "0.22", features = ["extension-module", "abi3-py310"] }', 'pyo3 = { workspace = true }'],
      ],
      [storage]: [
        ['pyo3 = { version = "0.20", features = ["extension-module", "abi3-py310"] }', 'pyo3 = { workspace = true }'],
      ],
    });
  });
});

describe('what is never written', () => {
  test('a pin changes no manifest', () => {
    const dir = scratch();
    const before = readTree(dir);
    // A pin names a published version (apply.ts), so the registry must have it.
    write(dir, ['--pin serde=1.0.190'], (name) => (name === 'serde' ? [pkg('serde@1.0.190')] : []));
    expectOnly(dir, before, {});
  });

  test('a bad edit fails before anything is written', () => {
    const dir = scratch();
    const before = readTree(dir);
    expect(() => write(dir, ['--bump app:serde=1.0.200', '--remove app:nothing'])).toThrow(
      /does not depend on `nothing`/,
    );
    expectOnly(dir, before, {});
  });

  test('a file changed since it was read stops the whole write', () => {
    const dir = scratch();
    const file = path.join(dir, APP);
    const original = readFileSync(file, 'utf8');
    const writes = [
      { file: path.join(dir, LIB), before: readFileSync(path.join(dir, LIB), 'utf8'), after: 'x = 1\n', toml: true },
      { file, before: original, after: original.replace('"1.0"', '"1.1"'), toml: true },
    ];
    writeFileSync(file, original + '# someone else\n');
    expect(() => commitWrites(writes, () => [])).toThrow(/changed since cargo-whatif read it; nothing was written/);
    expect(readFileSync(path.join(dir, LIB), 'utf8')).toBe(writes[0]!.before);
  });

  test('a write that does not read back as intended is rolled back', () => {
    const dir = scratch();
    const before = readTree(dir);
    const file = path.join(dir, APP);
    const text = readFileSync(file, 'utf8');
    expect(() =>
      commitWrites([{ file, before: text, after: text.replace('"1.0"', '"2"'), toml: true }], () => [
        'app: not what was planned',
      ]),
    ).toThrow(/do not read as the what-if/);
    expectOnly(dir, before, {});
  });
});

describe.skipIf(noCargo('cargo metadata on written manifests (test/whatif/manifest-write.test.ts)'))(
  'cargo reads what was written',
  () => {
    test('cargo metadata agrees with the edited workspace', () => {
      const dir = scratch();
      const flags = [
        '--bump lib:serde=1.0.200',
        '--features app:regex=+unicode-case,-std',
        '--no-default-features app:anyhow',
        '--default-features app:tokio',
        '--remove app:bytes',
        '--add lib:itoa=1',
        '--unify-workspace tokio=1.41',
        '--features app:serde=-derive',
      ];
      write(dir, flags);
      const r = spawnSync('cargo', ['metadata', '--no-deps', '--offline', '--format-version', '1'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const meta = JSON.parse(r.stdout) as {
        packages: {
          name: string;
          dependencies: {
            name: string;
            req: string;
            kind: string | null;
            target: string | null;
            optional: boolean;
            uses_default_features: boolean;
            features: string[];
          }[];
        }[];
      };
      const ours = (s: Summary) =>
        s.dependencies
          .map(
            (d) =>
              `${d.kind} ${d.name} ${d.req} opt=${d.optional} df=${d.defaultFeatures} [${[...new Set(d.features)].sort()}]`,
          )
          .sort();
      const theirs = meta.packages.map((p) => ({
        name: p.name,
        deps: p.dependencies
          .map(
            (d) =>
              `${d.kind ?? 'normal'} ${d.name} ${d.req} opt=${d.optional} df=${d.uses_default_features} [${[...new Set(d.features)].sort()}]`,
          )
          .sort(),
      }));
      for (const m of loadWorkspace(dir).members)
        expect(theirs.find((p) => p.name === m.summary.name)!.deps).toEqual(ours(m.summary));
    });
  },
);
