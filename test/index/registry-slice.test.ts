import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.js';

/**
 * fixtures/registry is a slice of the real crates.io index (see its PROVENANCE.md):
 * check-slice.mjs must find it closed and well-formed, must catch a slice that is not, and must
 * never write a line.
 */
const REGISTRY = fileURLToPath(new URL('../../fixtures/registry/', import.meta.url));
const SCRIPT = join(REGISTRY, 'check-slice.mjs');

async function check(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, dir]);
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, out: err.stdout ?? '' };
  }
}

async function digest(dir: string): Promise<string> {
  const h = createHash('sha256');
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  for (const f of files.map((e) => join(e.parentPath, e.name)).sort()) h.update(f).update(await readFile(f));
  return h.digest('hex');
}

let scratch: { path: string; remove(): Promise<void> } | undefined;
afterEach(() => scratch?.remove());

async function copyOfRegistry(): Promise<string> {
  scratch = await tempDir('whatif-slice-');
  const dir = join(scratch.path, 'registry');
  await cp(REGISTRY, dir, { recursive: true });
  return dir;
}

describe('fixtures/registry', () => {
  it('is closed and well-formed, and the check writes nothing', async () => {
    const before = await digest(REGISTRY);
    const r = await check(REGISTRY);
    expect(r.out).toMatch(/^closed and well-formed: 62 crates, 216 lines, \d+ requirements that can activate$/m);
    expect(r.code).toBe(0);
    expect(await digest(REGISTRY)).toBe(before);
  });

  it('keeps the pyo3 family whole from 0.19, yanked releases included', async () => {
    const vers = (await readFile(join(REGISTRY, 'py/o3/pyo3'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { vers: string; yanked: boolean });
    expect(vers.map((v) => v.vers)).toEqual([
      '0.19.0',
      '0.19.1',
      '0.19.2',
      '0.20.0',
      '0.20.1',
      '0.20.2',
      '0.20.3',
      '0.21.0-beta.0',
      '0.21.0',
      '0.21.1',
      '0.21.2',
      '0.22.0',
      '0.22.1',
      '0.22.2',
      '0.22.3',
      '0.22.4',
      '0.22.5',
      '0.22.6',
      '0.23.0',
      '0.23.1',
      '0.23.2',
      '0.23.3',
      '0.23.4',
      '0.23.5',
      '0.24.0',
      '0.24.1',
      '0.24.2',
      '0.25.0',
    ]);
    expect(vers.filter((v) => v.yanked).map((v) => v.vers)).toEqual([
      '0.22.0',
      '0.22.1',
      '0.22.2',
      '0.22.3',
      '0.23.0',
      '0.23.1',
      '0.23.2',
    ]);
  });

  it('reports a requirement left without candidates', async () => {
    const dir = await copyOfRegistry();
    await rm(join(dir, 'un/ic/unicode-ident'));
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^unicode-ident \^1(\.0)? \(asked by .*\) has no candidate in the slice$/m);
  });

  it('reports a line not written as crates.io writes it, and a line out of place', async () => {
    const dir = await copyOfRegistry();
    const file = join(dir, 'cf/g-/cfg-if');
    const line = (await readFile(file, 'utf8')).trimEnd();
    await writeFile(file, `${JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, '')}\n`);
    await writeFile(join(dir, 'cf/g-/cfg-iff'), `${line}\n`);
    const r = await check(dir);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^cf\/g-\/cfg-if:1: not written as crates\.io writes it/m);
    expect(r.out).toMatch(/^cf\/g-\/cfg-iff:1: cfg-if belongs at cf\/g-\/cfg-if$/m);
  });
});
