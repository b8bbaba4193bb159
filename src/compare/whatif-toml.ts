import type { TomlValue } from 'smol-toml';
import type { Edit } from '../edits/edit.js';
import { parseEditTexts } from '../edits/parse-edit.js';
import { isUserError } from '../errors.js';
import type { KeyPath } from '../manifest/toml-document.js';
import { TomlDocument } from '../manifest/toml-document.js';
import type { CheckSpec, Expectations } from './checks.js';
import { hasExpectations, parseForbid } from './checks.js';

/**
 * whatif.toml, in the workspace root: the what-if checks a CI job runs with a bare
 * `cargo-whatif check` (or one of them with `--check NAME`).
 *
 *     [[check]]
 *     name = "pyo3 0.22 everywhere"          # required, unique
 *     description = "seed.md, Option 1"      # optional, for people
 *     edits = ["--upgrade pyo3=0.22"]        # optional: what-if flags as on the command line,
 *                                            # applied in order (`--flag VALUE` or `--flag=VALUE`)
 *     expect = "conflict"                    # "resolvable" or "conflict"
 *     unify = ["pyo3"]                       # exactly one version of each in the graph
 *     forbid = ["pyo3-asyncio", "numpy@<0.21"]   # none of these (matching REQ) in the graph
 *     max-duplicates = 1                     # at most this many crates with several versions
 *
 * Every check needs at least one expectation. Unknown keys are errors rather than ignored: a
 * misspelt `expcet` must not turn a CI check into one that always passes.
 */
export const WHATIF_TOML = 'whatif.toml';

const CHECK_KEYS = new Set(['name', 'description', 'edits', 'expect', 'unify', 'forbid', 'max-duplicates']);

export function readWhatifToml(file: string): CheckSpec[] {
  return parseWhatifToml(TomlDocument.read(file));
}

export function parseWhatifToml(doc: TomlDocument): CheckSpec[] {
  for (const key of Object.keys(doc.root)) {
    if (key !== 'check') throw doc.error(`unknown key \`${key}\` (whatif.toml holds \`[[check]]\` tables)`, [key]);
  }
  const checks = doc.root['check'];
  if (checks === undefined) throw doc.error('no checks: add a `[[check]]` table', []);
  if (!Array.isArray(checks)) throw doc.error('`check` must be an array of tables: write `[[check]]`', ['check']);
  const names = new Set<string>();
  return checks.map((raw, i) => {
    const path: KeyPath = ['check', i];
    if (!isTable(raw)) throw doc.error('each `check` must be a table', path);
    for (const key of Object.keys(raw)) {
      if (!CHECK_KEYS.has(key))
        throw doc.error(`unknown key \`${key}\` in a check (known: ${[...CHECK_KEYS].join(', ')})`, [...path, key]);
    }
    const name = raw['name'];
    if (typeof name !== 'string' || name.trim() === '') throw doc.error('a check needs a `name`', [...path, 'name']);
    if (names.has(name)) throw doc.error(`two checks are named \`${name}\``, [...path, 'name']);
    names.add(name);
    if (raw['description'] !== undefined && typeof raw['description'] !== 'string') {
      throw doc.error('`description` must be a string', [...path, 'description']);
    }
    const edits = stringList(doc, raw, path, 'edits').flatMap(({ text, at }): Edit[] => {
      try {
        return parseEditTexts(text);
      } catch (err) {
        if (isUserError(err)) throw doc.error(err.message, at);
        throw err;
      }
    });
    const expectations: Expectations = {
      expect: expectValue(doc, raw, path),
      unify: stringList(doc, raw, path, 'unify').map((x) => x.text),
      forbid: stringList(doc, raw, path, 'forbid').map(({ text, at }) => {
        try {
          parseForbid(text);
        } catch (err) {
          if (isUserError(err)) throw doc.error(err.message, at);
          throw err;
        }
        return text;
      }),
      maxDuplicates: maxDuplicatesValue(doc, raw, path),
    };
    if (!hasExpectations(expectations)) {
      throw doc.error(
        `check \`${name}\` expects nothing: give \`expect\`, \`unify\`, \`forbid\` or \`max-duplicates\``,
        path,
      );
    }
    return {
      name,
      edits,
      expectations,
      location: { file: doc.file, line: doc.lineOf(raw['edits'] === undefined ? path : [...path, 'edits']) },
    };
  });
}

function isTable(v: unknown): v is Record<string, TomlValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** A list of strings (a lone string counts as a list of one), each with its key path for errors. */
function stringList(
  doc: TomlDocument,
  t: Record<string, TomlValue>,
  path: KeyPath,
  key: string,
): { text: string; at: KeyPath }[] {
  const v = t[key];
  if (v === undefined) return [];
  if (typeof v === 'string') return [{ text: v, at: [...path, key] }];
  if (!Array.isArray(v)) throw doc.error(`\`${key}\` must be a list of strings`, [...path, key]);
  return v.map((x, j) => {
    if (typeof x !== 'string') throw doc.error(`\`${key}\` must be a list of strings`, [...path, key, j]);
    return { text: x, at: [...path, key, j] };
  });
}

function expectValue(doc: TomlDocument, t: Record<string, TomlValue>, path: KeyPath): Expectations['expect'] {
  const v = t['expect'];
  if (v === undefined) return undefined;
  if (v !== 'resolvable' && v !== 'conflict')
    throw doc.error('`expect` is "resolvable" or "conflict"', [...path, 'expect']);
  return v;
}

function maxDuplicatesValue(doc: TomlDocument, t: Record<string, TomlValue>, path: KeyPath): number | undefined {
  const v = t['max-duplicates'];
  if (v === undefined) return undefined;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw doc.error('`max-duplicates` is a whole number', [...path, 'max-duplicates']);
  return n;
}
