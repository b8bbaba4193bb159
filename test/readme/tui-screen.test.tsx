import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/tui/components/App.js';
import { initialState } from '../../src/tui/state.js';
import { TuiStore } from '../../src/tui/store.js';
import { ROOT } from '../cli/run-cli.js';
import { seedEngine } from '../tui/fixtures.js';

/**
 * The README's captured TUI screens cannot go stale either: each ```text block that follows a
 * `<!-- tui-screen: KEYS -->` marker is what the TUI shows at 80x24 on the seed, over the real
 * pipeline, once the explanation and the upgrade plan are done and KEYS (space-separated, as
 * typed; empty for the first screen) were pressed. UPDATE_README=1 writes the screens instead.
 */
const README = join(ROOT, 'README.md');
const UPDATE = process.env.UPDATE_README === '1';
const MARKER = /<!-- tui-screen:? ?(.*?) -->\n```text\n([\s\S]*?)```\n/g;

const unmounts: (() => void)[] = [];
afterAll(() => {
  for (const u of unmounts) u();
});

async function screen(keys: string[]): Promise<string> {
  const engine = await seedEngine();
  const store = new TuiStore(
    engine,
    initialState({
      workspace: 'fixtures/ai_os_diffusion',
      registry: 'fixtures/registry',
      args: 'fixtures/ai_os_diffusion',
    }),
    { pauseMs: 0, planIdleMs: 0 },
  );
  const app = render(<App store={store} width={80} height={24} />);
  unmounts.push(app.unmount);
  await store.start();
  await store.planned();
  for (const k of keys) {
    app.stdin.write(k);
    await new Promise((r) => setTimeout(r, 20));
    await store.idle();
    await store.planned();
  }
  // ink renders at its own pace; let the last state reach the frame.
  await new Promise((r) => setTimeout(r, 100));
  return `${stripVTControlCharacters(app.lastFrame() ?? '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')}\n`;
}

describe("the README's TUI screens", () => {
  const readme = readFileSync(README, 'utf8');
  const blocks = [...readme.matchAll(MARKER)];

  it('has a captured screen of the seed', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('shows what the TUI shows', async () => {
    let updated = readme;
    for (const b of blocks.reverse()) {
      const keys = b[1]!.trim() === '' ? [] : b[1]!.trim().split(/\s+/);
      const shown = await screen(keys);
      if (UPDATE) {
        const at = b.index!;
        const text = `<!-- tui-screen${b[1]!.trim() ? `: ${b[1]!.trim()}` : ''} -->\n\`\`\`text\n${shown}\`\`\`\n`;
        updated = updated.slice(0, at) + text + updated.slice(at + b[0].length);
      } else {
        expect(shown, `README: the TUI screen after keys "${b[1]}"`).toBe(b[2]);
      }
    }
    if (UPDATE) writeFileSync(README, updated);
  }, 300_000);
});
