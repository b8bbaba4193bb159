import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { resolveGraph } from '../../src/resolve/resolve.js';
import { loadWorkspace } from '../../src/workspace/index.js';
import { pkg, queryerFor } from '../resolve/helpers.js';
import { PASSES_CARGO, PASSES_MEMBER, PASSES_REGISTRY } from '../resolve/passes-scenario.js';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { indexFiles } from '../support/write-index.js';

describe("Cargo's passes over a sparse index", () => {
  it.runIf(cargoAvailable())('real cargo gives the answer of its last pass, not of one pass over the whole index', async () => {
    const server = await startIndexServer({ files: indexFiles(Object.entries(PASSES_REGISTRY).map(([id, s]) => pkg(id, s))) });
    const tmp = await tempDir();
    try {
      const ws = join(tmp.path, 'ws');
      await mkdir(join(ws, 'src'), { recursive: true });
      const deps = PASSES_MEMBER.deps!.map(([n, req, o]) => `${n} = { version = "${req}"${o?.defaultFeatures === false ? ', default-features = false' : ''} }`);
      await writeFile(join(ws, 'Cargo.toml'), `[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps.join('\n')}\n`);
      await writeFile(join(ws, 'src/lib.rs'), '');
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

  it.skipIf(cargoAvailable())('needs cargo', () => warnNoCargo("Cargo's passes over a sparse index"));
});
