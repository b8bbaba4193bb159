import type { CommandSession } from '../commands/session.js';
import { checkKnownCrates, extendRegistry, namedByEdits } from '../pipeline/input.js';
import type { Baseline } from '../whatif/baseline.js';
import { baselineOf, diffAgainstBaseline } from '../whatif/baseline.js';
import type { Edit } from '../whatif/edits.js';
import { applyEdits } from '../whatif/edits.js';
import type { Analysis, ExplanationView } from './analysis.js';
import { analysisOf, explanationView } from './analysis.js';

/**
 * The pipeline as the TUI's store needs it. An interface, so the store and the components can
 * be exercised against canned analyses; `SessionEngine` is the real one.
 */
export interface WhatIfEngine {
  /** Crates these edits add that the loaded index snapshot lacks. */
  missingCrates(edits: readonly Edit[]): string[];
  /** Loads them (and what they reach) from the index; may touch the network. */
  load(names: readonly string[]): Promise<void>;
  /** Throws a UserError when the edits cannot apply: unknown member, dependency or crate. */
  validate(edits: readonly Edit[]): void;
  /**
   * Resolves with the edits. Explaining a failure costs more than resolving, so it is a
   * second step the caller can run later, or skip (`discard`) when the edits changed meanwhile.
   */
  analyze(edits: readonly Edit[]): PendingAnalysis;
}

export interface PendingAnalysis {
  analysis: Analysis;
  explain?: () => ExplanationView;
  /** Releases what `explain` would have used; idempotent. */
  discard(): void;
}

export class SessionEngine implements WhatIfEngine {
  private baseline?: Baseline;

  /** `session` must be opened without command-line edits: the TUI's edit stack holds them. */
  constructor(readonly session: CommandSession) {}

  missingCrates(edits: readonly Edit[]): string[] {
    const registry = this.session.input.registry;
    return [...new Set(namedByEdits(edits).filter((name) => !registry.has(name)))];
  }

  load(names: readonly string[]): Promise<void> {
    return extendRegistry(this.session.input, names);
  }

  validate(edits: readonly Edit[]): void {
    const { input, versionsOf } = this.session;
    const edited = applyEdits(input.baseMembers, edits, versionsOf);
    checkKnownCrates(edited.members, input.registry, input.workspace.rootManifestPath);
  }

  analyze(edits: readonly Edit[]): PendingAnalysis {
    const { session } = this;
    const resolution = session.resolve(edits);
    const outcome = resolution.outcome;
    const diff =
      outcome.kind === 'resolved'
        ? diffAgainstBaseline(session.input, session.settings, outcome.graph, (this.baseline ??= baselineOf(session.input, session.settings)))
        : undefined;
    const analysis = analysisOf(edits, resolution, session.versionsOf, diff);
    if (outcome.kind !== 'unresolvable') return { analysis, discard: () => {} };
    // The solver session lives in MiniSat's shared, fixed heap: a long TUI session must give each one back.
    let open = true;
    const discard = () => {
      if (open) outcome.session.dispose();
      open = false;
    };
    const explain = () => {
      if (!open) throw new Error('explain after discard');
      try {
        return explanationView(session.explain(resolution, edits)!);
      } finally {
        discard();
      }
    };
    return { analysis, explain, discard };
  }
}
