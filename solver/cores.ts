/**
 * Minimal unsatisfiable subsets of constraint groups. MiniSat as compiled here reports no
 * unsat core, so cores are found by asking satisfiability questions about subsets of groups:
 * QuickXplain (Junker 2004) for one minimal core, and a small hitting-set walk for further
 * cores that differ from the ones found.
 */
export type SatTest = (groups: readonly number[]) => boolean;

/**
 * A minimal subset C of `candidates` such that `background` plus C is unsatisfiable, where
 * `background` plus all candidates is known to be unsatisfiable (and background alone
 * satisfiable). Minimal: dropping any one group of C makes it satisfiable.
 */
export function quickXplain(background: readonly number[], candidates: readonly number[], sat: SatTest): number[] {
  if (candidates.length === 0) return [];
  return qx(background, true, candidates, sat);
}

function qx(background: readonly number[], changed: boolean, candidates: readonly number[], sat: SatTest): number[] {
  if (changed && !sat(background)) return [];
  if (candidates.length === 1) return [...candidates];
  const half = candidates.length >> 1;
  const c1 = candidates.slice(0, half);
  const c2 = candidates.slice(half);
  const d2 = qx([...background, ...c1], c1.length > 0, c2, sat);
  const d1 = qx([...background, ...d2], d2.length > 0, c1, sat);
  return [...d1, ...d2];
}

export interface CoreEnumeration {
  cores: number[][];
  /** True when the walk stopped at its budget before exhausting the cores it could reach. */
  truncated: boolean;
}

/**
 * Several distinct minimal cores among `candidates`: after each core is found, each of its
 * `removable` groups is removed in turn (breadth first) and a core is sought in what remains.
 * Every core returned is minimal; distinct cores share groups when conflicts overlap.
 */
export function enumerateCores(
  background: readonly number[],
  candidates: readonly number[],
  sat: SatTest,
  options: { maxCores: number; removable?: (group: number) => boolean },
): CoreEnumeration {
  const removable = options.removable ?? (() => true);
  const cores: number[][] = [];
  const seen = new Set<string>();
  const explored = new Set<string>();
  const queue: number[][] = [[]];
  let truncated = false;
  while (queue.length > 0) {
    if (cores.length >= options.maxCores) {
      truncated = true;
      break;
    }
    const removed = queue.shift()!;
    const key = [...removed].sort((a, b) => a - b).join(',');
    if (explored.has(key)) continue;
    explored.add(key);
    const out = new Set(removed);
    const rest = candidates.filter((g) => !out.has(g));
    if (sat([...background, ...rest])) continue;
    // Reuse a known core that avoids the removed groups instead of searching again.
    let core = cores.find((c) => c.every((g) => !out.has(g)));
    if (!core) {
      core = quickXplain(background, rest, sat).sort((a, b) => a - b);
      const ckey = core.join(',');
      if (!seen.has(ckey)) {
        seen.add(ckey);
        cores.push(core);
      }
    }
    for (const g of core) if (removable(g)) queue.push([...removed, g]);
  }
  return { cores, truncated };
}
