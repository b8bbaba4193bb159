import { editsTaken } from '../pipeline/upgrades.js';
import { editNotes } from '../report/edit-notes.js';
import { resolvedJson } from '../report/json.js';
import { WhatIfSession } from '../session/session.js';
import type { CommandOptions } from './options.js';
import { fetchProgress, note, print, printJson, verdictNotice, warn } from './output.js';
import { reportFailure, resolveShowingVerdict } from './resolve.js';

/** `explain`: why it does not resolve (exit 1), or that it does (exit 0). */
export async function explainCommand(options: CommandOptions): Promise<number> {
  const session = await WhatIfSession.open(options, fetchProgress(options), warn);
  for (const w of session.input.warnings) warn(w);
  for (const n of editNotes(editsTaken(session.input))) note(n);
  session.preloadSatEngine();
  const notice = verdictNotice(options);
  const resolution = await resolveShowingVerdict(session, notice);
  if (resolution.outcome.kind === 'resolved') {
    notice?.clear();
    const n = resolution.outcome.graph.packages.size;
    if (options.json) printJson(resolvedJson(resolution.outcome.graph));
    else print(`The workspace resolves: ${n} packages, nothing to explain.\n`);
    return 0;
  }
  return reportFailure(options, session, resolution, notice);
}
