import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { noCargo, runCargoGenerateLockfile } from '../support/cargo.js';
import type { IndexServer } from '../support/index-server.js';
import { startIndexServer } from '../support/index-server.js';
import { copyWorkspace, REGISTRY, SEED } from '../whatif/helpers.js';
import { runCli } from './helpers.js';

/**
 * The strongest check that `lock --write` wrote the right manifests: real cargo, given the
 * written workspace and the same index, generates the very Cargo.lock cargo-whatif wrote.
 */
const SCENARIOS: Record<string, string[]> = {
  'Option 2': ['--bump', 'arrow_quant_v2:pyo3=0.20'],
  'Option 1 with pyo3-async-runtimes': [
    '--upgrade',
    'pyo3=0.22',
    '--remove',
    'arrow_quant_v2:pyo3-asyncio',
    '--add',
    'arrow_quant_v2:pyo3-async-runtimes=0.22',
    '--features',
    'arrow_quant_v2:pyo3-async-runtimes=+tokio-runtime',
  ],
  'Option 3 on pyo3 0.20': ['--unify-workspace', 'pyo3=0.20'],
  'features and default features': [
    '--bump',
    'arrow_quant_v2:pyo3=0.20',
    '--features',
    'arrow_quant_v2:tokio=-macros,+time',
    '--no-default-features',
    'arrow_quant_v2:ndarray',
  ],
};

const skip = noCargo('test/commands/lock-write-cargo.test.ts (cargo generate-lockfile after lock --write)');

let server: IndexServer | undefined;
beforeAll(async () => {
  if (!skip) server = await startIndexServer({ dir: REGISTRY });
});
afterAll(async () => {
  await server?.close();
});

describe.skipIf(skip)('real cargo agrees with what lock --write wrote', () => {
  for (const [name, flags] of Object.entries(SCENARIOS)) {
    test(name, async () => {
      const dir = copyWorkspace(SEED);
      const r = await runCli(['lock', dir, '--registry', REGISTRY, '--offline', '--write', ...flags]);
      expect(r.code, r.stderr).toBe(0);
      const ours = readFileSync(path.join(dir, 'Cargo.lock'), 'utf8');
      const cargo = await runCargoGenerateLockfile(dir, server!.url, { args: [] });
      expect(cargo.ok, cargo.stderr).toBe(true);
      expect(ours).toBe(cargo.lockfile);
    });
  }
});
