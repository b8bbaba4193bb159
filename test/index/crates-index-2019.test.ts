import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cratesIo } from '../../src/cargo/source-id.js';
import { parseIndexFile } from '../../src/index/index-file.js';
import { ARCHIVE, archivePresent, extractedIndex } from '../conformance/workspaces-2019/index-archive.js';

/**
 * The real crates.io index as of 2019-11-10 (31,840 crates): every line of a sample must be read
 * without error. Extracted once, shared with the conformance tests; it is far too big to commit.
 */
const present = archivePresent();
if (!present) console.warn(`SKIPPED test/index/crates-index-2019.test.ts: ${ARCHIVE} is absent`);

let root = '';

beforeAll(async () => {
  if (present) root = await extractedIndex();
}, 300_000);

async function indexFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || e.name.startsWith('.') || e.name === 'config.json') continue;
    const path = join(e.parentPath, e.name);
    if (
      !relative(dir, path)
        .split('/')
        .some((p) => p.startsWith('.'))
    )
      out.push(path);
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
        const kind = s.reason
          .replace(/`[^`]*`/g, '…')
          .replace(/line \d+/, 'line N')
          .replace(/"[^"]*"/g, '…');
        reasons.set(kind, [...(reasons.get(kind) ?? []), `${s.name}@${s.version} (${relative(root, file)}:${s.line})`]);
      }
    }
    const ms = performance.now() - started;
    const skipped = lines - summaries;
    console.log(
      [
        `2019 index sample: ${sample.length} of ${all.length} files, ${lines} lines, ${summaries} read, ${skipped} skipped, ${ms.toFixed(0)} ms`,
        ...[...reasons].map(
          ([why, where]) =>
            `  ${where.length} × ${why}: ${where.slice(0, 3).join(', ')}${where.length > 3 ? ', …' : ''}`,
        ),
      ].join('\n'),
    );
    expect(sample.length).toBeGreaterThan(3000);
    // Cargo skips a handful of historical oddities; more would mean we misread the format.
    expect(skipped).toBeLessThan(lines / 1000);
  });
});
