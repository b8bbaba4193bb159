import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { applyEdits } from '../../src/edits/apply.js';
import { parseEditText } from '../../src/edits/parse-edit.js';
import { isUserError } from '../../src/errors.js';
import { commitWrites } from '../../src/manifest-edit/commit.js';
import { planManifestEdits } from '../../src/manifest-edit/plan.js';
import { summaryDifferences } from '../../src/manifest-edit/verify.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { copyWorkspace, REPO } from './helpers.js';

/**
 * Random edit lists on the every-spelling workspace: whenever the edits make sense, the
 * written manifests must read back as exactly the workspace the edit model describes (the
 * same check `--write` makes before it keeps anything). Edits that do not make sense must be
 * refused as bad input, never half-applied.
 */
const FORMS = path.join(REPO, 'fixtures/whatif/manifest-forms');
const MEMBERS = ['app', 'lib', ''];
const DEPS = ['log', 'serde', 'tokio', 'anyhow', 'regex', 'itoa', 'bytes', 'libc', 'windows-sys'];
const FEATURES = ['std', 'rt', 'macros', 'time', 'derive', 'rc', 'serde', 'unicode-perl', 'extra'];
const REQS = ['1', '1.0.200', '0.2', '=0.52.0', '>=1.40, <2'];

const scoped = (m: string, d: string) => (m ? `${m}:${d}` : d);
const edit = fc.oneof(
  fc
    .tuple(fc.constantFrom(...MEMBERS), fc.constantFrom(...DEPS), fc.constantFrom(...REQS))
    .map(([m, d, r]) => `--bump ${scoped(m, d)}=${r}`),
  fc
    .tuple(
      fc.constantFrom(...MEMBERS),
      fc.constantFrom(...DEPS),
      fc.constantFrom('+', '-'),
      fc.constantFrom(...FEATURES),
    )
    .map(([m, d, s, f]) => `--features ${scoped(m, d)}=${s}${f}`),
  fc
    .tuple(fc.boolean(), fc.constantFrom(...MEMBERS), fc.constantFrom(...DEPS))
    .map(([on, m, d]) => `--${on ? '' : 'no-'}default-features ${scoped(m, d)}`),
  fc
    .tuple(fc.constantFrom('app', 'lib'), fc.constantFrom(...DEPS, 'newdep'), fc.constantFrom(...REQS))
    .map(([m, d, r]) => `--add ${m}:${d}=${r}`),
  fc.tuple(fc.constantFrom('app', 'lib'), fc.constantFrom(...DEPS)).map(([m, d]) => `--remove ${m}:${d}`),
  fc
    .tuple(fc.constantFrom(...DEPS), fc.option(fc.constantFrom(...REQS), { nil: undefined }))
    .map(([d, r]) => `--unify-workspace ${d}${r ? `=${r}` : ''}`),
);

/** Every Cargo.toml of the workspace and its text, to see what a run wrote. */
function manifests(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(rel) === 'Cargo.toml') out.set(rel, readFileSync(path.join(dir, rel), 'utf8'));
  }
  return out;
}

test('written manifests read back as the edit model says', () => {
  const template = copyWorkspace(FORMS);
  const lib = path.join(template, 'crates/lib/Cargo.toml');
  writeFileSync(lib, readFileSync(lib, 'utf8').replace(/\n/g, '\r\n'));
  const original = manifests(template);
  // What the runs did: the property must not hold only because nothing was written.
  const runs = { wrote: 0, unchanged: 0, refusedBeforePlanning: 0, refusedAfterPlanning: 0 };
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (flags) => {
      const dir = copyWorkspace(template);
      const workspace = loadWorkspace(dir);
      const base = workspace.members.map((m) => m.summary);
      const edits = flags.map(parseEditText);
      let changes;
      try {
        changes = planManifestEdits({ workspace, baseMembers: base, versionsOf: () => [] }, edits);
      } catch (err) {
        if (!isUserError(err)) throw err;
        runs.refusedBeforePlanning++; // refused as bad input: nothing planned, nothing written
        expect(manifests(dir)).toEqual(original);
        return;
      }
      const expected = applyEdits(base, edits).members;
      try {
        commitWrites(
          changes.map((c) => ({ ...c, toml: true })),
          () =>
            summaryDifferences(
              expected,
              loadWorkspace(dir).members.map((m) => m.summary),
            ),
        );
      } catch (err) {
        // The only acceptable refusal after planning is cargo's own: a manifest cargo would reject.
        expect(
          isUserError(err) && !/do not read as the what-if/.test(err.message),
          `${flags.join(' ')}: ${(err as Error).message}`,
        ).toBe(true);
        runs.refusedAfterPlanning++;
        expect(manifests(dir), `${flags.join(' ')}: refused, yet a manifest changed`).toEqual(original);
        return;
      }
      const now = manifests(dir);
      if ([...now].some(([rel, text]) => original.get(rel) !== text)) runs.wrote++;
      else runs.unchanged++;
    }),
    { numRuns: 300 },
  );
  console.log(
    `manifest writes: ${runs.wrote} runs wrote and read back as the model says, ${runs.unchanged} planned no change, ` +
      `${runs.refusedBeforePlanning} refused as bad input, ${runs.refusedAfterPlanning} refused after planning`,
  );
  // Most random edit lists make sense; if few wrote, the property held by not being tried.
  expect(runs.wrote).toBeGreaterThanOrEqual(100);
});
