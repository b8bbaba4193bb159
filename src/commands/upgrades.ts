import { relative } from 'node:path';
import { editsTaken } from '../pipeline/upgrades.js';
import { planUpgrades } from '../plan/planner.js';
import { invocationOf } from '../report/command-line.js';
import { editNotes } from '../report/edit-notes.js';
import type { PlanWords } from '../report/upgrades.js';
import { entryText, planHeader, planJson, planSummary } from '../report/upgrades.js';
import { WhatIfSession } from '../session/session.js';
import type { CommandOptions } from './options.js';
import { fetchProgress, note, print, printJson, warn } from './output.js';

/**
 * `upgrades`: the upgrade plan, on top of the command line's edits. Text is printed as each
 * move is decided (the moves that resolve alone come first: they are the cheap answers); `--json`
 * waits for the whole plan. Exit 0 when the plan is computed, whatever it says.
 */
export async function upgradesCommand(options: CommandOptions): Promise<number> {
  const session = await WhatIfSession.open(options, fetchProgress(options), warn);
  for (const w of session.input.warnings) warn(w);
  for (const n of editNotes(editsTaken(session.input))) note(n);
  const words: PlanWords = { invocation: invocationOf(options), userEdits: session.input.edits };
  const workspace = relative(process.cwd(), session.input.workspace.rootDir) || '.';
  const plan = planUpgrades(session);
  for (;;) {
    const step = await plan.next();
    if (step.done) {
      if (options.json) printJson(planJson(step.value, words));
      else if (step.value.entries.length > 0) print(planSummary(step.value));
      return 0;
    }
    const { plan: now, changed } = step.value;
    if (options.json) continue;
    if (changed === undefined) {
      if (!now.done) print(planHeader(now, workspace));
      continue;
    }
    const entry = now.entries[changed]!;
    if (entry.state === 'decided') print(entryText(entry, words));
  }
}
