/**
 * `npm run bench`: cargo-whatif against real cargo on large workspaces over the crates.io index
 * of 2019-11-10, both offline with warm caches, each doing the same job: resolve and write
 * Cargo.lock. Prints tables; asserts nothing about time. Never part of `npm test`.
 *
 *   ours:  node dist/bundle/cargo-whatif.js lock WS --ignore-lock --registry INDEX_DIR --offline
 *          (writes WS/Cargo.lock, in a copy of the workspace of its own)
 *   cargo: cargo generate-lockfile --offline  (writes Cargo.lock in its copy; its CARGO_HOME cache
 *          filled by one online run against a loopback server that is then stopped)
 *
 * Every run starts without a Cargo.lock (removed between runs, untimed). Both search once, as
 * cargo does offline (online, over a sparse index, cargo searches again as it fetches crates, and
 * so does cargo-whatif without --offline). Each row also compares the two Cargo.lock files the
 * timed runs wrote, byte for byte. On a conflict neither writes anything: cargo prints its error,
 * cargo-whatif `lock` the explanation (minimal conflicts and fixes checked by resolving again).
 *
 * Then online: both against one loopback sparse index that waits 25 ms before every answer,
 * cold (empty caches) and warm (the caches the cold run left), with the index files each asked
 * for and how many came with a body, and the two Cargo.lock files compared.
 *
 * Then the workspaces that do not resolve (failing.ts): cargo's failing run, our `check
 * --expect conflict` verdict and our `explain`, side by side. BENCH_ONLY=failing runs only those.
 * Then the upgrade plan and the TUI's key-press-to-frame latency on the seed and the largest
 * workspace (test/bench/upgrades.ts).
 *
 * Each pair runs alternately, BENCH_RUNS times (default 5), and the table shows medians. Peak
 * memory comes from /usr/bin/time -v where it exists; otherwise ours reports its own maxRSS
 * through a preloaded module and cargo's is not measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../cli/run-cli.js';
import { fixture, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { ARCHIVE, archivePresent, extractedIndex } from '../conformance/workspaces-2019/index-archive.js';
import { cargoEnv, writeCargoConfig } from '../support/cargo.js';
import { startIndexServer } from '../support/index-server.js';
import { tempDir } from '../support/temp.js';
import { countConflicts, type FailingTarget, failedAt, failingTargets, warmCargo } from './failing.js';
import { phaseBreakdown } from './phases.js';
import { summariseProfile } from './profile.js';
import { upgradesBench } from './upgrades-main.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const MAXRSS_PRELOAD = join(ROOT, 'test/bench/maxrss-preload.mjs');

/**
 * The environment cargo-whatif runs in. NODE_EXTRA_CA_CERTS (set on machines behind a TLS proxy)
 * makes node read and parse those certificates at every start, network or not: +40 ms and 400 M
 * instructions measured here, a sixth of a whole resolution. No offline run uses TLS, so the
 * timings leave it out, and the table says how much it would add.
 */
const OURS_ENV: NodeJS.ProcessEnv = { ...process.env };
delete OURS_ENV.NODE_EXTRA_CA_CERTS;

/** The large 2019 workspaces: the biggest closures, deep backtracking, and conflicts. */
const RESOLVE = [
  'large-web-monorepo',
  'popular-20',
  'rocket-diesel-postgres',
  'workspace-mixed-eras',
  'rustls-deep-backtrack',
  'conflict-ring-actix',
];
/** Online against a loopback index that waits this long before every answer (a CDN's round trip). */
const ONLINE = ['large-web-monorepo', 'popular-20', 'rocket-diesel-postgres', 'workspace-mixed-eras'];
const ONLINE_DELAY_MS = 25;
const ONLINE_RUNS = Math.min(RUNS, 3);
const EXPLAIN = ['conflict-ring-actix', 'conflict-sqlite3-links', 'conflict-serde-pin'];

