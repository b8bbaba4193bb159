import { parseCommandLine } from '../../src/cli/args.js';
import { lockfileText } from '../../src/report/lockfile.js';
import { WhatIfSession } from '../../src/session/session.js';

/**
 * The CLI has no timing flag, so the bench times its phases in-process, through the same
 * session the commands use: loading (manifests and the index closure), resolving (the replay
 * of cargo's search, and the SAT solver when cargo would backtrack), and the output (the
 * Cargo.lock text, or for a conflict the explanation with its verified fixes).
 */
export interface Phases {
  crates: number;
  versions: number;
  loadMs: number;
  resolveMs: number;
  outputMs: number;
  output: string;
  stats: string;
}

export async function phaseBreakdown(dir: string, index: string, runs: number): Promise<Phases> {
  const samples: Phases[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once(dir, index));
  const mid = (f: (p: Phases) => number) => [...samples.map(f)].sort((a, b) => a - b)[samples.length >> 1]!;
  return {
    ...samples[0]!,
    loadMs: mid((p) => p.loadMs),
    resolveMs: mid((p) => p.resolveMs),
    outputMs: mid((p) => p.outputMs),
  };
}

async function once(dir: string, index: string): Promise<Phases> {
  const t0 = performance.now();
  const session = await WhatIfSession.open(
    parseCommandLine('explain', [dir, '--ignore-lock', '--registry', index, '--offline']),
  );
  const t1 = performance.now();
  const resolution = await session.resolve();
  const t2 = performance.now();
  const outcome = resolution.outcome;
  let output: string;
  if (outcome.kind === 'resolved') {
    output = `Cargo.lock, ${lockfileText(outcome.graph, resolution.members).length} bytes`;
  } else if (outcome.kind === 'unresolvable') {
    const ex = (await session.explain(resolution))!;
    output = `explain: ${ex.conflicts.length} conflicts, ${ex.suggestions.length} fixes`;
  } else {
    output = 'dependency cycle';
  }
  const t3 = performance.now();
  const s = outcome.stats;
  const search = `search ${s.searchPasses} passes, ${s.searchSteps} steps, ${s.backjumps} backjumps`;
  const stats = s.usedSolver
    ? `${search}; SAT: ${s.encodedPackages} pkgs, ${s.clauses} clauses, ${s.solverCalls} calls, replay ${s.replaySteps} steps`
    : `${search}, no SAT`;
  const versions = [...session.input.registry.loaded.values()].reduce((n, l) => n + l.length, 0);
  return {
    crates: session.input.registry.loaded.size,
    versions,
    loadMs: t1 - t0,
    resolveMs: t2 - t1,
    outputMs: t3 - t2,
    output,
    stats,
  };
}
