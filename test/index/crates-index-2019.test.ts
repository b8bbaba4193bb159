import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { closure } from '../../src/index/closure.js';
import { directoryIndex } from '../../src/index/directory-source.js';
import { parseIndexFile } from '../../src/index/entry.js';
import { sparseIndex } from '../../src/index/sparse-source.js';
import type { IndexSource } from '../../src/index/source.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';

/**
 * The real crates.io index as of 2019-11-10 (31,840 crates): every line of a sample must be read
 * without error, and we time loading the closures of some well-known crates. Extracted to a temp
 * dir per run; it is far too big to commit.
 */
// ../shared beside the checkout, as on these machines and in CI.
const ARCHIVE = new URL('../../../shared/crates-index-2019-11-10.tar.gz', import.meta.url).pathname;
const present = existsSync(ARCHIVE);
if (!present) console.warn(`SKIPPED test/index/crates-index-2019.test.ts: ${ARCHIVE} is absent`);

let scratch: { path: string; remove(): Promise<void> } | undefined;
let root = '';

beforeAll(async () => {
  if (!present) return;
  scratch = await tempDir('whatif-crates-index-');
  await promisify(execFile)('tar', ['-xzf', ARCHIVE, '-C', scratch.path]);
  // The archive holds the index either at its top level or in one directory.
  const top = await readdir(scratch.path);
  root = top.includes('config.json') || top.length !== 1 ? scratch.path : join(scratch.path, top[0]!);
}, 120_000);
afterAll(() => scratch?.remove());

async function indexFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.startsWith('.') || e.name === 'config.json') continue;
    const path = join(e.parentPath, e.name);
    if (!relative(dir, path).split('/').some((p) => p.startsWith('.'))) out.push(path);
  }
  return out.sort();
}

describe.skipIf(!present)('the 2019 crates.io index', () => {
  it('reads every line of a sample of files; what is skipped is rare and explained', async () => {
    const all = await indexFilesUnder(root);
    expect(all.length).toBeGreaterThan(31_000);
    const sample = all.filter((_, i) => i % 8 === 0);
    let lines = 0;
    let summaries = 0;
    const reasons = new Map<string, string[]>();
    const started = performance.now();
    for (const file of sample) {
      const text = await readFile(file, 'utf8');
      const parsed = parseIndexFile(text, { source: cratesIo, file: relative(root, file) });
      const nonBlank = text.split('\n').filter((l) => l.trim() !== '').length;
      expect(parsed.summaries.length + parsed.skipped.length).toBe(nonBlank);
      lines += nonBlank;
      summaries += parsed.summaries.length;
      for (const s of parsed.skipped) {
        const kind = s.reason.replace(/`[^`]*`/g, '…').replace(/line \d+/, 'line N').replace(/"[^"]*"/g, '…');
        reasons.set(kind, [...(reasons.get(kind) ?? []), `${s.name}@${s.version} (${relative(root, file)}:${s.line})`]);
      }
    }
    const ms = performance.now() - started;
    const skipped = lines - summaries;
    console.log(
      [
        `2019 index sample: ${sample.length} of ${all.length} files, ${lines} lines, ${summaries} read, ${skipped} skipped, ${ms.toFixed(0)} ms`,
        ...[...reasons].map(([why, where]) => `  ${where.length} × ${why}: ${where.slice(0, 3).join(', ')}${where.length > 3 ? ', …' : ''}`),
      ].join('\n'),
    );
    expect(sample.length).toBeGreaterThan(3000);
    // Cargo skips a handful of historical oddities; more would mean we misread the format.
    expect(skipped).toBeLessThan(lines / 1000);
  });

  it('loads the closures of well-known crates (times printed, not asserted)', async () => {
    const roots = ['serde', 'tokio', 'hyper', 'diesel', 'rusqlite', 'ring', 'rustls'];
    const measure = async (label: string, open: () => IndexSource, names: string[]) => {
      const started = performance.now();
      const snapshot = await closure(open(), names);
      const ms = performance.now() - started;
      const versions = [...snapshot.values()].reduce((n, l) => n + l.length, 0);
      expect(snapshot.get(names[0]!)!.length).toBeGreaterThan(0);
      return `  ${label.padEnd(36)} ${String(snapshot.size).padStart(5)} crates ${String(versions).padStart(6)} versions ${ms.toFixed(0).padStart(6)} ms`;
    };
    const report: string[] = ['closure load times (2019 index):'];
    for (const name of roots) report.push(await measure(`${name} (directory)`, () => directoryIndex(root, cratesIo), [name]));
    report.push(await measure('all seven (directory)', () => directoryIndex(root, cratesIo), roots));
    const server = await startIndexServer({ dir: root });
    try {
      report.push(await measure('all seven (loopback sparse HTTP)', () => sparseIndex(server.url, cratesIo), roots));
      report.push(`  (${server.requests.length} HTTP requests)`);
    } finally {
      await server.close();
    }
    console.log(report.join('\n'));
  });
});
