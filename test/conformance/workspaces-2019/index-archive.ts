import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The complete crates.io index of 2019-11-10, extracted once per archive and shared by every test
 * file and by the bench: extraction costs ~20 s and ~275 MB, far too much to repeat per file.
 * The cache is keyed by the archive's size and mtime, so a replaced archive is extracted afresh.
 */
// ../shared beside the checkout, as on these machines and in CI.
export const ARCHIVE =
  process.env.CARGO_WHATIF_INDEX_2019 ??
  new URL('../../../../shared/crates-index-2019-11-10.tar.gz', import.meta.url).pathname;

export function archivePresent(): boolean {
  return existsSync(ARCHIVE);
}

/** Says loudly that a test was skipped, so an absent archive is not mistaken for a pass. */
export function warnNoArchive(what: string): void {
  console.warn(`SKIPPED ${what}: the 2019 crates.io index archive ${ARCHIVE} is absent`);
}

const COMPLETE = '.cargo-whatif-complete';
const STALE_LOCK_MS = 10 * 60_000;

/** The directory holding the extracted index (its `config.json` at the top). */
export async function extractedIndex(): Promise<string> {
  const st = statSync(ARCHIVE);
  const dir = join(tmpdir(), `cargo-whatif-index-2019-${st.size}-${Math.floor(st.mtimeMs)}`);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(join(dir, COMPLETE))) return indexRoot(dir);
    if (await tryLock(lock)) break;
    // Another test file (vitest runs files in parallel workers) is extracting: wait for it.
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    if (existsSync(join(dir, COMPLETE))) return indexRoot(dir);
    const partial = `${dir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await promisify(execFile)('tar', ['-xzf', ARCHIVE, '-C', partial], { maxBuffer: 64 << 20 });
    await writeFile(join(partial, COMPLETE), `${ARCHIVE}\n`);
    await rm(dir, { recursive: true, force: true });
    // A rename publishes the whole tree at once: nobody sees a half-extracted index.
    await rename(partial, dir);
    return indexRoot(dir);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
    await writeFile(join(lock, 'pid'), String(process.pid));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A holder that died mid-extraction (killed test run) must not block every later run.
  const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => 'NaN'));
  const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
  if ((Number.isInteger(pid) && !alive(pid)) || age > STALE_LOCK_MS) {
    await rm(lock, { recursive: true, force: true });
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function indexRoot(dir: string): Promise<string> {
  // The archive holds the index either at its top level or in one directory.
  const top = (await readdir(dir)).filter((n) => n !== COMPLETE);
  return top.includes('config.json') || top.length !== 1 ? dir : join(dir, top[0]!);
}
