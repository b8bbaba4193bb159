import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { CommandSession } from '../../src/commands/session.js';
import { explanationText } from '../../src/report/explanation.js';
import { cargoAvailable, runCargoGenerateLockfile, warnNoCargo } from '../support/cargo.js';
import { archivePresent, extractedIndex, warnNoArchive } from '../conformance/workspaces-2019/index-archive.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';

/**
 * Golden explanations for the seed scenario and real conflicts of the 2019 crates.io index,
 * each next to what real cargo says about the same input (`<name>.cargo.txt`, refreshed when
 * cargo is here). Ours must name everything cargo's message names: every package, version,
 * requirement and `links` value it puts in backticks. Regenerate with UPDATE_GOLDEN=1.
 */
const GOLDEN = join(import.meta.dirname, 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

interface Case {
  name: string;
  workspace: string;
  registry: 'seed' | '2019';
}

const CASES: Case[] = [
  { name: 'seed', workspace: 'fixtures/ai_os_diffusion', registry: 'seed' },
  { name: 'ring-asm', workspace: 'fixtures/conflicts/ring-asm', registry: '2019' },
  { name: 'sqlite3', workspace: 'fixtures/conflicts/sqlite3', registry: '2019' },
  { name: 'missing-feature', workspace: 'fixtures/conflicts/missing-feature', registry: '2019' },
  { name: 'no-version', workspace: 'fixtures/conflicts/no-version', registry: '2019' },
];

const has2019 = archivePresent();
if (!has2019) warnNoArchive('golden explanations over the 2019 index');
let dir2019: string | undefined;
const servers = new Map<string, IndexServer>();

function registryDir(c: Case): string | undefined {
  return c.registry === 'seed' ? 'fixtures/registry' : dir2019;
}

beforeAll(async () => {
  mkdirSync(GOLDEN, { recursive: true });
  if (has2019) dir2019 = await extractedIndex();
}, 300_000);
afterAll(async () => {
  for (const s of servers.values()) await s.close();
});

async function ourExplanation(c: Case, registry: string): Promise<string> {
  const session = await CommandSession.open(parseCommandLine('explain', [c.workspace, '--registry', registry]));
  const resolution = await session.resolve();
  expect(resolution.outcome.kind).toBe('unresolvable');
  const text = explanationText((await session.explain(resolution))!, session.suggestionContext());
  // Printed fixes name the workspace and the index by absolute path, so they run from anywhere.
  return text.split(resolve(registry)).join('<registry>').split(resolve(c.workspace)).join('<workspace>').split(registry).join('<registry>');
}

/** What cargo puts in backticks, split into words, minus paths and its own source names. */
function namedByCargo(stderr: string): string[] {
  const words = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (line.startsWith('location searched')) continue;
    for (const m of line.matchAll(/`([^`]+)`/g)) {
      for (const w of m[1]!.replace(/\([^)]*\)/g, '').split(/\s+/)) {
        const word = w.replace(/^"|"$/g, '').replace(/^v(?=\d)/, '');
        if (word && word !== '=' && !word.startsWith('links')) words.add(word);
      }
    }
  }
  return [...words];
}

async function cargoSays(c: Case, registry: string): Promise<string> {
  let server = servers.get(registry);
  if (!server) {
    server = await startIndexServer({ dir: registry });
    servers.set(registry, server);
  }
  const r = await runCargoGenerateLockfile(c.workspace, server.url);
  expect(r.ok).toBe(false);
  return r.stderr
    .split('\n')
    .filter((l) => !/^\s*(Updating|Locking|Adding)\b/.test(l))
    .join('\n')
    .replace(/\/tmp\/whatif-cargo-[^/]+\/ws/g, '<workspace>');
}

describe('golden explanations', () => {
  for (const c of CASES) {
    it.runIf(c.registry === 'seed' || has2019)(`${c.name}: matches the golden text and names everything cargo names`, async () => {
      const registry = registryDir(c);
      const ours = await ourExplanation(c, registry!);
      const goldenPath = join(GOLDEN, `${c.name}.txt`);
      if (UPDATE || !existsSync(goldenPath)) writeFileSync(goldenPath, ours);
      expect(ours).toBe(readFileSync(goldenPath, 'utf8'));

      const cargoPath = join(GOLDEN, `${c.name}.cargo.txt`);
      if (cargoAvailable()) {
        const cargo = await cargoSays(c, registry!);
        if (UPDATE || !existsSync(cargoPath)) writeFileSync(cargoPath, cargo);
      } else {
        warnNoCargo(`live cargo comparison for ${c.name} (using the recorded ${c.name}.cargo.txt)`);
      }
      const missing = namedByCargo(readFileSync(cargoPath, 'utf8')).filter((w) => !ours.includes(w));
      expect(missing, `cargo names these, our explanation does not`).toEqual([]);
    }, 120_000);
  }
});
