import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { invocationOf } from '../../src/report/command-line.js';
import { explanationText, suggestionContext } from '../../src/report/explanation.js';
import { WhatIfSession } from '../../src/session/session.js';
import { archivePresent, extractedIndex, warnNoArchive } from '../conformance/workspaces-2019/index-archive.js';
import { noCargo, runCargoGenerateLockfile } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';

/**
 * Golden explanations for the seed scenario and real conflicts of the 2019 crates.io index. Two
 * kinds of file, described in golden/README.md:
 * - `<name>.txt`, our own explanation: a regression file. It records what we print, so a change
 *   shows in review; it is not evidence that the text is right.
 * - `<name>.cargo.txt`, what real cargo 1.95 says about the same input: evidence. Where cargo runs,
 *   its live output (normalised only where it must be: temporary paths, ports, timings) must equal
 *   the recorded file, so the record cannot drift from cargo; elsewhere that test is skipped.
 * Ours must name everything cargo's message names: every package, version, requirement and
 * `links` value it puts in backticks. UPDATE_GOLDEN=1 rewrites both kinds; a missing file fails.
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
const skipCargo = noCargo('live cargo output against the recorded golden/*.cargo.txt (test/explain/golden.test.ts)');
let dir2019: string | undefined;
const servers = new Map<string, IndexServer>();

function registryDir(c: Case): string | undefined {
  return c.registry === 'seed' ? 'fixtures/registry' : dir2019;
}

beforeAll(async () => {
  if (has2019) dir2019 = await extractedIndex();
}, 300_000);
afterAll(async () => {
  for (const s of servers.values()) await s.close();
});

async function ourExplanation(c: Case, registry: string): Promise<string> {
  const options = parseCommandLine('explain', [c.workspace, '--registry', registry]);
  const session = await WhatIfSession.open(options);
  const resolution = await session.resolve();
  expect(resolution.outcome.kind).toBe('unresolvable');
  const text = explanationText((await session.explain(resolution))!, suggestionContext(session, invocationOf(options)));
  // Printed fixes name the workspace and the index by absolute path, so they run from anywhere.
  return text
    .split(resolve(registry))
    .join('<registry>')
    .split(resolve(c.workspace))
    .join('<workspace>')
    .split(registry)
    .join('<registry>');
}

/** cargo's progress lines: its own source names in backticks, nothing about the conflict. */
const PROGRESS = /^\s*(Updating|Locking|Adding|Downloading|Downloaded)\b/;

/** What cargo puts in backticks, split into words, minus paths and its own source names. */
function namedByCargo(stderr: string): string[] {
  const words = new Set<string>();
  for (const line of stderr.split('\n')) {
    if (line.startsWith('location searched') || PROGRESS.test(line)) continue;
    for (const m of line.matchAll(/`([^`]+)`/g)) {
      for (const w of m[1]!.replace(/\([^)]*\)/g, '').split(/\s+/)) {
        const word = w.replace(/^"|"$/g, '').replace(/^v(?=\d)/, '');
        if (word && word !== '=' && !word.startsWith('links')) words.add(word);
      }
    }
  }
  return [...words];
}

/**
 * Cargo's stderr with only what changes from run to run replaced: the temporary copy of the
 * workspace, a loopback port, a duration. Everything else, progress lines included, is kept.
 */
function normaliseCargo(stderr: string, workspaceCopy: string): string {
  return stderr
    .split(workspaceCopy)
    .join('<workspace>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
    .replace(/\bin \d+(\.\d+)?m?s\b/g, 'in <time>');
}

async function cargoSays(c: Case, registry: string): Promise<string> {
  let server = servers.get(registry);
  if (!server) {
    server = await startIndexServer({ dir: registry });
    servers.set(registry, server);
  }
  const r = await runCargoGenerateLockfile(c.workspace, server.url);
  expect(r.ok, 'cargo resolved a workspace the golden file records as a conflict').toBe(false);
  return normaliseCargo(r.stderr, r.workspace);
}

/** The golden file's text; UPDATE_GOLDEN=1 writes `text` first. A missing file is a failure. */
function golden(file: string, text: string): string {
  const path = join(GOLDEN, file);
  if (UPDATE) writeFileSync(path, text);
  if (!existsSync(path)) throw new Error(`${path} is missing: record it with UPDATE_GOLDEN=1 and review it`);
  return readFileSync(path, 'utf8');
}

describe('golden explanations', () => {
  for (const c of CASES) {
    const runnable = c.registry === 'seed' || has2019;
    it.runIf(runnable)(
      `${c.name}: ours matches ${c.name}.txt and names everything ${c.name}.cargo.txt names`,
      async () => {
        const ours = await ourExplanation(c, registryDir(c)!);
        expect(ours).toBe(golden(`${c.name}.txt`, ours));
        const cargoPath = join(GOLDEN, `${c.name}.cargo.txt`);
        if (!existsSync(cargoPath))
          throw new Error(`${cargoPath} is missing: record it with UPDATE_GOLDEN=1 where cargo runs`);
        const missing = namedByCargo(readFileSync(cargoPath, 'utf8')).filter((w) => !ours.includes(w));
        expect(missing, `cargo names these, our explanation does not`).toEqual([]);
      },
      120_000,
    );

    it.skipIf(!runnable || skipCargo)(
      `${c.name}: cargo today says what ${c.name}.cargo.txt recorded`,
      async () => {
        const live = await cargoSays(c, registryDir(c)!);
        expect(live).toBe(golden(`${c.name}.cargo.txt`, live));
      },
      120_000,
    );
  }
});
