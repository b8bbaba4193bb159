import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Edit } from '../../src/edits/edit.js';
import type { EditFlag } from '../../src/edits/index.js';
import type { Input } from '../../src/pipeline/input.js';
import { loadInput } from '../../src/pipeline/input.js';
import type { Resolution } from '../../src/pipeline/resolution.js';
import { resolveInput } from '../../src/pipeline/resolution.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED = path.join(REPO, 'fixtures/ai_os_diffusion');
export const WHATIF_SEED = path.join(REPO, 'fixtures/whatif/ai_os_diffusion');
export const REGISTRY = path.join(REPO, 'fixtures/registry');

export async function inputFor(dir: string, edits: EditFlag[] = []): Promise<Input> {
  return loadInput({ path: dir, registry: REGISTRY, offline: true, ignoreLock: false, edits });
}

export function resolveWith(input: Input, edits: readonly Edit[]): Resolution {
  return resolveInput(input, edits, { ordering: 'maximum', useLockfile: true, onePass: false });
}

/** name -> versions in the resolved graph (undefined when it does not resolve). */
export function picked(r: Resolution): Map<string, string[]> | undefined {
  if (r.outcome.kind !== 'resolved') return undefined;
  const out = new Map<string, string[]>();
  for (const s of r.outcome.graph.sorted()) out.set(s.name, [...(out.get(s.name) ?? []), s.version.toString()]);
  return out;
}

/** Features the resolved graph turns on for `name` (at `version`, when several are in it). */
export function featuresOf(r: Resolution, name: string, version?: string): string[] {
  if (r.outcome.kind !== 'resolved') throw new Error('not resolved');
  const graph = r.outcome.graph;
  const pkg = [...graph.packages.entries()].find(
    ([, s]) => s.name === name && (version === undefined || s.version.toString() === version),
  );
  if (!pkg) throw new Error(`${name} is not in the graph`);
  return [...(graph.features.get(pkg[0]) ?? [])].sort();
}

/** A scratch copy of a fixture workspace (manifests and sources), safe to write to. */
export function copyWorkspace(dir: string): string {
  const to = mkdtempSync(path.join(tmpdir(), 'whatif-ws-'));
  cpSync(dir, to, { recursive: true, filter: (src) => !/[\\/](target|expected)$/.test(src) });
  return to;
}

/** Every file under `dir` with its bytes, for "nothing else changed" assertions. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}
