import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cli, ROOT } from '../cli/run-cli.js';

/** The README's whatif.toml example holds on the bundled seed, as the README says it does. */
const scratch = mkdtempSync(join(tmpdir(), 'whatif-readme-toml-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("the README's whatif.toml example passes on the seed, several flags in one string included", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('`whatif.toml` in the workspace root');
  const block = /```toml\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
  expect(block).toContain('[[check]]');
  const dir = join(scratch, 'seed');
  cpSync(join(ROOT, 'fixtures', 'ai_os_diffusion'), dir, { recursive: true });
  writeFileSync(join(dir, 'whatif.toml'), block);
  const r = cli(['check', dir, '--registry', join(ROOT, 'fixtures', 'registry')]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toContain('check result: ok. 1 passed; 0 failed');
  expect(r.code).toBe(0);
});
