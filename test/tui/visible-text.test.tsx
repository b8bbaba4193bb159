import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { Text } from '../../src/tui/components/styled.js';
import { ROOT } from '../cli/run-cli.js';

/**
 * The TUI shows names from manifests, index lines and lockfiles: a control character or escape
 * sequence in one is shown escaped (`\u{1b}`), never sent to the terminal (issue 15).
 */
test("the TUI's Text shows an escape sequence escaped, in every string child", () => {
  const app = render(
    <Text>
      {'b\u001b[31mar'} and {'x\ny'}
    </Text>,
  );
  const frame = app.lastFrame() ?? '';
  app.unmount();
  expect(frame).toContain('b\\u{1b}[31mar and x\\ny');
  expect(frame).not.toContain('\u001b[31m');
});

test('every component takes Text from styled.tsx, none from ink', () => {
  const dir = join(ROOT, 'src', 'tui', 'components');
  const offenders = readdirSync(dir)
    .filter((f) => f !== 'styled.tsx' && f.endsWith('.tsx'))
    .filter((f) => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(join(dir, f), 'utf8')));
  expect(offenders).toEqual([]);
});
