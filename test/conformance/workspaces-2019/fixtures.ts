import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseToml } from 'smol-toml';

/**
 * Workspaces over the 2019 index, one TOML description each in fixtures/conformance/: the
 * manifests' text, what cargo does with them (`expect`), and whether `npm test` runs them
 * (`tier = "quick"`) or only `npm run conformance` (`"full"`), and `known_bug` when cargo-whatif
 * is known to disagree (the test is then skipped, and says why).
 */
export interface WorkspaceFixture {
  name: string;
  about: string;
  expect: 'resolves' | 'conflict';
  tier: 'quick' | 'full';
  /** A known disagreement with cargo, named; the test is skipped until it is fixed. */
  knownBug?: string;
  /** Relative path -> file text. Every manifest with a [package] gets an empty src/lib.rs. */
  files: Record<string, string>;
}

export const FIXTURE_DIR = new URL('../../../fixtures/conformance/', import.meta.url).pathname;

export function loadFixtures(): WorkspaceFixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.toml'))
    .sort()
    .map((f) => parseFixture(f.replace(/\.toml$/, ''), readFileSync(join(FIXTURE_DIR, f), 'utf8')));
}

export function fixture(name: string): WorkspaceFixture {
  const found = loadFixtures().find((f) => f.name === name);
  if (!found) throw new Error(`no fixture fixtures/conformance/${name}.toml`);
  return found;
}

function parseFixture(name: string, text: string): WorkspaceFixture {
  const doc = parseToml(text) as Record<string, unknown>;
  const where = `fixtures/conformance/${name}.toml`;
  // A typo in a key would silently change what the fixture tests; refuse anything unknown.
  for (const key of Object.keys(doc)) {
    if (!['about', 'expect', 'tier', 'known_bug', 'files'].includes(key))
      throw new Error(`${where}: unknown key \`${key}\``);
  }
  const { about, expect, tier, files, known_bug: knownBug } = doc;
  if (knownBug !== undefined && typeof knownBug !== 'string') throw new Error(`${where}: known_bug names the bug`);
  if (typeof about !== 'string') throw new Error(`${where}: \`about\` must say what the workspace is for`);
  if (expect !== 'resolves' && expect !== 'conflict') throw new Error(`${where}: expect = "resolves" | "conflict"`);
  if (tier !== 'quick' && tier !== 'full') throw new Error(`${where}: tier = "quick" | "full"`);
  if (typeof files !== 'object' || files === null || !('Cargo.toml' in files)) {
    throw new Error(`${where}: [files] must hold at least the root Cargo.toml`);
  }
  for (const [path, body] of Object.entries(files)) {
    if (typeof body !== 'string' || path.split('/').includes('..') || path.startsWith('/')) {
      throw new Error(`${where}: bad file entry \`${path}\``);
    }
  }
  return {
    name,
    about: about.trim(),
    expect,
    tier,
    ...(knownBug !== undefined && { knownBug }),
    files: files as Record<string, string>,
  };
}

/** Writes the workspace into `dir` (which may not exist yet). */
export async function materialize(f: WorkspaceFixture, dir: string): Promise<void> {
  for (const [path, body] of Object.entries(f.files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, body);
    // Cargo refuses a package without targets; the resolver never looks inside them.
    if (path.endsWith('Cargo.toml') && /^\[package\]/m.test(body)) {
      await mkdir(join(dirname(file), 'src'), { recursive: true });
      await writeFile(join(dirname(file), 'src', 'lib.rs'), '');
    }
  }
}
