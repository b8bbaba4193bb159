/**
 * A V8 CPU profile (`node --cpu-prof`) in a few lines: where the samples land by function (self
 * time), by source file, and which of our functions the time is spent under (inclusive time,
 * each function counted once per sample however deep its recursion).
 */
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summariseProfile(label: string, profile: CpuProfile, root: string, top = 12): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const fileOf = (url: string) => {
    if (url === '') return '(native/V8)';
    if (url.startsWith('node:')) return '(node internals)';
    const path = url.replace(/^file:\/\//, '');
    const rel = path.startsWith(root) ? path.slice(root.length) : path;
    return rel.includes('node_modules/') ? `node_modules/${rel.split('node_modules/').pop()!.split('/')[0]}` : rel;
  };
  const keyOf = (f: CallFrame) => {
    const name = f.functionName || '(anonymous)';
    const file = fileOf(f.url);
    return /^\(/.test(name) && f.url === '' ? name : `${name}  ${file}:${f.lineNumber + 1}`;
  };

  const self = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [i, id] of profile.samples.entries()) {
    // timeDeltas[i] is the time since the previous sample: charge it to this one.
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const node = byId.get(id);
    if (!node) continue;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    files.set(fileOf(node.callFrame.url), (files.get(fileOf(node.callFrame.url)) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      // Ours: tsc's output, or the bundle linked from it (what `bin` runs).
      if (!/\/dist\/(src|solver|bundle)\//.test(frame.url)) continue;
      const k = keyOf(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `    ${ms(us)} ${pct(us)}  ${k}`);
  return [
    `CPU profile of \`cargo-whatif ${label}\` (${(total / 1000).toFixed(0)} ms sampled):`,
    '  by source file (self time):',
    ...list(files, 8),
    `  top ${top} functions by self time:`,
    ...list(self, top),
    `  our functions by inclusive time (time spent in them and below):`,
    ...list(inclusive, top),
  ].join('\n');
}
