import { describe, expect, test, vi } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { parseEditText } from '../../src/edits/index.js';
import { WhatIfSession } from '../../src/session/session.js';
import { SessionEngine } from '../../src/tui/engine.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * Issue 13: the TUI shows an edit's verdict as soon as cargo's search has it. `analyze` asks
 * only for cargo's verdict (no SAT encoding, which `resolve` builds for a failure); the full
 * resolution and the explanation wait for `explain`, which the store runs after showing the
 * verdict.
 */
describe('SessionEngine.analyze: the verdict first, the explanation when asked', () => {
  test('a failing workspace: verdict from the search alone, explanation after', async () => {
    const session = await WhatIfSession.open(parseCommandLine('tui', [SEED, '--registry', REGISTRY, '--offline']));
    const engine = new SessionEngine(session);
    const verdict = vi.spyOn(session, 'verdict');
    const resolve = vi.spyOn(session, 'resolve');
    const pending = await engine.analyze([]);
    expect(pending.analysis.verdict).toEqual({ kind: 'unresolvable' });
    expect(verdict).toHaveBeenCalledTimes(1);
    expect(resolve).not.toHaveBeenCalled();
    const explanation = await pending.explain!();
    // The failure resolved in full (for its encoding), then each fix verified by resolving.
    expect(resolve.mock.calls[0]).toEqual([[]]);
    expect(explanation).toBeDefined();
    // The seed's fixes, as explain prints them (one is arrow_quant_v2 back on pyo3 0.20).
    expect(JSON.stringify(explanation)).toContain('arrow_quant_v2');
    pending.discard();
  });

  test('an edit that resolves: no explanation, and nothing but the verdict asked', async () => {
    const session = await WhatIfSession.open(parseCommandLine('tui', [SEED, '--registry', REGISTRY, '--offline']));
    const engine = new SessionEngine(session);
    const resolve = vi.spyOn(session, 'resolve');
    const pending = await engine.analyze([parseEditText('--bump arrow_quant_v2:pyo3=0.20')]);
    expect(pending.analysis.verdict).toEqual({ kind: 'resolved', packages: 64 });
    expect(pending.explain).toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();
  });
});
