/**
 * `explain` online, against a loopback sparse index that waits 25 ms before every answer (a
 * CDN's round trip), for two builds side by side: where the SAT engine's load overlaps the
 * fetching (issue 13) it should no longer add to the run. Cold: an empty cache each run; warm:
 * the cache a cold run left (every file revalidated, 304s).
 *
 *   npx tsx test/bench/explain-online.ts BUNDLE_DIR_A BUNDLE_DIR_B [RUNS]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fixture, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { extractedIndex } from '../conformance/workspaces-2019/index-archive.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';

function run(bundle: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(bundle, 'cargo-whatif.js'), ...args], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code: code ?? -1 }));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main(): Promise<void> {
  const [a, b, runsText] = process.argv.slice(2);
  if (!a || !b) throw new Error('usage: explain-online.ts BUNDLE_DIR_A BUNDLE_DIR_B [RUNS]');
  const runs = Number(runsText ?? 5);
  const index = await extractedIndex();
  const scratch = await tempDir('whatif-explain-online-');
  const server = await startIndexServer({ dir: index }, { delayMs: 25 });
  try {
    for (const name of ['links-sqlite-diesel-bundled', 'links-z-git2-cloudflare', 'links-ring-actix-reqwest']) {
      const ws = join(scratch.path, name);
      await materialize(fixture(name), ws);
      const times: Record<string, { cold: number[]; warm: number[] }> = {
        [a]: { cold: [], warm: [] },
        [b]: { cold: [], warm: [] },
      };
      for (let i = 0; i < runs; i++) {
        for (const bundle of [a, b]) {
          const env = {
            ...process.env,
            CARGO_WHATIF_CACHE_DIR: join(scratch.path, `cache-${i}-${bundle.replace(/\W/g, '_')}`),
            CARGO_HOME: join(scratch.path, 'no-cargo-home'),
          };
          delete env.NODE_EXTRA_CA_CERTS;
          const args = ['explain', ws, '--registry', server.url, '--ignore-lock'];
          const cold = await run(bundle, args, env);
          const warm = await run(bundle, args, env);
          if (cold.code !== 1 || warm.code !== 1)
            throw new Error(`${name} with ${bundle}: exit ${cold.code}/${warm.code}`);
          times[bundle]!.cold.push(cold.ms);
          times[bundle]!.warm.push(warm.ms);
        }
      }
      for (const bundle of [a, b]) {
        console.log(
          `${name}  ${bundle}: cold ${median(times[bundle]!.cold).toFixed(0)} ms, warm ${median(times[bundle]!.warm).toFixed(0)} ms (medians of ${runs})`,
        );
      }
    }
  } finally {
    await server.close();
    await scratch.remove();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
