/**
 * Where `explain` spends its time on one workspace, in-process from the TypeScript sources (run
 * one process per workspace, as the CLI is): loading the workspace and the index, Cargo's search
 * (which fails), the SAT engine's first answer (encoding it and proving it unsatisfiable, with
 * logic-solver's load), the minimal conflicts, and the fixes (each verified by resolving again).
 *
 *   npx tsx test/bench/explain-phases.ts WORKSPACE INDEX_DIR
 */
import { createRequire } from 'node:module';
import { parseCommandLine } from '../../src/cli/args.js';
import { WhatIfSession } from '../../src/session/session.js';

async function main(): Promise<void> {
  const [ws, index] = process.argv.slice(2);
  if (!ws || !index) throw new Error('usage: explain-phases.ts WORKSPACE INDEX_DIR');
  const t0 = performance.now();
  const options = parseCommandLine('explain', [ws, '--registry', index, '--offline', '--ignore-lock']);
  const session = await WhatIfSession.open(options);
  const t1 = performance.now();
  const verdict = await session.verdict();
  const t2 = performance.now();
  // logic-solver's MiniSat alone, as the SAT engine loads it on first use.
  createRequire(import.meta.url)('logic-solver/minisat_wrapper.js');
  const t3 = performance.now();
  const resolution = await session.resolve();
  const t4 = performance.now();
  const ex = await session.explain(resolution);
  const t5 = performance.now();
  const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
  console.log(
    [
      `load ${ms(t0, t1)}`,
      `search (verdict ${verdict.outcome.kind}) ${ms(t1, t2)}`,
      `logic-solver load ${ms(t2, t3)}`,
      `search + SAT encoding and first proof ${ms(t3, t4)} (solver calls ${resolution.outcome.stats.solverCalls}, ${resolution.outcome.stats.encodedPackages} packages encoded, ${resolution.outcome.stats.clauses} clauses)`,
      `explanation ${ms(t4, t5)} (conflicts ${ex?.conflicts.length}, fixes ${ex?.suggestions.length}, fix attempts ${ex?.stats.attempts}, solver calls ${ex?.stats.solverCalls})`,
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
