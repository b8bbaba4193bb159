import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Baseline } from '../compare/baseline.js';
import { baselineOf, diffAgainstBaseline } from '../compare/baseline.js';
import type { CheckedOutcome, CheckSpec } from '../compare/checks.js';
import { evaluate, hasExpectations, parseForbid } from '../compare/checks.js';
import { readWhatifToml, WHATIF_TOML } from '../compare/whatif-toml.js';
import { applyEdits } from '../edits/apply.js';
import type { Edit } from '../edits/edit.js';
import { editFlag, editsCommandLine } from '../edits/edit.js';
import { isUserError, UserError } from '../errors.js';
import { checkPolicyCrates, extendRegistry, namedByEdits } from '../pipeline/input.js';
import type { Resolution } from '../pipeline/resolution.js';
import { editsTaken } from '../pipeline/upgrades.js';
import type { CheckResult } from '../report/check.js';
import { checkResultJson, checkResultText, checkSummaryText } from '../report/check.js';
import type { Invocation } from '../report/command-line.js';
import { invocationArgs, invocationOf } from '../report/command-line.js';
import { suggestionCommand, suggestionContext } from '../report/explanation.js';
import { conflictSummary } from '../report/facts.js';
import { resolvedJson, unresolvableJson } from '../report/json.js';
import { cycleText } from '../report/resolution.js';
import { searchFailureFacts, searchFailureSummary } from '../report/search-failure.js';
import { WhatIfSession } from '../session/session.js';
import { workspaceRootDir } from '../workspace/index.js';
import type { CommandOptions } from './options.js';
import { fetchProgress, print, printJson, warn } from './output.js';

/**
 * `check`: scripted what-ifs for CI. Expectations on the command line make one check of the
 * workspace plus the command line's edits; without any, the checks of whatif.toml run (all, or
 * the one `--check NAME` names), each on top of the command line's edits.
 * Exit 0 when every expectation holds, 1 when one fails, 2 on bad input (before any check runs).
 */
export async function checkCommand(options: CommandOptions): Promise<number> {
  const fromFlags = hasExpectations(options.check);
  if (fromFlags && options.check.name !== undefined) {
    throw new UserError(
      '--check NAME runs a check of whatif.toml; it cannot be combined with --expect, --unify, --forbid or --max-duplicates',
    );
  }
  for (const f of options.check.forbid) parseForbid(f);
  // whatif.toml is read before the index is loaded, so a broken one fails fast and offline; the
  // workspace is read once, by the session. Expectations on the command line need no whatif.toml.
  const file = fromFlags ? '' : join(workspaceRootDir(options.path), WHATIF_TOML);
  const checks: CheckSpec[] = fromFlags
    ? [{ name: 'command line', edits: [], expectations: options.check }]
    : selected(file, options.check.name);
  const session = await WhatIfSession.open(options, fetchProgress(options), warn);
  const { input } = session;
  await extendRegistry(
    input,
    checks.flatMap((c) => [...namedByEdits(c.edits), ...policyCrates(c)]),
  );
  validate(session, checks);
  for (const w of input.warnings) warn(w);

  const invocation = invocationOf(options);
  let baseline: Promise<Baseline> | undefined;
  const results: CheckResult[] = [];
  for (const c of checks)
    results.push(await runCheck(session, invocation, c, () => (baseline ??= baselineOf(input, session.settings))));
  const passed = results.every((r) => r.pass);
  if (options.json) {
    const checksJson = results.map(checkResultJson);
    // One check from flags answers as the contract's resolve document, with the verdict added.
    if (fromFlags) printJson({ ...results[0]!.resolution, passed, checks: checksJson });
    else printJson({ status: passed ? 'passed' : 'failed', passed, file, checks: checksJson });
  } else {
    if (!fromFlags)
      print(
        `running ${results.length} check${results.length === 1 ? '' : 's'} from ${relative(process.cwd(), file) || file}\n`,
      );
    for (const r of results) print(checkResultText(r));
    print(checkSummaryText(results));
  }
  return passed ? 0 : 1;
}

