import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { EditStack, parseEditFlag } from '../edits/index.js';
import { UserError } from '../errors.js';
import { invocationArgs, invocationOf } from '../report/command-line.js';
import { WhatIfSession } from '../session/session.js';
import { SessionEngine } from '../tui/engine.js';
import { runTui } from '../tui/run.js';
import { SolverThread } from '../tui/solver-thread.js';
import { commandLine, initialState } from '../tui/state.js';
import { TuiStore } from '../tui/store.js';
import type { CommandOptions } from './options.js';
import { fetchProgress, print, status, warn } from './output.js';

/**
 * `tui`: the interactive what-if session. Exit 0 on quit; 2, before anything is loaded, when
 * there is no terminal to be interactive on (scripts and CI get an error, not a hang).
 */
export async function tuiCommand(options: CommandOptions): Promise<number> {
  if (options.json) {
    throw new UserError(
      '`tui` is interactive and has no --json output; use `resolve`, `explain` or `check` with --json and the same what-if flags',
    );
  }
  const notTty = !process.stdin.isTTY ? 'stdin' : !process.stdout.isTTY ? 'stdout' : undefined;
  if (notTty) {
    throw new UserError(
      `\`tui\` needs an interactive terminal, and ${notTty} is not one; in scripts and CI use \`cargo-whatif resolve\`, \`explain\` or \`check\` with the same what-if flags`,
    );
  }
  // The command line's edits become the session's first undoable steps, not a fixed base.
  const edits = options.edits.map((e) => parseEditFlag(e.flag, e.value));
  // A warning found while the session is on screen (an index line skipped as a re-solve reads
  // it) would be written over the panes: it waits until the terminal is the shell's again.
  let onScreen = false;
  const later: string[] = [];
  const warnNowOrLater = (message: string) => (onScreen ? later.push(message) : warn(message));
  const session = await WhatIfSession.open({ ...options, edits: [] }, fetchProgress(options), warnNowOrLater);
  // The bundle carries the plan's thread beside it (solver-worker.mjs); run from tsc's output,
  // without one, the plan shares the TUI's thread.
  const worker = new URL('./solver-worker.mjs', import.meta.url);
  const solverThread =
    worker.protocol === 'file:' && existsSync(worker) ? new SolverThread(worker, options) : undefined;
  const engine = new SessionEngine(session, solverThread);
  const missing = engine.missingCrates(edits);
  if (missing.length > 0) await engine.load(missing);
  engine.validate(edits);
  for (const w of session.input.warnings) warn(w);

  const store = new TuiStore(
    engine,
    initialState({
      workspace: relative(process.cwd(), session.input.workspace.rootDir) || '.',
      registry: options.registry ?? session.input.registry.describe(),
      // Absolute paths, so the command printed at the end runs from any directory.
      args: invocationArgs(invocationOf(options)),
      stack: EditStack.of(edits),
    }),
  );
  onScreen = true;
  try {
    try {
      await runTui(store);
    } finally {
      await solverThread?.close();
    }
  } finally {
    onScreen = false;
    for (const w of later) warn(w);
  }
  const state = store.getState();
  // What was written stays said in the shell, as `lock --write` says it.
  for (const file of state.written) status(`Wrote ${file}`);
  // What the user found is worth keeping: the command that reproduces it stays in the shell.
  if (state.stack.edits.length > 0) print(`${commandLine(state)}\n`);
  return 0;
}