interface Sample {
  ms: number;
  /** Peak resident set, KiB, when measurable. */
  rssKb?: number;
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; measureNode?: boolean } = {},
): Promise<Sample> {
  let file = cmd;
  let argv = args;
  let env = options.env ?? process.env;
  if (TIME) {
    file = TIME;
    argv = ['-v', cmd, ...args];
  } else if (options.measureNode) {
    env = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import ${MAXRSS_PRELOAD}`.trim() };
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const stderr = Buffer.concat(err).toString('utf8');
      const rss =
        /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ??
        /^whatif-maxrss-kb: (\d+)$/m.exec(stderr)?.[1];
      resolve({
        ms,
        rssKb: rss ? Number(rss) : undefined,
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
      });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The median peak memory of samples that measured it. */
function medianRss(samples: Sample[]): number | undefined {
  const kb = samples.map((s) => s.rssKb).filter((x): x is number => x !== undefined);
  return kb.length ? median(kb) : undefined;
}

const fmtMs = (ms: number) => ms.toFixed(0);
const fmtMb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm run bench does)`);
  if (!archivePresent()) {
    console.warn(`SKIPPED bench: the 2019 crates.io index archive ${ARCHIVE} is absent`);
    return;
  }
  const cargoVersion = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  if (cargoVersion.status !== 0) {
    console.warn('SKIPPED bench: real cargo is not available');
    return;
  }
  const nodeVersion = process.version;
  console.log(
    `cargo-whatif bench: ${cargoVersion.stdout.trim()}, node ${nodeVersion}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`,
  );
  console.log(
    `index: ${ARCHIVE}; ${RUNS} alternating runs each, medians; peak memory from ${TIME ? '/usr/bin/time -v' : "node's resourceUsage (ours only)"}\n`,
  );

  const index = await extractedIndex();
  const scratch = await tempDir('whatif-bench-');
  try {
    if (process.env.BENCH_ONLY === 'failing') {
      await failingRows(scratch.path, index);
      return;
    }
    const cargoHome = join(scratch.path, 'cargo-home');
    const env = cargoEnv(cargoHome);
    const names = [...new Set([...RESOLVE, ...EXPLAIN, ...ONLINE])];
    // Each side writes Cargo.lock into a copy of its own, as a user's run would.
    const dirs = new Map<string, string>();
    const ourDirs = new Map<string, string>();
    for (const name of names) {
      for (const [map, dir] of [
        [dirs, join(scratch.path, 'cargo', name)],
        [ourDirs, join(scratch.path, 'ours', name)],
      ] as const) {
        await materialize(fixture(name), dir);
        map.set(name, dir);
      }
    }

    // Warm cargo's cache online, once per workspace; after this the server is gone for good.
    const server = await startIndexServer({ dir: index });
    try {
      await writeCargoConfig(cargoHome, server.url);
      for (const name of names) {
        const r = await run('cargo', ['generate-lockfile'], { cwd: dirs.get(name), env });
        const expectFail = fixture(name).expect === 'conflict';
        if ((r.code === 0) === expectFail)
          throw new Error(`warming cargo on ${name}: exit ${r.code}\n${r.stderr.slice(-2000)}`);
      }
    } finally {
      await server.close();
    }

    const startup = await run(process.execPath, [BIN, '--version'], { measureNode: true, env: OURS_ENV });
    let withCerts: number | undefined;
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) ms.push((await run(process.execPath, [BIN, '--version'], { measureNode: true })).ms);
      withCerts = median(ms);
    }
    const rows: string[][] = [];
    for (const name of RESOLVE) {
      const dir = dirs.get(name)!;
      const ourDir = ourDirs.get(name)!;
      const cargo: Sample[] = [];
      const ours: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        await rm(join(dir, 'Cargo.lock'), { force: true });
        await rm(join(ourDir, 'Cargo.lock'), { force: true });
        cargo.push(await run('cargo', ['generate-lockfile', '--offline'], { cwd: dir, env }));
        ours.push(
          await run(process.execPath, [BIN, 'lock', ourDir, '--ignore-lock', '--registry', index, '--offline'], {
            measureNode: true,
            env: OURS_ENV,
          }),
        );
      }
      const verdictCargo = cargo[0]!.code === 0 ? 'resolves' : 'fails';
      const verdictOurs = ours[0]!.code === 0 ? 'resolves' : ours[0]!.code === 1 ? 'fails' : `exit ${ours[0]!.code}`;
      if (verdictCargo !== verdictOurs)
        console.warn(`NOTE ${name}: cargo ${verdictCargo}, cargo-whatif ${verdictOurs}`);
      const lock = await readFile(join(dir, 'Cargo.lock'), 'utf8').catch(() => undefined);
      const ourLock = await readFile(join(ourDir, 'Cargo.lock'), 'utf8').catch(() => undefined);
      const packages = lock ? String((lock.match(/^\[\[package\]\]$/gm) ?? []).length) : 'conflict';
      // Agreement, not just speed: the Cargo.lock files the last timed runs wrote, byte for byte.
      let sameLock = '—';
      if (lock || ourLock) {
        sameLock = ourLock === lock ? 'identical' : ourLock === undefined ? 'NOT WRITTEN' : 'DIFFERS';
        if (ourLock !== lock)
          console.warn(
            `NOTE ${name}: cargo-whatif's Cargo.lock ${ourLock === undefined ? 'was not written' : "differs from cargo's"}`,
          );
      }
      const c = median(cargo.map((s) => s.ms));
      const o = median(ours.map((s) => s.ms));
      rows.push([
        name,
        packages,
        sameLock,
        fmtMs(c),
        fmtMs(o),
        `${(o / c).toFixed(2)}×`,
        // This machine's speed drifts during a run; the fastest of each is the steadier ratio.
        `${(Math.min(...ours.map((s) => s.ms)) / Math.min(...cargo.map((s) => s.ms))).toFixed(2)}×`,
        fmtMb(medianRss(cargo)),
        fmtMb(medianRss(ours)),
      ]);
      // Later runs (explain, phases) start from the manifests alone.
      await rm(join(dir, 'Cargo.lock'), { force: true });
      await rm(join(ourDir, 'Cargo.lock'), { force: true });
    }
    console.log(
      'each row times writing Cargo.lock: `cargo-whatif lock --ignore-lock --offline` (ours) vs `cargo generate-lockfile --offline` (cargo), warm caches; ' +
        "on a conflict, cargo's error vs our explanation",
    );
    console.log(
      table(
        [
          'workspace',
          'packages',
          'Cargo.lock',
          'cargo generate-lockfile ms',
          'cargo-whatif lock ms',
          'ours/cargo',
          'fastest/fastest',
          'cargo peak',
          'ours peak',
        ],
        rows,
      ),
    );
    console.log(
      `(node start-up and module load alone, \`cargo-whatif --version\`: ${fmtMs(startup.ms)} ms, ${fmtMb(startup.rssKb)})`,
    );
    if (withCerts !== undefined) {
      console.log(
        `(NODE_EXTRA_CA_CERTS is set here and left out of cargo-whatif's runs above; with it, \`--version\` takes ${fmtMs(withCerts)} ms)`,
      );
    }
    console.log('');

    await onlineRows(scratch.path, index, dirs);
    await failingRows(scratch.path, index);

    const explainRows: string[][] = [];
    const explainTargets: [string, string[]][] = [
      ...EXPLAIN.map((n): [string, string[]] => [n, [ourDirs.get(n)!, '--registry', index, '--offline']]),
      [
        'seed: fixtures/ai_os_diffusion',
        [join(ROOT, 'fixtures/ai_os_diffusion'), '--registry', join(ROOT, 'fixtures/registry'), '--offline'],
      ],
    ];
    for (const [label, args] of explainTargets) {
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++)
        samples.push(await run(process.execPath, [BIN, 'explain', ...args], { measureNode: true, env: OURS_ENV }));
      const first = samples[0]!;
      // A group of conflicts sharing a requirement has one `error:` header over `conflict i of n`.
      const conflicts = countConflicts(first.stdout);
      // A printed fix is a command line: `cargo-whatif resolve WS --registry INDEX --bump ...`.
      const fixes = (first.stdout.match(/^\s+cargo-whatif \w+ /gm) ?? []).length;
      explainRows.push([
        label,
        `exit ${first.code}`,
        String(conflicts),
        String(fixes),
        fmtMs(median(samples.map((s) => s.ms))),
        fmtMb(medianRss(samples)),
      ]);
    }
    console.log('explain (offline): minimal conflicts plus fixes verified by re-resolving');
    console.log(table(['workspace', 'result', 'conflicts', 'fixes', 'ours ms', 'ours peak'], explainRows));
    console.log('');

    // NODE_ENV=production (npm run bench sets it) gives React's production build, as the
    // launcher does for `cargo-whatif tui`.
    await upgradesBench(Math.min(RUNS, 3));

    console.log('where the time goes, in-process (median of 3; from the TypeScript sources):');
    const phaseRows: string[][] = [];
    for (const name of [...RESOLVE, ...EXPLAIN.filter((n) => !RESOLVE.includes(n))]) {
      const p = await phaseBreakdown(ourDirs.get(name)!, index, 3);
      phaseRows.push([
        name,
        `${p.crates}/${p.versions}`,
        fmtMs(p.loadMs),
        fmtMs(p.resolveMs),
        fmtMs(p.outputMs),
        p.output,
        p.stats,
      ]);
    }
    console.log(
      table(
        ['workspace', 'closure crates/versions', 'load ms', 'resolve ms', 'output ms', 'output', 'resolver'],
        phaseRows,
      ),
    );
    console.log('');

    const profDir = join(scratch.path, 'cpu-prof');
    await mkdir(profDir, { recursive: true });
    for (const [label, args] of [
      ['lock popular-20', ['lock', ourDirs.get('popular-20')!, '--ignore-lock', '--registry', index, '--offline']],
      [
        'explain conflict-ring-actix',
        ['explain', ourDirs.get('conflict-ring-actix')!, '--registry', index, '--offline'],
      ],
    ] as const) {
      await rm(profDir, { recursive: true, force: true });
      await mkdir(profDir, { recursive: true });
      await run(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profDir, BIN, ...args]);
      const file = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
      if (!file) {
        console.log(`(no CPU profile written for ${label})`);
        continue;
      }
      console.log(summariseProfile(label, JSON.parse(await readFile(join(profDir, file), 'utf8')), ROOT));
      console.log('');
    }
  } finally {
    await scratch.remove();
  }
}

