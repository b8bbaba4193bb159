import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real crates.io index of 2019-11-10 from ../shared, extracted once per machine into the
 * temp directory (keyed by the archive's size and time, with a marker written last so a half
 * extraction is never used). Never committed. Undefined, with a loud warning, where absent.
 */
export const INDEX_2019_ARCHIVE = join(new URL('../../..', import.meta.url).pathname, 'shared', 'crates-index-2019-11-10.tar.gz');

export function index2019(what: string): string | undefined {
  if (!existsSync(INDEX_2019_ARCHIVE)) {
    console.warn(`SKIPPED ${what}: the 2019 crates.io index is not at ${INDEX_2019_ARCHIVE}`);
    return undefined;
  }
  const st = statSync(INDEX_2019_ARCHIVE);
  const dir = join(tmpdir(), `cargo-whatif-index-2019-${st.size}-${Math.floor(st.mtimeMs)}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  execFileSync('tar', ['xzf', INDEX_2019_ARCHIVE, '-C', partial]);
  writeFileSync(join(partial, '.complete'), '');
  try {
    renameSync(partial, dir);
  } catch {
    // Another test process finished first; its copy is as good.
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}
