import { parentPort } from 'node:worker_threads';
import { InternalError, UserError } from '../errors.js';
import { disposeResolution } from '../pipeline/resolution.js';
import { planUpgrades } from '../plan/planner.js';
import type { SessionOptions } from '../session/options.js';
import { WhatIfSession } from '../session/session.js';
import { explanationView } from './analysis.js';
import { planView } from './plan-view.js';
import type { SolverMessage, SolverRequest } from './solver-thread.js';

/**
 * The body of the TUI's solver thread (solver-thread.ts): one session, opened on the first
 * question and again after the workspace changed on disk; one plan at a time (a newer one, or a
 * stop, ends the one under way at its next pause) and explanations as asked.
 */
class Stopped extends Error {}

type Question = Extract<SolverRequest, { type: 'plan' | 'explain' }>;

const port = parentPort;
let opened: { epoch: number; session: Promise<WhatIfSession> } | undefined;
let planning: { id: number; stopped: boolean } | undefined;

function send(message: SolverMessage): void {
  port?.postMessage(message);
}

function sessionFor(epoch: number, options: SessionOptions): Promise<WhatIfSession> {
  // Warnings and fetch progress are the TUI's own session's to show; this one stays quiet.
  if (opened?.epoch !== epoch) opened = { epoch, session: WhatIfSession.open(options, undefined, () => {}) };
  return opened.session;
}

function failed(id: number, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  send({ id, type: 'error', message, user: err instanceof UserError });
}

async function plan(request: Question): Promise<void> {
  if (planning) planning.stopped = true;
  const run = { id: request.id, stopped: false };
  planning = run;
  // A macrotask between two questions, so that a stop or a newer request is read.
  const between = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    if (run.stopped) throw new Stopped();
  };
  try {
    const session = await sessionFor(request.epoch, request.options);
    for await (const update of planUpgrades(session, { extra: request.edits, between })) {
      if (run.stopped) return;
      send({ id: run.id, type: 'view', view: planView(update.plan) });
    }
    send({ id: run.id, type: 'done' });
  } catch (err) {
    if (!(err instanceof Stopped)) failed(run.id, err);
  } finally {
    if (planning === run) planning = undefined;
  }
}

async function explain(request: Question): Promise<void> {
  try {
    const session = await sessionFor(request.epoch, request.options);
    const resolution = await session.resolve(request.edits);
    try {
      if (resolution.outcome.kind !== 'unresolvable') {
        throw new InternalError(
          `cargo's search fails with these edits, and the SAT engine's replay finds a resolution (${resolution.outcome.kind})`,
        );
      }
      const explanation = await session.explain(resolution, request.edits);
      send({ id: request.id, type: 'explained', view: explanation && explanationView(explanation) });
    } finally {
      // The solver session lives in MiniSat's shared, fixed heap: each one is given back.
      disposeResolution(resolution);
    }
  } catch (err) {
    failed(request.id, err);
  }
}

port?.on('message', (request: SolverRequest) => {
  if (request.type === 'stop') {
    if (planning?.id === request.id) planning.stopped = true;
  } else if (request.type === 'plan') void plan(request);
  else void explain(request);
});
