import { relative } from 'node:path';
import { baselineOf, diffAgainstBaseline } from '../compare/baseline.js';
import { InternalError } from '../errors.js';
import type { Explanation } from '../explain/explain.js';
import { writeFileAtomic } from '../fsutil/atomic-write.js';
import { writeFailure } from '../manifest-edit/commit.js';
import type { Snapshot } from '../manifest-edit/snapshot.js';
import { takeSnapshot } from '../manifest-edit/snapshot.js';
import { writeEditedWorkspace } from '../manifest-edit/write.js';
import type { Resolution } from '../pipeline/resolution.js';
import { editsTaken } from '../pipeline/upgrades.js';
import { invocationOf } from '../report/command-line.js';
import { diffJson, diffText } from '../report/diff.js';
import { editNotes, editNotesJson } from '../report/edit-notes.js';
import { explanationText, suggestionContext } from '../report/explanation.js';
import { resolvedJson, unresolvableJson } from '../report/json.js';
import { lockfileText } from '../report/lockfile.js';
import { cycleText, resolvedText } from '../report/resolution.js';
import { searchFailureSummary } from '../report/search-failure.js';
import { WhatIfSession } from '../session/session.js';
import { terminalText } from '../text/visible.js';
import type { CommandOptions } from './options.js';
import {
  fetchProgress,
  note,
  print,
  printData,
  printJson,
  status,
  type VerdictNotice,
  verdictNotice,
  warn,
} from './output.js';

/**
 * `resolve` and `lock`: resolve as cargo would; print the packages, or write/print Cargo.lock.
 * Exit 0 resolved, 1 unresolvable.
 */
export async function resolveCommand(options: CommandOptions): Promise<number> {
  const session = await WhatIfSession.open(options, fetchProgress(options), warn);
  // Read before resolving, so a --write can tell whether a file changed while it worked.
  const snapshot = options.write && session.input.edits.length > 0 ? takeSnapshot(session.input.workspace) : undefined;
  for (const w of session.input.warnings) warn(w);
  for (const n of editNotes(editsTaken(session.input))) note(n);
  const notice = verdictNotice(options);
  const resolution = await resolveShowingVerdict(session, notice);
  const outcome = resolution.outcome;
  if (outcome.kind === 'resolved') {
    notice?.clear();
    if (options.command === 'lock') return writeLock(options, session, resolution, snapshot);
    const diff =
      session.input.edits.length > 0
        ? diffAgainstBaseline(await baselineOf(session.input, session.settings), outcome.graph)
        : undefined;
    if (options.json)
      printJson(
        resolvedJson(outcome.graph, {
          ...(diff && { diff: diffJson(diff) }),
          ...editNotesJson(editsTaken(session.input)),
        }),
      );
    else print(resolvedText(outcome.graph, resolution.members) + (diff ? '\n' + diffText(diff) : ''));
    return 0;
  }
  return reportFailure(options, session, resolution, notice);
}

/** The session's resolution, with cargo's verdict on the terminal from the moment its search fails. */
export async function resolveShowingVerdict(
  session: WhatIfSession,
  notice: VerdictNotice | undefined,
): Promise<Resolution> {
  try {
    return await session.resolve([], notice && { searchFailed: (f) => notice.show(searchFailureSummary(f)) });
  } catch (err) {
    // An error line must not run on from the status line.
    notice?.clear();
    throw err;
  }
}

export async function reportFailure(
  options: CommandOptions,
  session: WhatIfSession,
  resolution: Resolution,
  /** Cleared just before the explanation prints: it shows until then. */
  notice?: VerdictNotice,
): Promise<number> {
  const outcome = resolution.outcome;
  if (outcome.kind === 'cycle') {
    notice?.clear();
    const text = cycleText(outcome.cycle);
    if (options.json) {
      printJson({
        status: 'unresolvable',
        conflicts: [
          {
            summary: text.split('\n')[0]!.replace(/^error: /, ''),
            facts: outcome.cycle.map((s) => ({ kind: 'cycle', text: `${s.name} v${s.version}` })),
          },
        ],
        suggestions: [],
      });
    } else process.stderr.write(terminalText(text));
    return 1;
  }
  if (outcome.kind !== 'unresolvable') throw new InternalError('reportFailure on a resolved outcome');
  let ex: Explanation;
  try {
    ex = (await session.explain(resolution))!;
  } finally {
    notice?.clear();
  }
  const how = suggestionContext(session, invocationOf(options));
  if (options.json) printJson(unresolvableJson(ex, {}, how));
  else print(explanationText(ex, how));
  return 1;
}

/**
 * `lock`: Cargo.lock for the resolution. With what-if edits the lockfile belongs to manifests
 * that do not exist yet, so it is written only with `--write`, together with those manifests.
 */
async function writeLock(
  options: CommandOptions,
  session: WhatIfSession,
  resolution: Resolution,
  snapshot?: Snapshot,
): Promise<number> {
  const { input } = session;
  if (resolution.outcome.kind !== 'resolved') throw new InternalError('writeLock on an unresolved outcome');
  const graph = resolution.outcome.graph;
  const text = lockfileText(graph, resolution.members, input.lockfile, [...input.patches.values()].flat());
  if (options.stdout) {
    printData(text);
    return 0;
  }
  const target = input.workspace.lockfilePath;
  const shown = (file: string) => relative(process.cwd(), file) || file;
  if (input.edits.length === 0) {
    if (input.lockfile?.text === text) {
      status(`${shown(target)} is up to date (${graph.packages.size} packages)`);
    } else {
      try {
        writeFileAtomic(target, text);
      } catch (err) {
        throw writeFailure(err, target);
      }
      status(`Wrote ${shown(target)} (${graph.packages.size} packages)`);
    }
    if (options.json) printJson(resolvedJson(graph, { written: true, lockfile: target }));
    return 0;
  }
  const diff = diffAgainstBaseline(await baselineOf(input, session.settings), graph);
  const extra = { diff: diffJson(diff), ...editNotesJson(editsTaken(session.input)) };
  if (!options.write) {
    note('what-if edits given without --write: no file was written (use --stdout to see the lockfile)');
    if (options.json) printJson(resolvedJson(graph, { written: false, ...extra }));
    else print(diffText(diff));
    return 0;
  }
  const result = writeEditedWorkspace({
    workspace: input.workspace,
    baseMembers: input.baseMembers,
    edits: input.edits,
    versionsOf: session.versionsOf,
    snapshot: snapshot ?? takeSnapshot(input.workspace),
    lockfile: { file: target, text },
  });
  for (const m of result.manifests) status(`Edited ${shown(m.file)}`);
  status(
    result.lockfileChanged
      ? `Wrote ${shown(target)} (${graph.packages.size} packages)`
      : `${shown(target)} is up to date (${graph.packages.size} packages)`,
  );
  if (options.json) {
    printJson(
      resolvedJson(graph, {
        written: true,
        lockfile: target,
        manifests: result.manifests.map((m) => m.file),
        ...extra,
      }),
    );
  } else {
    print(diffText(diff));
  }
  return 0;
}
