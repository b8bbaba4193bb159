import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { BIN, ensureBuilt } from '../cli/run-cli.js';
import { runCli } from '../commands/helpers.js';
import { readTree, seedCopy, type Tree } from './tree.js';

/**
 * `lock --write` interrupted at each step leaves every file either as it was or as intended,
 * never half-written (issue 15). The write is the seed's Option 2, which changes three files:
 * both members' Cargo.toml and a new Cargo.lock. It is interrupted
 * - by a write that fails (a full disk: half the bytes land, then ENOSPC) and by a rename that
 *   fails (a read-only file system: EROFS), at each file in turn, in this process: the command
 *   exits 2 with one error line, and every file is as it was, with no temporary file left;
 * - by a real read-only directory, where the user is not root (root writes anyway);
 * - by SIGKILL of the process, before each file's temporary copy is written and before each
 *   rename: each file is as it was or as intended; the only other file a kill can leave is the
 *   temporary copy, whole, beside its file.
 */
const WRITE = [
  '--upgrade',
  'pyo3=0.22',
  '--remove',
  'arrow_quant_v2:pyo3-asyncio',
  '--bump',
  'arrow_storage:numpy=0.22',
];
const TEMP = /(^|\/)\.[^/]+\.[0-9a-f]{12}\.tmp$/;

type Fault = { kind: 'write' | 'rename'; at: number; code: 'ENOSPC' | 'EROFS' } | undefined;
let fault: Fault;
let calls = { write: 0, rename: 0 };

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const fail = (code: string) => Object.assign(new Error(`${code}: simulated by the test`), { code });
  const writeFileSync: typeof real.writeFileSync = (file, data, options) => {
    if (fault?.kind === 'write' && typeof file === 'string' && TEMP.test(file) && ++calls.write === fault.at) {
      // A full disk: part of the text lands, then the write fails.
      real.writeFileSync(file, String(data).slice(0, String(data).length >> 1), options);
      throw fail(fault.code);
    }
    return real.writeFileSync(file, data, options);
  };
  const renameSync: typeof real.renameSync = (from, to) => {
    if (fault?.kind === 'rename' && ++calls.rename === fault.at) throw fail(fault.code);
    return real.renameSync(from, to);
  };
  return { ...real, default: { ...real, writeFileSync, renameSync }, writeFileSync, renameSync };
});

let intended: Record<string, string>;
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function copy() {
  const c = seedCopy('whatif-interrupt-');
  cleanups.push(c.cleanup);
  return c;
}

/** Each workspace file's text, by path relative to the workspace. */
function texts(ws: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(ws, { recursive: true }) as string[]) {
    if (fs.statSync(join(ws, name)).isFile()) out[name] = fs.readFileSync(join(ws, name), 'utf8');
  }
  return out;
}

beforeAll(async () => {
  const c = copy();
  const r = await runCli(['lock', c.ws, '--registry', c.registry, '--write', ...WRITE]);
  expect(r.code, r.stderr).toBe(0);
  intended = texts(c.ws);
  const before = texts(copy().ws);
  const changed = Object.keys(intended).filter((f) => intended[f] !== before[f]);
  expect(changed.sort()).toEqual([
    'Cargo.lock',
    join('arrow_quant_v2', 'Cargo.toml'),
    join('arrow_storage', 'Cargo.toml'),
  ]);
});

describe('a write or a rename that fails, at each file in turn', () => {
  for (const kind of ['write', 'rename'] as const) {
    for (const at of [1, 2, 3]) {
      const code = kind === 'write' ? 'ENOSPC' : 'EROFS';
      test(`${code} at file ${at}: exit 2, one error line, every file as it was`, async () => {
        const c = copy();
        const before: Tree = readTree(c.root, false);
        fault = { kind, at, code };
        calls = { write: 0, rename: 0 };
        let r;
        try {
          r = await runCli(['lock', c.ws, '--registry', c.registry, '--write', ...WRITE]);
        } finally {
          fault = undefined;
        }
        expect(r.code, r.stderr).toBe(2);
        expect(
          r.stderr.split('\n').filter((l) => l.startsWith('error:')),
          r.stderr,
        ).toHaveLength(1);
        expect(r.stderr).toContain(code);
        expect(r.stderr).not.toContain('internal error');
        expect(readTree(c.root, false)).toEqual(before);
      });
    }
  }
});

