import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { pkg, queryerFor } from '../resolve/helpers.js';
import { PASSES_CARGO, PASSES_CARGO_OFFLINE, PASSES_MEMBER, PASSES_REGISTRY } from '../resolve/passes-scenario.js';
import { noCargo, runCargoGenerateLockfile } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles } from '../support/write-index.js';
import { runWhatif } from './workspaces-2019/whatif.js';

/** The scenario's member as a real package, for cargo. */
async function writeMember(ws: string): Promise<string> {
  await mkdir(join(ws, 'src'), { recursive: true });
  const deps = PASSES_MEMBER.deps!.map(
    ([n, req, o]) => `${n} = { version = "${req}"${o?.defaultFeatures === false ? ', default-features = false' : ''} }`,
  );
  await writeFile(
    join(ws, 'Cargo.toml'),
    `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps.join('\n')}\n`,
  );
  await writeFile(join(ws, 'src/lib.rs'), '');
  return ws;
}

describe.skipIf(noCargo("test/conformance/passes.test.ts (Cargo's passes over a sparse index)"))(
  "Cargo's passes over a sparse index",
  () => {
    it('real cargo gives the answer of its last pass, not of one pass over the whole index', async () => {
      const server = await startIndexServer({
        files: indexFiles(Object.entries(PASSES_REGISTRY).map(([id, s]) => pkg(id, s))),
      });
      const tmp = await tempDir();
      try {
        const ws = await writeMember(join(tmp.path, 'ws'));
        const cargo = await runCargoGenerateLockfile(ws, server.url);
        expect(cargo.ok, cargo.stderr).toBe(true);
        const doc = parseToml(cargo.lockfile!) as { package: { name: string; version: string }[] };
        const cargoSet = doc.package.map((p) => `${p.name}@${p.version}`).sort();
        expect(cargoSet).toEqual(PASSES_CARGO);

        const m = loadWorkspace(ws).members[0]!.summary;
        const q = queryerFor(PASSES_REGISTRY, [m]);
        const ours = resolveGraph([m], q);
        if (ours.kind !== 'resolved') throw new Error(ours.kind);
        expect(ours.graph.sorted().map((s) => `${s.name}@${s.version}`)).toEqual(cargoSet);
        // One depth-first pass (the SAT-guided replay) answers differently: the passes matter.
        const onePass = resolveGraph([m], q, { searchBudget: 0 });
        if (onePass.kind !== 'resolved') throw new Error(onePass.kind);
        expect(onePass.graph.sorted().map((s) => `${s.name}@${s.version}`)).toContain('r@1.0.1');
      } finally {
        await tmp.remove();
        await server.close();
      }
    }, 60_000);

    it('offline, real cargo searches once, and so does `--offline`', async () => {
      const files = indexFiles(Object.entries(PASSES_REGISTRY).map(([id, s]) => pkg(id, s)));
      const server = await startIndexServer({ files });
      const tmp = await tempDir();
      const savedHome = process.env.CARGO_HOME;
      try {
        const ws = await writeMember(join(tmp.path, 'ws'));
        const index = join(tmp.path, 'index');
        for (const [path, text] of files) {
          await mkdir(join(index, path, '..'), { recursive: true });
          await writeFile(join(index, path), text);
        }
        const packageSet = (lock: string) =>
          (parseToml(lock) as { package: { name: string; version: string }[] }).package
            .map((p) => `${p.name}@${p.version}`)
            .sort();
        // Online first, which fills the cache; then offline from that cache, as a user would.
        const cargoHome = join(tmp.path, 'cargo-home');
        const online = await runCargoGenerateLockfile(ws, server.url, { cargoHome });
        expect(online.ok, online.stderr).toBe(true);
        const cargoAsked = server.requests.filter((p) => p !== 'config.json').sort();
        expect(packageSet(online.lockfile!)).toEqual(PASSES_CARGO);
        const offline = await runCargoGenerateLockfile(ws, server.url, { cargoHome, args: ['--offline'] });
        expect(offline.ok, offline.stderr).toBe(true);
        expect(packageSet(offline.lockfile!)).toEqual(PASSES_CARGO_OFFLINE);

        // cargo-whatif, online and offline, over the index directory and over cargo's own cache.
        process.env.CARGO_HOME = cargoHome;
        const lock = async (...args: string[]) => {
          const r = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', ...args]);
          expect(r.code, r.stderr).toBe(0);
          return r.stdout;
        };
        expect(await lock('--registry', index)).toBe(online.lockfile);
        // Online against the server itself, with an empty cache: Cargo's passes for real, each
        // pass fetching what the last one asked for, and no other file.
        server.reset();
        expect(await lock('--registry', server.url)).toBe(online.lockfile);
        expect([...server.requests].sort()).toEqual(cargoAsked);
        expect(await lock('--registry', index, '--offline')).toBe(offline.lockfile);
        expect(await lock('--registry', server.url, '--offline')).toBe(offline.lockfile);
        // And from cargo's cache alone, with an empty cache of our own.
        const ours = process.env.CARGO_WHATIF_CACHE_DIR;
        process.env.CARGO_WHATIF_CACHE_DIR = join(tmp.path, 'empty-whatif-cache');
        try {
          expect(await lock('--registry', server.url, '--offline')).toBe(offline.lockfile);
        } finally {
          process.env.CARGO_WHATIF_CACHE_DIR = ours;
        }
      } finally {
        if (savedHome === undefined) delete process.env.CARGO_HOME;
        else process.env.CARGO_HOME = savedHome;
        await tmp.remove();
        await server.close();
      }
    }, 60_000);
  },
);
