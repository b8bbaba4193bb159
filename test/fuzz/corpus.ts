import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHIVE, archivePresent } from '../conformance/workspaces-2019/index-archive.js';

/**
 * Real files to mutate: the fixtures, cargo's benchmark workspaces (../shared) and a sample of
 * the 2019 crates.io index (../shared), each read once per test file. What is absent is said
 * loudly, and the fuzzers run on what is there.
 */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared');
const BENCH = join(SHARED, 'cargo-bench-workspaces');

function filesNamed(dir: string, pick: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && pick(e.name)) out.push(join(e.parentPath, e.name));
  }
  return out.sort();
}

let bench: { dir: string; files: string[] } | null | undefined;

/** Cargo.toml and Cargo.lock files of cargo's benchmark workspaces, unpacked once; none when absent. */
function benchFiles(): string[] {
  if (bench === undefined) {
    const archives = existsSync(BENCH) ? readdirSync(BENCH).filter((n) => n.endsWith('.tgz')) : [];
    if (archives.length === 0) {
      console.warn(
        `SKIPPED in the fuzzers' corpus: cargo's benchmark workspaces (${relative(ROOT, BENCH)}/*.tgz are absent)`,
      );
      bench = null;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'whatif-fuzz-bench-'));
      for (const a of archives) spawnSync('tar', ['-xzf', join(BENCH, a), '-C', dir]);
      bench = { dir, files: filesNamed(dir, (n) => n === 'Cargo.toml' || n === 'Cargo.lock') };
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
  }
  return bench?.files ?? [];
}

const read = (files: string[]) => files.map((f) => readFileSync(f, 'utf8'));

export function manifests(): string[] {
  return read([
    ...filesNamed(join(ROOT, 'fixtures'), (n) => n === 'Cargo.toml'),
    ...benchFiles().filter((f) => f.endsWith('Cargo.toml')),
  ]);
}

export function lockfiles(): string[] {
  return read([
    ...filesNamed(join(ROOT, 'fixtures'), (n) => n === 'Cargo.lock'),
    ...benchFiles().filter((f) => f.endsWith('Cargo.lock')),
  ]);
}

export function whatifTomls(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  // The README's example, which test/answers checks on the seed, and the fixtures'.
  const example = /```toml\n(\[\[check\]\][\s\S]*?)```/.exec(readme)?.[1];
  return [...read(filesNamed(join(ROOT, 'fixtures'), (n) => n === 'whatif.toml')), ...(example ? [example] : [])];
}

/** Lines of the fixture registry, and of every 400th file of the 2019 index when it is extracted. */
export function indexLines(index2019?: string): string[] {
  const registry = join(ROOT, 'fixtures', 'registry');
  const files = filesNamed(registry, (n) => !n.includes('.') && n !== 'config.json');
  if (index2019) {
    const all = filesNamed(index2019, (n) => !n.startsWith('.') && n !== 'config.json');
    files.push(...all.filter((_, i) => i % 400 === 0));
  }
  return read(files).flatMap((t) => t.split('\n').filter((l) => l.trim() !== ''));
}

export { ARCHIVE as INDEX_2019_ARCHIVE, archivePresent as index2019Present };
