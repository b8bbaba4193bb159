import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { fixture, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { cargoEnv, writeCargoConfig } from '../support/cargo.js';
import { fillCargoCache } from '../support/cargo-cache.js';
import { startIndexServer } from '../support/index-server.js';

/**
 * Issue 13's rows: workspaces that do not resolve, where cargo fails fast and the question is
 * how far behind cargo-whatif is. Per workspace, alternately: cargo's failing
 * `generate-lockfile --offline`, our `check --expect conflict --offline` (the verdict, from the
 * same search, without the SAT engine) and our `explain --offline` (minimal conflicts and
 * verified fixes). Cargo's cache is filled by one online run against a loopback server, then
 * with every crate the members can reach (an online run that fails stops fetching where its
 * search stops, and cargo offline takes a crate it has not cached to be absent).
 */
export const FAILING_2019 = [
  'links-ring-actix-reqwest',
  'links-sqlite-diesel-bundled',
  'links-z-git2-cloudflare',
  'conflict-ring-actix',
];

export interface FailingTarget {
  label: string;
  /** The workspace cargo runs in (its own copy), and ours. */
  cargoDir: string;
  ourDir: string;
  /** The index directory: our --registry, and what cargo's loopback server serves. */
  index: string;
}

export interface Run {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** The crates the members of `dir` depend on, in any table, for filling cargo's cache. */
async function dependencyNames(dir: string, files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  const tables = (doc: Record<string, unknown>) => {
    for (const key of ['dependencies', 'dev-dependencies', 'build-dependencies']) {
      for (const [name, spec] of Object.entries((doc[key] ?? {}) as Record<string, unknown>)) {
        const pkg =
          typeof spec === 'object' && spec !== null && 'package' in spec
            ? String((spec as { package: unknown }).package)
            : name;
        names.add(pkg);
      }
    }
  };
  for (const f of files) {
    const doc = parseToml(await readFile(join(dir, f), 'utf8')) as Record<string, unknown>;
    tables(doc);
    for (const t of Object.values((doc.target ?? {}) as Record<string, Record<string, unknown>>)) tables(t);
    tables((doc.workspace ?? {}) as Record<string, unknown>);
  }
  return [...names];
}

/** Cargo's CARGO_HOME for `target`, warm: one online run, then every reachable crate in its cache. */
export async function warmCargo(
  target: FailingTarget,
  manifests: readonly string[],
  cargoHome: string,
  run: (cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }) => Promise<Run>,
): Promise<void> {
  const server = await startIndexServer({ dir: target.index });
  try {
    await writeCargoConfig(cargoHome, server.url);
    const r = await run('cargo', ['generate-lockfile'], { cwd: target.cargoDir, env: cargoEnv(cargoHome) });
    if (r.code === 0) throw new Error(`warming cargo on ${target.label}: it resolved, where a conflict was expected`);
  } finally {
    await server.close();
  }
  const indexDir = join(cargoHome, 'registry', 'index');
  const [source] = await readdir(indexDir);
  if (!source) throw new Error(`warming cargo on ${target.label}: no index cache under ${indexDir}`);
  await fillCargoCache(
    join(indexDir, source, '.cache'),
    target.index,
    await dependencyNames(target.cargoDir, manifests),
  );
}

/** The 2019 workspaces, each in a copy for cargo and one for us. */
export async function failingTargets(
  scratch: string,
  index: string,
  seed: { dir: string; registry: string },
): Promise<{ target: FailingTarget; manifests: string[] }[]> {
  const out: { target: FailingTarget; manifests: string[] }[] = [];
  for (const name of FAILING_2019) {
    const f = fixture(name);
    const cargoDir = join(scratch, 'failing-cargo', name);
    const ourDir = join(scratch, 'failing-ours', name);
    await materialize(f, cargoDir);
    await materialize(f, ourDir);
    out.push({
      target: { label: `${name} (2019 index)`, cargoDir, ourDir, index },
      manifests: Object.keys(f.files).filter((p) => p.endsWith('Cargo.toml')),
    });
  }
  const cargoDir = join(scratch, 'failing-cargo', 'seed');
  const ourDir = join(scratch, 'failing-ours', 'seed');
  for (const d of [cargoDir, ourDir]) {
    await cp(seed.dir, d, { recursive: true });
    await rm(join(d, 'Cargo.lock'), { force: true });
  }
  const manifests = (await readdir(seed.dir, { recursive: true })).filter(
    (p) => p === 'Cargo.toml' || p.endsWith('/Cargo.toml'),
  );
  out.push({ target: { label: 'seed: fixtures/ai_os_diffusion', cargoDir, ourDir, index: seed.registry }, manifests });
  return out;
}

/**
 * How many minimal conflicts an explanation prints: one `error:` line each, except a group of
 * conflicts that share a requirement, told under one `error:` header and then `conflict i of n`.
 */
export function countConflicts(text: string): number {
  const lines = text.split('\n');
  let n = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('error: ')) continue;
    const group = /^ {2}conflict 1 of (\d+): /.exec(lines[i + 1] ?? '');
    n += group ? Number(group[1]) : 1;
  }
  return n;
}

/** The dependency an error says no version could be selected for (cargo's words, and check's). */
export function failedAt(message: string): string {
  return (
    /failed to select a version for (?:the requirement )?`([^` =]+)/.exec(message)?.[1] ??
    /no matching package named `([^`]+)`/.exec(message)?.[1] ??
    '?'
  );
}