function selected(file: string, name: string | undefined): CheckSpec[] {
  if (!existsSync(file)) {
    throw new UserError(
      `nothing to check: no expectations given (--expect, --unify, --forbid, --max-duplicates) and no ${WHATIF_TOML} in the workspace root`,
      { file },
    );
  }
  const all = readWhatifToml(file);
  if (name === undefined) return all;
  const one = all.filter((c) => c.name === name);
  if (one.length === 0) {
    throw new UserError(`no check named \`${name}\` (checks: ${all.map((c) => `\`${c.name}\``).join(', ')})`, { file });
  }
  return one;
}

function policyCrates(c: CheckSpec): string[] {
  return [...c.expectations.unify, ...c.expectations.forbid.map((f) => parseForbid(f).crate)];
}

/** Every check's edits and policies must make sense for this workspace before any check runs. */
function validate(session: WhatIfSession, checks: readonly CheckSpec[]): void {
  for (const c of checks) {
    try {
      applyEdits(session.input.baseMembers, [...session.input.edits, ...c.edits], session.versionsOf);
      checkPolicyCrates(session.input, policyCrates(c));
    } catch (err) {
      if (!isUserError(err) || !c.location) throw err;
      throw new UserError(`check \`${c.name}\`: ${err.message}`, c.location);
    }
  }
}

async function runCheck(
  session: WhatIfSession,
  invocation: Invocation,
  c: CheckSpec,
  baseline: () => Promise<Baseline>,
): Promise<CheckResult> {
  const edits = [...session.input.edits, ...c.edits];
  // Every expectation asks only whether it resolves and what the graph holds: Cargo's search
  // answers that, and a failure is reported as cargo's verdict, without the SAT engine.
  const resolution = await session.verdict(c.edits);
  const { upgrades, notes } = editsTaken(session.input, edits);
  const base = {
    name: c.name,
    edits: edits.map(editFlag),
    ...(upgrades.length && { upgrades }),
    ...(notes.length && { notes }),
  };
  const outcome = resolution.outcome;
  if (outcome.kind === 'resolved') {
    const expectations = evaluate(c.expectations, { kind: 'resolved', graph: outcome.graph });
    return {
      ...base,
      pass: expectations.every((x) => x.pass),
      expectations,
      resolution: resolvedJson(outcome.graph),
      conflicts: [],
      suggestions: [],
      ...(edits.length && { diff: diffAgainstBaseline(await baseline(), outcome.graph) }),
    };
  }
  const failed = await failure(session, invocation, resolution, c.edits);
  const expectations = evaluate(c.expectations, failed.outcome);
  return { ...base, pass: expectations.every((x) => x.pass), expectations, ...failed.report };
}

async function failure(
  session: WhatIfSession,
  invocation: Invocation,
  resolution: Resolution,
  /** The check's own edits, on top of the command line's. */
  edits: readonly Edit[],
): Promise<{
  outcome: CheckedOutcome;
  report: Pick<CheckResult, 'resolution' | 'conflicts' | 'suggestions' | 'suggestedCommands' | 'explainCommand'>;
}> {
  const outcome = resolution.outcome;
  if (outcome.kind === 'failed') {
    const summary = searchFailureSummary(outcome.failure);
    const explainCommand = [
      'cargo-whatif explain',
      invocationArgs(invocation),
      editsCommandLine([...session.input.edits, ...edits]),
    ]
      .filter(Boolean)
      .join(' ');
    return {
      outcome: { kind: 'unresolvable', summaries: [summary] },
      report: {
        resolution: {
          status: 'unresolvable',
          conflicts: [{ summary, facts: searchFailureFacts(outcome.failure) }],
          suggestions: [],
          explain: explainCommand,
        },
        conflicts: [summary],
        suggestions: [],
        explainCommand,
      },
    };
  }
  if (outcome.kind === 'cycle') {
    const summary = cycleText(outcome.cycle)
      .split('\n')[0]!
      .replace(/^error: /, '');
    return {
      outcome: { kind: 'unresolvable', summaries: [summary] },
      report: {
        resolution: {
          status: 'unresolvable',
          conflicts: [
            { summary, facts: outcome.cycle.map((s) => ({ kind: 'cycle', text: `${s.name} v${s.version}` })) },
          ],
          suggestions: [],
        },
        conflicts: [summary],
        suggestions: [],
      },
    };
  }
  const ex = (await session.explain(resolution, edits))!;
  const summaries = ex.conflicts.map(conflictSummary);
  const how = suggestionContext(session, invocation, edits);
  return {
    outcome: { kind: 'unresolvable', summaries },
    report: {
      resolution: unresolvableJson(ex, {}, how),
      conflicts: summaries,
      suggestions: ex.suggestions.map((s) => s.flags),
      suggestedCommands: ex.suggestions.map((s) => suggestionCommand(s, how)),
    },
  };
}
