import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../cli/run-cli.js';
import { noCargo, runCargoGenerateLockfile } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';

/**
 * Index lines cargo cannot use, against cargo itself: it drops a line that does not parse and
 * never offers a version whose entry is invalid, and resolves with the rest (cargo 1.95,
 * src/sources/registry/index/mod.rs, `Summaries::parse` and `IndexSummary::parse`); when that
 * leaves a requirement without candidates it says "version X's index entry is invalid". The same
 * registry is read by cargo through a loopback server and by cargo-whatif as a directory and
 * through the same server.
 */
const SEED = join(ROOT, 'fixtures', 'ai_os_diffusion');
const REGISTRY = join(ROOT, 'fixtures', 'registry');
const CK = 'a'.repeat(64);

let tmp: { path: string; remove(): Promise<void> };
beforeAll(async () => {
  ensureBuilt();
  tmp = await tempDir('whatif-unusable-');
});
afterAll(async () => tmp?.remove());

function whatif(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    CARGO_WHATIF_CACHE_DIR: join(tmp.path, 'cache'),
    CARGO_HOME: join(tmp.path, 'cargo-home'),
  };
  return new Promise((resolve) => {
    // Asynchronous: the index server the run reads lives in this process.
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env, encoding: 'utf8', timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr });
      },
    );
  });
}

describe.skipIf(noCargo('unusable index lines against cargo'))(
  'index lines cargo leaves out, compared with cargo',
  () => {
    it("a truncated line appended to pyo3's file: both resolve the seed's Option 1 to the same Cargo.lock, and we say which line we skipped", async () => {
      const registry = join(tmp.path, 'registry-truncated');
      await cp(REGISTRY, registry, { recursive: true });
      const file = join(registry, 'py', 'o3', 'pyo3');
      const text = await readFile(file, 'utf8');
      await writeFile(file, `${text}{"name":"pyo3","vers":"0.20.9","deps":[{"name":"py`);
      const line = text.split('\n').length;
      // `--bump arrow_quant_v2:pyo3=0.20` written into the manifest, for cargo.
      const ws = join(tmp.path, 'seed-option-1');
      await cp(SEED, ws, { recursive: true, filter: (src) => !src.startsWith(join(SEED, 'expected')) });
      const manifest = join(ws, 'arrow_quant_v2', 'Cargo.toml');
      await writeFile(
        manifest,
        (await readFile(manifest, 'utf8')).replace('pyo3 = { version = "0.22"', 'pyo3 = { version = "0.20"'),
      );

      const server = await startIndexServer({ dir: registry });
      try {
        const cargo = await runCargoGenerateLockfile(ws, server.url);
        expect(cargo.ok, cargo.stderr).toBe(true);
        const fromDir = await whatif(['lock', '--stdout', ws, '--registry', registry], ROOT);
        expect(fromDir.code, fromDir.stderr).toBe(0);
        expect(fromDir.stdout).toBe(cargo.lockfile);
        expect(fromDir.stderr).toContain(
          `warning: ${file}:${line}: skipping the index entry of \`pyo3\` 0.20.9, as cargo does: not valid JSON`,
        );
        // Online, the same lines go through the same checks, cited by URL.
        const online = await whatif(['lock', '--stdout', ws, '--registry', server.url], ROOT);
        expect(online.code, online.stderr).toBe(0);
        expect(online.stdout).toBe(cargo.lockfile);
        expect(online.stderr).toMatch(
          new RegExp(
            `warning: http://127\\.0\\.0\\.1:\\d+/py/o3/pyo3:${line}: skipping the index entry of \`pyo3\` 0\\.20\\.9`,
          ),
        );
      } finally {
        await server.close();
      }
    });

    it('a crate whose only line is invalid (an optional dependency named with an escape sequence): both fail, naming the version; we name the line and why', async () => {
      const registry = join(tmp.path, 'registry-invalid');
      await mkdir(join(registry, '3', 'f'), { recursive: true });
      await cp(join(REGISTRY, 'config.json'), join(registry, 'config.json'));
      const entry = {
        name: 'foo',
        vers: '1.0.0',
        deps: [
          {
            name: 'b\u001b[31mar',
            req: '^1',
            features: [],
            optional: true,
            default_features: true,
            target: null,
            kind: 'normal',
          },
        ],
        cksum: CK,
        features: {},
        yanked: false,
      };
      await writeFile(join(registry, '3', 'f', 'foo'), `${JSON.stringify(entry)}\n`);
      const ws = join(tmp.path, 'uses-foo');
      await mkdir(join(ws, 'src'), { recursive: true });
      await writeFile(join(ws, 'src', 'lib.rs'), '');
      await writeFile(
        join(ws, 'Cargo.toml'),
        '[package]\nname = "ws"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nfoo = "1"\n',
      );

      const server = await startIndexServer({ dir: registry });
      try {
        const cargo = await runCargoGenerateLockfile(ws, server.url);
        expect(cargo.ok).toBe(false);
        expect(cargo.stderr).toContain("version 1.0.0's index entry is invalid");
        const ours = await whatif(['resolve', ws, '--registry', registry], ROOT);
        expect(ours.code).toBe(2);
        const lines = ours.stderr.trimEnd().split('\n');
        expect(lines.filter((l) => l.startsWith('error:'))).toEqual([
          `error: ${join(ws, 'Cargo.toml')}:7: no version of \`foo\` in ${registry} can be used (required by ws): cargo leaves out every line of its index file`,
        ]);
        // The real reason, not "no crate named `foo`", with the escape made visible.
        expect(ours.stderr).not.toContain('no crate named');
        expect(lines).toContain(
          `note: ${join(registry, '3', 'f', 'foo')}:1: version 1.0.0's index entry is invalid: invalid character \`\\u{1b}\` in feature name: \`b\\u{1b}[31mar\``,
        );
        expect(ours.stderr).not.toContain('\u001b');
      } finally {
        await server.close();
      }
    });
  },
);