/**
 * Workspaces that do not resolve (failing.ts): cargo's failing `generate-lockfile --offline`,
 * our verdict (`check --expect conflict --offline`, cargo's search alone) and our `explain
 * --offline`, alternately, each with its warm cache; the ratios are to cargo's median.
 */
async function failingRows(scratch: string, index: string): Promise<void> {
  const targets = await failingTargets(scratch, index, {
    dir: join(ROOT, 'fixtures/ai_os_diffusion'),
    registry: join(ROOT, 'fixtures/registry'),
  });
  const rows: string[][] = [];
  for (const [i, { target, manifests }] of targets.entries()) {
    const cargoHome = join(scratch, `failing-cargo-home-${i}`);
    await warmCargo(target, manifests, cargoHome, (cmd, args, o) => run(cmd, args, o));
    const env = cargoEnv(cargoHome);
    const ours = [target.ourDir, '--registry', target.index, '--offline', '--ignore-lock'];
    const cargo: Sample[] = [];
    const check: Sample[] = [];
    const explain: Sample[] = [];
    for (let r = 0; r < RUNS; r++) {
      cargo.push(await run('cargo', ['generate-lockfile', '--offline'], { cwd: target.cargoDir, env }));
      check.push(
        await run(process.execPath, [BIN, 'check', ...ours, '--expect', 'conflict'], {
          measureNode: true,
          env: OURS_ENV,
        }),
      );
      explain.push(await run(process.execPath, [BIN, 'explain', ...ours], { measureNode: true, env: OURS_ENV }));
    }
    const [c0, k0, e0] = [cargo[0]!, check[0]!, explain[0]!];
    if (c0.code === 0) console.warn(`NOTE ${target.label}: cargo resolved offline`);
    if (k0.code !== 0)
      console.warn(
        `NOTE ${target.label}: check --expect conflict exited ${k0.code}: ${k0.stdout.slice(0, 500)}${k0.stderr.slice(0, 500)}`,
      );
    if (e0.code !== 1) console.warn(`NOTE ${target.label}: explain exited ${e0.code}: ${e0.stderr.slice(0, 500)}`);
    const c = median(cargo.map((x) => x.ms));
    const k = median(check.map((x) => x.ms));
    const e = median(explain.map((x) => x.ms));
    const cargoAt = failedAt(c0.stderr);
    const checkAt = failedAt(k0.stdout);
    rows.push([
      target.label,
      cargoAt === checkAt ? cargoAt : `${cargoAt} / ${checkAt}`,
      String(countConflicts(e0.stdout)),
      String((e0.stdout.match(/^\s+cargo-whatif \w+ /gm) ?? []).length),
      fmtMs(c),
      fmtMs(k),
      `${(k / c).toFixed(2)}×`,
      fmtMs(e),
      `${(e / c).toFixed(1)}×`,
    ]);
  }
  const online = await failingOnlineRows(
    scratch,
    targets.map((t) => t.target),
  );
  console.log(`workspaces that do not resolve, offline, warm caches; medians of ${RUNS}:`);
  console.log(
    'cargo: `cargo generate-lockfile --offline` (fails); check: `cargo-whatif check --expect conflict` (the verdict); explain: `cargo-whatif explain` (minimal conflicts, verified fixes)',
  );
  console.log(
    table(
      [
        'workspace',
        'fails at (cargo / check)',
        'conflicts',
        'fixes',
        'cargo ms',
        'check ms',
        'check/cargo',
        'explain ms',
        'explain/cargo',
      ],
      rows,
    ),
  );
  console.log('');
  console.log(
    `the same, online and cold (empty caches), against a loopback sparse index that waits ${ONLINE_DELAY_MS} ms before every answer; medians of ${RUNS}, index files asked for by the first run:`,
  );
  console.log(table(['workspace', 'cargo files', 'check files', 'cargo ms', 'check ms', 'check/cargo'], online));
  console.log('');
}