test('plain `lock` on a full disk: exit 2 naming Cargo.lock, and no Cargo.lock', async () => {
  const c = copy();
  expect((await runCli(['lock', c.ws, '--registry', c.registry, '--write', ...WRITE])).code).toBe(0);
  fs.rmSync(join(c.ws, 'Cargo.lock'));
  const before = readTree(c.root, false);
  fault = { kind: 'write', at: 1, code: 'ENOSPC' };
  calls = { write: 0, rename: 0 };
  let r;
  try {
    r = await runCli(['lock', c.ws, '--registry', c.registry]);
  } finally {
    fault = undefined;
  }
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: \S*Cargo\.lock: failed to write: ENOSPC/m);
  expect(readTree(c.root, false)).toEqual(before);
});

test('a read-only directory: exit 2, every file as it was', (ctx) => {
  if (process.getuid?.() === 0) {
    console.warn(
      'SKIPPED: a real read-only directory (running as root, which writes into one anyway; the EROFS cases above simulate it)',
    );
    ctx.skip();
  }
  const c = copy();
  const dir = join(c.ws, 'arrow_storage');
  const before = readTree(c.root, false);
  fs.chmodSync(dir, 0o555);
  try {
    ensureBuilt();
    const r = spawnSync(process.execPath, [BIN, 'lock', c.ws, '--registry', c.registry, '--write', ...WRITE], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(2);
  } finally {
    fs.chmodSync(dir, 0o755);
  }
  expect(readTree(c.root, false)).toEqual(before);
});

describe('the process killed', () => {
  let preload = '';
  beforeAll(() => {
    ensureBuilt();
    const c = copy();
    preload = join(c.root, 'kill-at.mjs');
    // Kills the process (SIGKILL: nothing runs after it) at the Nth temporary-file write or
    // rename that --write makes; the bundle imports node:fs's functions after this has run.
    fs.writeFileSync(
      preload,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const [kind, at] = process.env.KILL_AT.split(':');
let n = 0;
const wrap = (name, pick) => {
  const real = fs[name];
  fs[name] = function (...args) {
    if (name === kind && pick(args) && ++n === Number(at)) process.kill(process.pid, 'SIGKILL');
    return real.apply(this, args);
  };
};
wrap('writeFileSync', (args) => typeof args[0] === 'string' && /\\.tmp$/.test(args[0]));
wrap('renameSync', () => true);
syncBuiltinESMExports();
`,
    );
  });

  for (const kind of ['writeFileSync', 'renameSync']) {
    for (const at of [1, 2, 3]) {
      test(`before ${kind === 'writeFileSync' ? 'writing the temporary copy of' : 'renaming'} file ${at}: each file as it was or as intended`, () => {
        const c = copy();
        const before = texts(c.ws);
        const r = spawnSync(
          process.execPath,
          ['--import', preload, BIN, 'lock', c.ws, '--registry', c.registry, '--write', ...WRITE],
          {
            encoding: 'utf8',
            env: { ...process.env, KILL_AT: `${kind}:${at}` },
          },
        );
        expect(r.signal, r.stderr).toBe('SIGKILL');
        const after = texts(c.ws);
        let changed = 0;
        for (const [file, text] of Object.entries(after)) {
          if (TEMP.test(file)) {
            // A kill between writing the copy and renaming it leaves the copy, whole.
            const target = file.replace(/(^|\/)\.([^/]+)\.[0-9a-f]{12}\.tmp$/, '$1$2');
            expect(text, file).toBe(intended[target]);
            continue;
          }
          expect([before[file], intended[file]], file).toContain(text);
          if (text !== before[file]) changed++;
        }
        for (const file of Object.keys(before)) expect(Object.keys(after), `${file} is still there`).toContain(file);
        // The files are written in order: those before the kill are as intended.
        expect(changed).toBe(at - 1);
      });
    }
  }
});
