import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets its own cargo-whatif index cache, so no test reads or writes the user's
 * (~/.cache/cargo-whatif) and no test sees what another fetched. The CLIs tests spawn inherit it.
 * A test about the cache sets CARGO_WHATIF_CACHE_DIR itself.
 */
const dir = mkdtempSync(join(tmpdir(), 'whatif-cache-'));
process.env.CARGO_WHATIF_CACHE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
