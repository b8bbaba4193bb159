import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

/**
 * docs/ carries the command-line contract and the seed report for readers of a public clone,
 * which has no ../shared; where ../shared is laid out (CI, development), the copies must match.
 */
const SHARED = join(ROOT, '..', 'shared');
const present = existsSync(join(SHARED, 'CONTRACT.md'));
if (!present) console.warn(`\n!!! ${SHARED} not found: skipping the check that docs/ matches ../shared !!!\n`);

describe.skipIf(!present)('docs/ copies of ../shared', () => {
  for (const [copy, original] of [
    ['docs/CONTRACT.md', 'CONTRACT.md'],
    ['docs/seed.md', 'seed.md'],
  ]) {
    it(`${copy} is ../shared/${original}, byte for byte`, () => {
      expect(readFileSync(join(ROOT, copy), 'utf8')).toBe(readFileSync(join(SHARED, original), 'utf8'));
    });
  }
});
