import { join } from 'node:path';
import type { Edit } from '../../src/edits/index.js';
import { fixture, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { ARCHIVE, archivePresent, extractedIndex } from '../conformance/workspaces-2019/index-archive.js';
import { tempDir } from '../support/temp.js';
import { editScript, percentile, timePlan, tuiLatency } from './upgrades.js';

/**
 * The upgrade plan and the TUI's latency (test/bench/upgrades.tsx) on the seed and on the
 * largest 2019 workspace; `npm run bench` runs it after the resolution tables, and
 * `npx tsx test/bench/upgrades-main.tsx` alone.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const LARGE = 'large-web-monorepo';

/** The seed's edits first: the report's Option 1, then pyo3-async-runtimes in place of pyo3-asyncio. */
const SEED_FIRST: Edit[] = [
  { kind: 'bump', member: 'arrow_storage', dep: 'pyo3', req: '0.22' },
  { kind: 'bump', dep: 'numpy', req: '0.22' },
  { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
  { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' },
];

const fmt = (ms: number) => ms.toFixed(0);

export async function upgradesBench(runs: number): Promise<void> {
  const targets: { label: string; options: Parameters<typeof timePlan>[0]; first: Edit[] }[] = [
    {
      label: 'seed (fixtures/ai_os_diffusion)',
      options: {
        path: join(ROOT, 'fixtures/ai_os_diffusion'),
        registry: join(ROOT, 'fixtures/registry'),
        offline: true,
        ignoreLock: false,
        minimalVersions: false,
        edits: [],
      },
      first: SEED_FIRST,
    },
  ];
  const scratch = await tempDir('whatif-bench-upgrades-');
  try {
    if (archivePresent()) {
      const dir = join(scratch.path, LARGE);
      await materialize(fixture(LARGE), dir);
      targets.push({
        label: `${LARGE} (2019 index)`,
        options: {
          path: dir,
          registry: await extractedIndex(),
          offline: true,
          ignoreLock: true,
          minimalVersions: false,
          edits: [],
        },
        first: [],
      });
    } else console.warn(`SKIPPED the large workspace: the 2019 index archive ${ARCHIVE} is absent`);

    console.log(
      `the upgrade plan, in-process from an open session (median of ${runs}): goals < 1 s on the seed, < 5 s on 348 packages`,
    );
    for (const t of targets) {
      const p = await timePlan(t.options, runs);
      console.log(
        `  ${t.label}: ${p.moves} moves (${p.summary}); first decided ${fmt(p.firstMs)} ms, full plan ${fmt(p.fullMs)} ms`,
      );
    }
    console.log('');
    console.log(
      'the TUI: edit dispatched -> first frame showing its result, 20 scripted edits 300 ms apart, plan running behind (goals: p95 <= 100 ms seed, <= 300 ms large)',
    );
    for (const t of targets) {
      const script = await editScript(t.options, t.first);
      const l = await tuiLatency(t.options, script);
      const line = (xs: number[]) =>
        `p50 ${fmt(percentile(xs, 50))} ms, p95 ${fmt(percentile(xs, 95))} ms, max ${fmt(Math.max(...xs))} ms`;
      console.log(`  ${t.label}: ${l.unresolvable}/20 edits leave it unresolvable`);
      console.log(`    to the frame with the verdict:      ${line(l.verdict)}`);
      console.log(
        `    to the store's showing it:          ${line(l.toState)} (the rest is React, ink and its frame rate)`,
      );
      console.log(`    to the frame with the explanation:  ${line(l.settled)}`);
      console.log(`    a cursor move (a frame by itself):  ${line(l.cursor)}`);
      console.log(
        `    a cursor move during a search:      ${l.during.length ? line(l.during) : 'none landed in a search'} (${l.during.length}/20 landed while it ran)`,
      );
    }
    console.log('');
  } finally {
    await scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  upgradesBench(Number(process.env.BENCH_RUNS ?? 3)).catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  });
}
