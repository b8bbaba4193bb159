import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import { type Edit, parseEditText } from '../../src/edits/index.js';
import { Superseded, ThreadShare } from '../../src/pipeline/fetching.js';
import type { Resolution } from '../../src/pipeline/resolution.js';
import { WhatIfSession } from '../../src/session/session.js';
import { SessionEngine } from '../../src/tui/engine.js';
import { fixture, materialize } from '../conformance/workspaces-2019/fixtures.js';
import { archivePresent, extractedIndex, warnNoArchive } from '../conformance/workspaces-2019/index-archive.js';
import { tempDir } from '../support/temp.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * Issue 13: the TUI's keys never wait for cargo's search. With a ThreadShare the search pauses
 * between dependencies once its slice is used, the event loop runs (keys, timers), and it goes
 * on where it was, to the same answer; a search whose edit list was replaced stops at its next
 * pause. A slice of 0 ms pauses at every dependency, so these tests do not depend on how fast
 * the machine is.
 */
async function seedSession(): Promise<WhatIfSession> {
  return WhatIfSession.open(parseCommandLine('tui', [SEED, '--registry', REGISTRY, '--offline']));
}

/** What a verdict says, comparable across runs: the graph's packages, or where the search failed. */
function answer(r: Resolution): unknown {
  const o = r.outcome;
  if (o.kind === 'resolved') return [...o.graph.packages.keys()].sort();
  if (o.kind === 'failed')
    return { dep: o.failure.dep.name, parent: o.failure.parent.name, conflicting: o.failure.conflicting.length };
  return o.kind;
}

/** The verdict, noting whether an immediate queued before it ran before it was given. */
async function verdictWithTurns(session: WhatIfSession, edits: Edit[], share?: ThreadShare) {
  const order: string[] = [];
  setImmediate(() => order.push('event loop'));
  const r = await session.verdict(edits, share);
  order.push('verdict');
  await new Promise((resolve) => setImmediate(resolve));
  return { r, order };
}

const RESOLVES = [parseEditText('--bump arrow_quant_v2:pyo3=0.20')];

describe('cargo search shares its thread (ThreadShare)', () => {
  test('a failing verdict: the same failure, with the event loop run during the search', async () => {
    const session = await seedSession();
    const alone = await verdictWithTurns(session, []);
    // Without sharing, the search runs to its end before anything else.
    expect(alone.order).toEqual(['verdict', 'event loop']);
    const share = new ThreadShare(0);
    const shared = await verdictWithTurns(session, [], share);
    expect(shared.order).toEqual(['event loop', 'verdict']);
    expect(share.pauses).toBeGreaterThan(5);
    expect(shared.r.outcome.kind).toBe('failed');
    expect(answer(shared.r)).toEqual(answer(alone.r));
  });

  test('a verdict that resolves: the same graph', async () => {
    const session = await seedSession();
    const alone = await session.verdict(RESOLVES);
    const share = new ThreadShare(0);
    const shared = await session.verdict(RESOLVES, share);
    expect(shared.outcome.kind).toBe('resolved');
    expect(answer(shared)).toEqual(answer(alone));
    expect(share.pauses).toBeGreaterThan(5);
  });

  test('a search no longer wanted stops at its next pause', async () => {
    const session = await seedSession();
    let wanted = true;
    const share = new ThreadShare(0, () => wanted);
    const verdict = session.verdict(RESOLVES, share);
    wanted = false;
    await expect(verdict).rejects.toBeInstanceOf(Superseded);
    expect(share.pauses).toBe(1);
    // The session is as good as before.
    expect((await session.verdict(RESOLVES)).outcome.kind).toBe('resolved');
  });

  test("the TUI's engine: an analysis whose edits were replaced is dropped, not shown", async () => {
    const engine = new SessionEngine(await seedSession());
    expect(await engine.analyze(RESOLVES, () => false)).toBeUndefined();
    const pending = await engine.analyze(RESOLVES, () => true);
    expect(pending?.analysis.verdict).toEqual({ kind: 'resolved', packages: 64 });
  });
});

const haveArchive = archivePresent();
let index = '';
let scratch: { path: string; remove(): Promise<void> } | undefined;

beforeAll(async () => {
  if (!haveArchive) return;
  index = await extractedIndex();
  scratch = await tempDir('whatif-share-');
}, 300_000);

afterAll(async () => {
  await scratch?.remove();
});

describe('cargo search shares its thread on a real search (2019 index)', () => {
  if (!haveArchive) warnNoArchive('test/tui/search-shares-thread.test.ts (a 2019 workspace)');
  for (const name of ['links-ring-actix-reqwest', 'conflict-ring-actix']) {
    it.skipIf(!haveArchive)(
      `${name}: paused at every dependency, it fails where it fails alone`,
      async () => {
        const ws = join(scratch!.path, name);
        await materialize(fixture(name), ws);
        const session = await WhatIfSession.open(
          parseCommandLine('tui', [ws, '--registry', index, '--offline', '--ignore-lock']),
        );
        const alone = await session.verdict([]);
        const share = new ThreadShare(0);
        const shared = await session.verdict([], share);
        expect(alone.outcome.kind).toBe('failed');
        expect(answer(shared)).toEqual(answer(alone));
        expect(share.pauses).toBeGreaterThan(50);
      },
      120_000,
    );
  }
});
