import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../solver/engine.js';
import { parseCommandLine } from '../../src/cli/args.js';
import { verdictNotice } from '../../src/commands/output.js';
import type { SearchFailure } from '../../src/resolve/search.js';
import { WhatIfSession } from '../../src/session/session.js';
import { BIN, cli, ensureBuilt } from '../cli/run-cli.js';
import { tempDir } from '../support/temp.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * Issue 13: `resolve`, `lock` and `explain` show cargo's verdict the moment its search fails, on
 * a terminal's stderr, while the SAT engine works out the explanation (up to a second), and
 * clear it before the explanation prints. Scripts (no terminal, or --json) see what they saw.
 */
function fakeTerminal(columns = 80): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const write = (s: string) => {
    chunks.push(s);
    return true;
  };
  return { stream: { isTTY: true, columns, write } as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape sequences are what it removes
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[mK]/g, '');

describe('the verdict while the explanation is worked out', () => {
  it('is heard from the search before the SAT engine is started', async () => {
    // First in this file: no MiniSat instance exists yet in this process.
    const session = await WhatIfSession.open(parseCommandLine('explain', [SEED, '--registry', REGISTRY, '--offline']));
    const heard: { failure: SearchFailure; engines: number }[] = [];
    const before = Engine.instances;
    const resolution = await session.resolve([], {
      searchFailed: (failure) => heard.push({ failure, engines: Engine.instances }),
    });
    expect(resolution.outcome.kind).toBe('unresolvable');
    expect(heard).toHaveLength(1);
    expect(heard[0]!.engines).toBe(before);
    expect(Engine.instances).toBeGreaterThan(before);
    expect(heard[0]!.failure.dep.name).toBe('pyo3-ffi');
  });

  it('is one status line in cargo style, cut to the terminal, cleared with a carriage return', () => {
    const t = fakeTerminal(60);
    const notice = verdictNotice({ json: false }, t.stream)!;
    notice.show('failed to select a version for `pyo3-ffi` (required by pyo3 v0.22.6): every candidate conflicts');
    const shown = plain(t.text());
    expect(shown).toMatch(/^\r {2}Explaining failed to select a version for `pyo3-ffi`/);
    expect(shown.length).toBeLessThanOrEqual(60);
    expect(shown.endsWith('\u2026')).toBe(true);
    expect(shown).not.toContain('\n');
    notice.clear();
    expect(t.text().endsWith('\r\x1b[K')).toBe(true);
    const after = t.text().length;
    notice.clear();
    expect(t.text().length).toBe(after);
  });

  it('is not shown with --json, or where stderr is not a terminal', () => {
    expect(verdictNotice({ json: true }, fakeTerminal().stream)).toBeUndefined();
    expect(verdictNotice({ json: false }, { isTTY: false } as NodeJS.WriteStream)).toBeUndefined();
  });

  it('leaves the output of a run without a terminal as it was', () => {
    const r = cli(['explain', SEED, '--registry', REGISTRY, '--offline']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('Explaining');
    expect(r.stdout).toMatch(/^error: /);
  });

  const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
  const haveScript = script.status === 0;
  if (!haveScript) console.warn('SKIPPED the terminal run of verdict-notice.test.ts: `script` (util-linux) is absent');
  it.skipIf(!haveScript)('on a real terminal: the verdict first, cleared, then the explanation', async () => {
    ensureBuilt();
    const dir = await tempDir('whatif-notice-');
    try {
      const log = join(dir.path, 'typescript');
      const command = [process.execPath, BIN, 'explain', SEED, '--registry', REGISTRY, '--offline']
        .map((a) => `'${a}'`)
        .join(' ');
      const r = spawnSync('script', ['-q', '-e', '-c', command, log], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', COLUMNS: '200' },
        timeout: 120_000,
      });
      expect(r.status).toBe(1);
      const raw = readFileSync(log, 'utf8');
      const notice = raw.indexOf('  Explaining failed to select a version for `pyo3-ffi`');
      const cleared = raw.indexOf('\r\x1b[K', notice);
      const explanation = raw.indexOf('error: ', notice);
      expect(notice).toBeGreaterThan(-1);
      expect(cleared).toBeGreaterThan(notice);
      expect(explanation).toBeGreaterThan(cleared);
    } finally {
      await dir.remove();
    }
  });
});
