import { relative } from 'node:path';
import type { CommonOptions } from '../cli/args.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../fsutil/atomic-write.js';
import type { Resolution } from '../pipeline/resolution.js';
import { explanationText } from '../report/explanation.js';
import { resolvedJson, unresolvableJson } from '../report/json.js';
import { lockfileText } from '../report/lockfile.js';
import { cycleText, resolvedText } from '../report/resolution.js';
import { print, printJson, warn } from './output.js';
import { CommandSession } from './session.js';

/**
 * `resolve` and `lock`: resolve as cargo would; print the packages, or write/print Cargo.lock.
 * Exit 0 resolved, 1 unresolvable.
 */
export async function resolveCommand(options: CommonOptions): Promise<number> {
  const session = await CommandSession.open(options);
  for (const w of session.input.warnings) warn(w);
  const resolution = session.resolve();
  const outcome = resolution.outcome;
  if (outcome.kind === 'resolved') {
    if (options.command === 'lock') return writeLock(session, resolution);
    if (options.json) printJson(resolvedJson(outcome.graph));
    else print(resolvedText(outcome.graph, resolution.members));
    return 0;
  }
  return reportFailure(session, resolution);
}

export function reportFailure(session: CommandSession, resolution: Resolution): number {
  const outcome = resolution.outcome;
  const options = session.options;
  if (outcome.kind === 'cycle') {
    const text = cycleText(outcome.cycle);
    if (options.json) {
      printJson({
        status: 'unresolvable',
        conflicts: [{ summary: text.split('\n')[0]!.replace(/^error: /, ''), facts: outcome.cycle.map((s) => ({ kind: 'cycle', text: `${s.name} v${s.version}` })) }],
        suggestions: [],
      });
    } else process.stderr.write(text);
    return 1;
  }
  if (outcome.kind !== 'unresolvable') throw new Error('reportFailure on a resolved outcome');
  const ex = session.explain(resolution)!;
  if (options.json) printJson(unresolvableJson(ex));
  else print(explanationText(ex, options.command));
  return 1;
}

function writeLock(session: CommandSession, resolution: Resolution): number {
  const { options, input } = session;
  if (resolution.outcome.kind !== 'resolved') throw new Error('writeLock on an unresolved outcome');
  const graph = resolution.outcome.graph;
  const text = lockfileText(graph, resolution.members, input.lockfile?.text);
  if (options.stdout) {
    print(text);
    return 0;
  }
  const target = input.workspace.lockfilePath;
  const shown = relative(process.cwd(), target) || target;
  if (input.edits.length > 0 && !options.write) {
    // A what-if lockfile does not match the manifests on disk; writing it needs --write.
    process.stderr.write(`note: what-if edits given without --write: ${shown} was not written (use --stdout to see it)\n`);
    if (options.json) printJson(resolvedJson(graph, { written: false }));
    return 0;
  }
  if (input.edits.length > 0 && options.write) {
    throw new UserError('--write with what-if edits is not supported yet: it would have to edit the Cargo.toml files too');
  }
  if (input.lockfile?.text === text) {
    process.stderr.write(`${shown} is up to date (${graph.packages.size} packages)\n`);
  } else {
    writeFileAtomic(target, text);
    process.stderr.write(`Wrote ${shown} (${graph.packages.size} packages)\n`);
  }
  if (options.json) printJson(resolvedJson(graph, { written: true, lockfile: target }));
  return 0;
}
