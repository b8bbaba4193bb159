import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cargoAvailable, warnNoCargo } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { Agreement } from './workspaces-2019/compare.js';
import { assertAgreement, compareFresh } from './workspaces-2019/differential.js';
import { materialize } from './workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from './workspaces-2019/index-archive.js';
import { randomWorkspace } from './workspaces-2019/random-workspaces.js';

/**
 * Random workspaces of well-known crates at versions that existed on 2019-11-10 (see
 * random-workspaces.ts), each through real cargo and cargo-whatif: same verdict, and when cargo
 * resolves, the same Cargo.lock. Only `npm run conformance` runs these (CARGO_WHATIF_SEEDS=a-b
 * picks the seeds, e.g. to replay a failure); `npm test` runs the hand-written fixtures instead.
 */
const FULL = process.env.CARGO_WHATIF_CONFORMANCE === 'full';
const runnable = archivePresent() && cargoAvailable();
const [from, to] = (process.env.CARGO_WHATIF_SEEDS ?? '1-60').split('-').map(Number) as [number, number];
const SEEDS = Array.from({ length: to - from + 1 }, (_, i) => from + i);

let server: IndexServer | undefined;
let scratch: { path: string; remove(): Promise<void> } | undefined;
let root = '';
let cargoHome = '';
const agreement = new Agreement();

beforeAll(async () => {
  if (!runnable || !FULL) return;
  root = await extractedIndex();
  server = await startIndexServer({ dir: root });
  scratch = await tempDir('whatif-2019-random-');
  cargoHome = join(scratch.path, 'cargo-home');
}, 300_000);

afterAll(async () => {
  await server?.close();
  await scratch?.remove();
  if (agreement.size > 0)
    console.log(agreement.summary(`conformance (random workspaces on the 2019 index, seeds ${from}-${to})`));
});

if (FULL && !archivePresent()) warnNoArchive('test/conformance/index-2019-random.test.ts');
else if (FULL && !cargoAvailable()) warnNoCargo('test/conformance/index-2019-random.test.ts');

describe.runIf(FULL && runnable)('cargo and cargo-whatif on random workspaces over the 2019 index', () => {
  it('the generator is deterministic and writes real requirements', () => {
    const a = randomWorkspace(root, 7);
    expect(randomWorkspace(root, 7)).toEqual(a);
    expect(randomWorkspace(root, 8)).not.toEqual(a);
    expect(Object.values(a.files).join('\n')).toMatch(/version = "[=~>]*\d/);
  });

  for (const seed of SEEDS) {
    it(`seed ${seed}`, async () => {
      const f = randomWorkspace(root, seed);
      const ws = join(scratch!.path, f.name);
      await materialize(f, ws);
      const c = await compareFresh(ws, server!.url, cargoHome, 300_000);
      try {
        assertAgreement(f.name, c, agreement);
      } catch (err) {
        // The manifests are the repro: print them with the failure.
        console.log(
          `${f.name}:\n${Object.entries(f.files)
            .map(([p, t]) => `# ${p}\n${t}`)
            .join('\n')}`,
        );
        throw err;
      }
    }, 600_000);
  }
});