/** Cargo's failing generate-lockfile and our check, each from empty caches, over a delayed loopback index. */
async function failingOnlineRows(scratch: string, targets: readonly FailingTarget[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const [i, target] of targets.entries()) {
    const server = await startIndexServer({ dir: target.index }, { delayMs: ONLINE_DELAY_MS });
    const files = () => server.log.filter((r) => r.path !== 'config.json').length;
    try {
      const cargo: number[] = [];
      const check: number[] = [];
      let cargoFiles = 0;
      let checkFiles = 0;
      for (let r = 0; r < RUNS; r++) {
        const home = join(scratch, `failing-online-${i}-${r}`);
        await writeCargoConfig(join(home, 'cargo'), server.url);
        server.reset();
        cargo.push(
          (await run('cargo', ['generate-lockfile'], { cwd: target.cargoDir, env: cargoEnv(join(home, 'cargo')) })).ms,
        );
        if (r === 0) cargoFiles = files();
        server.reset();
        const env = {
          ...OURS_ENV,
          CARGO_WHATIF_CACHE_DIR: join(home, 'ours'),
          CARGO_HOME: join(home, 'no-cargo-home'),
        };
        const k = await run(
          process.execPath,
          [BIN, 'check', target.ourDir, '--registry', server.url, '--ignore-lock', '--expect', 'conflict'],
          { measureNode: true, env },
        );
        if (k.code !== 0)
          console.warn(
            `NOTE ${target.label} online: check exited ${k.code}: ${k.stdout.slice(0, 300)}${k.stderr.slice(0, 300)}`,
          );
        check.push(k.ms);
        if (r === 0) checkFiles = files();
      }
      const c = median(cargo);
      const k = median(check);
      rows.push([target.label, String(cargoFiles), String(checkFiles), fmtMs(c), fmtMs(k), `${(k / c).toFixed(2)}×`]);
    } finally {
      await server.close();
    }
  }
  return rows;
}

