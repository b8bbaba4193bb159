import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { Screen } from '../../src/tui/components/Screen.js';
import type { TuiState } from '../../src/tui/state.js';
import { reduce } from '../../src/tui/state.js';
import { fakeAnalysis, rightPane, stateWith } from './fixtures.js';

/** What the screen shows for a given state, at the 80x24 every terminal has. */
function frame(state: TuiState, width = 80, height = 24): string {
  const { lastFrame, unmount } = render(<Screen state={state} width={width} height={height} />);
  const text = lastFrame() ?? '';
  unmount();
  return text;
}

const RESOLVED = [{ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' }] as const;

describe('the screen', () => {
  test('fits 80x24 exactly', () => {
    for (const state of [stateWith(fakeAnalysis()), stateWith(fakeAnalysis([...RESOLVED])), stateWith(undefined)]) {
      const lines = frame(state).split('\n');
      expect(lines).toHaveLength(24);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    }
  });

  test('uses the width it is given', () => {
    const lines = frame(stateWith(fakeAnalysis()), 120, 30).split('\n');
    expect(lines).toHaveLength(30);
    expect(Math.max(...lines.map((l) => l.length))).toBe(120);
  });

  test('header: workspace, registry, verdict in conflicts, and the edits as a command line', () => {
    const f = frame(stateWith(fakeAnalysis()));
    expect(f).toContain('cargo-whatif fixtures/ai_os_diffusion · registry fixtures/registry');
    expect(f).toContain('✘ 2 CONFLICTS · no edits');
    expect(f).toContain('edits: none yet');
    expect(f).not.toContain('$ cargo-whatif');
  });

  test('header after an edit that resolves', () => {
    const f = frame(stateWith(fakeAnalysis([...RESOLVED]), { tab: 'diff' }));
    expect(f).toContain('✔ RESOLVES · 3 packages · 1 edit');
    expect(f).toContain('edits: --bump arrow_quant_v2:pyo3=0.20');
  });

  test('while the conflicts are being explained, and while solving', () => {
    const { explanation: _, ...pending } = fakeAnalysis();
    let f = frame(stateWith(pending, { working: 'explaining' }));
    expect(f).toMatch(/✘ DOES NOT RESOLVE · no edits · \S explaining…/);
    expect(rightPane(f)).toContain('explaining the conflicts and checking fixes…');
    f = frame(stateWith(undefined, { working: 'resolving' }));
    expect(f).toMatch(/RESOLVING… · no edits · \S resolving…/);
    f = frame(stateWith(fakeAnalysis(), { loading: ['pyo3-async-runtimes'] }));
    expect(f).toContain('loading pyo3-async-runtimes from the index…');
    f = frame(stateWith(undefined, { working: 'resolving', fetching: { complete: 12, pending: 5 } }));
    expect(f).toContain('fetching the index: 12 complete; 5 pending…');
  });

  test('members pane: dependencies with requirement and features; the selected one’s semver lines', () => {
    const s = reduce(stateWith(fakeAnalysis()), { type: 'move', delta: 1 });
    const f = frame(s);
    expect(f).toMatch(/arrow_quant_v2 v0\.1\.0/);
    expect(f).toMatch(/▸! +pyo3 +\^0\.22 +— +0\.23\.5/);
    expect(f).toMatch(/│ {4}pyo3-asyncio +\^0\.20 +— +0\.20\.0/);
    expect(f).toMatch(/arrow_storage v0\.1\.0/);
    expect(f).toContain('features: extension-module, abi3-py310');
    expect(f).toContain('lines: 0.23.5 [0.22.6] 0.21.2');
  });

  test('resolved versions appear next to the requirements', () => {
    const f = frame(stateWith(fakeAnalysis([...RESOLVED])));
    expect(f).toMatch(/pyo3 +\^0\.20 +0\.20\.3/);
  });

  test('conflicts pane: one-line summaries and the selected conflict’s derivation', () => {
    const f = frame(stateWith(fakeAnalysis()));
    expect(f).toContain('Confl 2│Fixes 2│Diff│Pkgs│Upgr│Dep');
    expect(f).toMatch(/▸1\. arrow_quant_v2's pyo3 \^0\.22 and…/);
    expect(f).toMatch(/ 2\. arrow_quant_v2's pyo3 \^0\.22 and…/);
    expect(f).toContain("arrow_storage's pyo3 ^0.20 need");
    expect(f).toContain('arrow_quant_v2 v0.1.0 depends on');
    expect(rightPane(f)).toContain('-> pyo3 0.22.4 to 0.22.6 depend on');
    expect(f).toContain('2 verified fixes: 2 shows them, Enter applies one');
  });

  test('fixes pane: the selected fix in full with its flags', () => {
    const s = reduce(reduce(stateWith(fakeAnalysis()), { type: 'focus', pane: 'suggestions' }), {
      type: 'move',
      delta: 1,
    });
    const f = frame(s);
    expect(f).toMatch(/ 1\. Use pyo3 0\.20 in arrow_quant_v2/);
    expect(f).toMatch(/▸2\. Use pyo3 0\.22 in every member/);
    expect(f).toContain('--bump pyo3=0.22');
    expect(rightPane(f)).toContain('--remove arrow_quant_v2:pyo3-asyncio');
    expect(rightPane(f)).toContain('Enter applies these edits');
  });

  test('diff pane: cargo’s verbs against the baseline', () => {
    const f = frame(stateWith(fakeAnalysis([...RESOLVED]), { tab: 'diff' }));
    expect(rightPane(f)).toContain('Changes against Cargo.lock: 1 removed, 1 downgraded');
    expect(f).toContain('Removing pyo3 v0.22.6');
    expect(f).toMatch(/Downgrading pyo3-ffi v0\.22\.6 -/);
  });

  test('packages pane: the resolved graph', () => {
    const f = frame(stateWith(fakeAnalysis([...RESOLVED]), { tab: 'packages', focus: 'packages' }));
    expect(f).toContain('arrow_quant_v2 v0.1.0 (path)');
    expect(f).toContain('pyo3-ffi v0.20.3');
    expect(rightPane(frame(stateWith(fakeAnalysis(), { tab: 'packages' })))).toContain(
      'The workspace does not resolve with these',
    );
  });

  test('footer: an open prompt with its default, and its error under it', () => {
    const prompt = {
      kind: 'bump' as const,
      member: 'arrow_quant_v2',
      dep: 'pyo3',
      label: 'bump arrow_quant_v2:pyo3 (^0.22) to',
      placeholder: '0.23',
      text: '0.2',
    };
    let f = frame(stateWith(fakeAnalysis(), { prompt }));
    expect(f).toContain('› bump arrow_quant_v2:pyo3 (^0.22) to [0.23]: 0.2');
    expect(f).toContain('Enter apply  Esc cancel');
    f = frame(
      stateWith(fakeAnalysis(), { prompt, message: { kind: 'error', text: '--bump arrow_quant_v2:pyo3=0.2x: bad' } }),
    );
    expect(f).toContain('error: --bump arrow_quant_v2:pyo3=0.2x: bad');
  });

  test('overlays: help and the command line to reproduce', () => {
    expect(frame(stateWith(fakeAnalysis(), { overlay: 'help' }))).toContain(
      'u          upgrade the selected crate across the workspace',
    );
    const f = frame(stateWith(fakeAnalysis([...RESOLVED]), { overlay: 'command' }));
    expect(f).toContain('cargo-whatif resolve fixtures/ai_os_diffusion --bump arrow_quant_v2:pyo3=0.20');
    expect(f).toMatch(/cargo-whatif lock fixtures\/ai_os_diffusion --bump arrow_quant_v2:pyo3=0\.20 +│\n│--write/);
  });
});
