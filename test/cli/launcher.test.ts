import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { V8_FLAGS } from '../../src/build/launch.js';
import { tempDir } from '../support/temp.js';
import { BIN, ensureBuilt, ROOT } from './run-cli.js';

/**
 * The launcher runs the bundle with the code cache the build made (src/build/launcher.ts). A cache
 * must only ever save time: it belongs to exactly one bundle, V8 takes it, and a damaged one costs
 * nothing but the compile it would have saved.
 */
const OUT = dirname(BIN);
let scratch: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  scratch = await tempDir('whatif-launcher-');
});
afterAll(() => scratch.remove());

function bundleFiles(dir: string): { app: string; cache: string } {
  const app = readdirSync(dir).filter((f) => /^app-[0-9a-f]{12}\.js$/.test(f));
  expect(app).toHaveLength(1);
  return { app: join(dir, app[0]!), cache: join(dir, app[0]!.replace(/\.js$/, '.cache')) };
}

describe('the launcher and its code cache', () => {
  it('name the bundle after its content, so no cache can meet a bundle it was not made from', () => {
    const { app } = bundleFiles(OUT);
    const hash = createHash('sha256')
      .update(readFileSync(app, 'utf8').replace(/\/\/# sourceMappingURL=.*\n$/, ''))
      .digest('hex');
    expect(app).toContain(`app-${hash.slice(0, 12)}.js`);
    expect(readFileSync(BIN, 'utf8')).toContain(JSON.stringify(app.slice(OUT.length + 1)));
  });

  it('give V8 a cache it accepts, made under the flags the launcher sets', () => {
    // The real launcher, with vm.Script watched by a preloaded module.
    const watch = join(scratch.path, 'watch-script.cjs');
    writeFileSync(
      watch,
      `const vm = require('node:vm'); const Script = vm.Script;
       vm.Script = function (...args) { const s = new Script(...args); process.on('exit', () => process.stderr.write('rejected=' + s.cachedDataRejected)); return s; };`,
    );
    const r = spawnSync(process.execPath, ['-r', watch, BIN, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('rejected=false');

    // The same script and cache under node's default flags: V8 refuses it, so the launcher's flags
    // are part of what the cache was made with.
    const { app, cache } = bundleFiles(OUT);
    const probe = `
      const { readFileSync } = require('node:fs');
      const { Script } = require('node:vm');
      const s = new Script('(function (exports, require, module, __filename, __dirname) {' + readFileSync(${JSON.stringify(app)}, 'utf8') + '\\n})', {
        filename: ${JSON.stringify(app)}, cachedData: readFileSync(${JSON.stringify(cache)}),
      });
      process.stdout.write(String(s.cachedDataRejected));`;
    const defaults = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(defaults.stderr).toBe('');
    expect(defaults.stdout).toBe('true');
    const withFlags = spawnSync(
      process.execPath,
      ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(V8_FLAGS)});${probe}`],
      { encoding: 'utf8' },
    );
    expect(withFlags.stdout).toBe('false');
  });

  it('run as before without a cache, or with a damaged one', () => {
    const dir = join(scratch.path, 'bundle');
    cpSync(OUT, dir, { recursive: true });
    // The bundle finds package.json (its version) and node_modules (ink, logic-solver) upwards.
    symlinkSync(join(ROOT, 'package.json'), join(scratch.path, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(scratch.path, 'node_modules'));
    const { cache } = bundleFiles(dir);
    const seed = [
      'explain',
      join(ROOT, 'fixtures', 'ai_os_diffusion'),
      '--registry',
      join(ROOT, 'fixtures', 'registry'),
      '--offline',
      '--json',
    ];
    const expected = spawnSync(process.execPath, [BIN, ...seed], { encoding: 'utf8' });
    expect(expected.status).toBe(1);
    for (const damage of [
      (f: string) => writeFileSync(f, readFileSync(f).subarray(0, 1000)),
      (f: string) => writeFileSync(f, Buffer.alloc(4096, 7)),
      (f: string) => rmSync(f),
    ]) {
      damage(cache);
      const r = spawnSync(process.execPath, [join(dir, 'cargo-whatif.js'), ...seed], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(expected.stdout);
    }
  });

  it("load `tui`, an ES module bundle of its own, whose errors are reported as the main bundle's are", () => {
    // No terminal here: tui.mjs is imported, runs its check, and throws its own copy of UserError.
    const r = spawnSync(
      process.execPath,
      [BIN, 'tui', join(ROOT, 'fixtures', 'ai_os_diffusion'), '--registry', join(ROOT, 'fixtures', 'registry')],
      {
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    expect(r.stderr).toMatch(/^error: `tui` needs an interactive terminal, and stdin is not one/);
    expect(r.status).toBe(2);
  });
});