/**
 * Online: both sides against the same loopback sparse index, which waits ONLINE_DELAY_MS before
 * every answer. Cold: empty caches (a fresh CARGO_HOME for cargo, a fresh CARGO_WHATIF_CACHE_DIR
 * and an empty CARGO_HOME for ours); warm: the caches the cold run left. The server counts the
 * index files each run asks for and how many it answered with a body (the rest are 304s).
 */
async function onlineRows(scratch: string, index: string, dirs: ReadonlyMap<string, string>): Promise<void> {
  const server = await startIndexServer({ dir: index }, { delayMs: ONLINE_DELAY_MS });
  const rows: string[][] = [];
  try {
    for (const name of ONLINE) {
      const dir = dirs.get(name)!;
      const samples = {
        cargoCold: [] as number[],
        cargoWarm: [] as number[],
        oursCold: [] as number[],
        oursWarm: [] as number[],
      };
      const counts: Record<keyof typeof samples, ReturnType<typeof server.counts>> = {} as never;
      let cargoLock: string | undefined;
      let ourLock: string | undefined;
      for (let i = 0; i < ONLINE_RUNS; i++) {
        const cargoHome = join(scratch, `online-cargo-${name}-${i}`);
        await writeCargoConfig(cargoHome, server.url);
        const ourEnv = {
          ...OURS_ENV,
          CARGO_WHATIF_CACHE_DIR: join(scratch, `online-whatif-${name}-${i}`),
          CARGO_HOME: join(scratch, 'no-cargo-home'),
        };
        const measure = async (key: keyof typeof samples, cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
          server.reset();
          const r = await run(cmd, args, { cwd: dir, env });
          if (r.code !== 0) throw new Error(`${name} ${key}: exit ${r.code}\n${r.stderr.slice(-2000)}`);
          samples[key].push(r.ms);
          counts[key] = server.counts();
          return r;
        };
        await rm(join(dir, 'Cargo.lock'), { force: true });
        await measure('cargoCold', 'cargo', ['generate-lockfile'], cargoEnv(cargoHome));
        await rm(join(dir, 'Cargo.lock'), { force: true });
        await measure('cargoWarm', 'cargo', ['generate-lockfile'], cargoEnv(cargoHome));
        cargoLock = await readFile(join(dir, 'Cargo.lock'), 'utf8');
        await rm(join(dir, 'Cargo.lock'), { force: true });
        ourLock = (
          await measure(
            'oursCold',
            process.execPath,
            [BIN, 'lock', dir, '--stdout', '--ignore-lock', '--registry', server.url],
            ourEnv,
          )
        ).stdout;
        await measure(
          'oursWarm',
          process.execPath,
          [BIN, 'lock', dir, '--stdout', '--ignore-lock', '--registry', server.url],
          ourEnv,
        );
      }
      const files = (c: ReturnType<typeof server.counts>) => String(c.files);
      const warm = (c: ReturnType<typeof server.counts>) => `${c.files} (${c.bodies} bodies)`;
      rows.push([
        name,
        files(counts.cargoCold),
        files(counts.oursCold),
        warm(counts.cargoWarm),
        warm(counts.oursWarm),
        fmtMs(median(samples.cargoCold)),
        fmtMs(median(samples.oursCold)),
        fmtMs(median(samples.cargoWarm)),
        fmtMs(median(samples.oursWarm)),
        ourLock === cargoLock ? 'identical' : 'DIFFERS',
      ]);
    }
  } finally {
    await server.close();
  }
  console.log(
    `online: lock (ours) vs generate-lockfile (cargo) against one loopback sparse index, ${ONLINE_DELAY_MS} ms before every answer; medians of ${ONLINE_RUNS}`,
  );
  console.log(
    `(index files asked for; cargo also asks for config.json each run. Warm: the caches of the cold run, answers 304 unless a body is counted)`,
  );
  console.log(
    table(
      [
        'workspace',
        'cargo cold req',
        'ours cold req',
        'cargo warm req',
        'ours warm req',
        'cargo cold ms',
        'ours cold ms',
        'cargo warm ms',
        'ours warm ms',
        'Cargo.lock',
      ],
      rows,
    ),
  );
  console.log('');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
