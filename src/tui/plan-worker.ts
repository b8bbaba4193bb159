import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.js';
import { planUpgrades } from '../plan/planner.js';
import type { SessionOptions } from '../session/options.js';
import { WhatIfSession } from '../session/session.js';
import type { PlanMessage, PlanRequest } from './plan-thread.js';
import { planView } from './plan-view.js';

/**
 * The body of the upgrade plan's thread (plan-thread.ts): one session, opened on the first plan
 * and again after the workspace changed on disk, and one plan at a time; a newer request or a
 * stop ends the one under way at its next pause.
 */
class Stopped extends Error {}

const port = parentPort;
let opened: { epoch: number; session: Promise<WhatIfSession> } | undefined;
let current: { id: number; stopped: boolean } | undefined;

function send(message: PlanMessage): void {
  port?.postMessage(message);
}

function sessionFor(epoch: number, options: SessionOptions): Promise<WhatIfSession> {
  // Warnings and fetch progress are the TUI's own session's to show; this one stays quiet.
  if (opened?.epoch !== epoch) opened = { epoch, session: WhatIfSession.open(options, undefined, () => {}) };
  return opened.session;
}

async function plan(request: Extract<PlanRequest, { type: 'plan' }>): Promise<void> {
  if (current) current.stopped = true;
  const run = { id: request.id, stopped: false };
  current = run;
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
    if (err instanceof Stopped) return;
    const message = err instanceof Error ? err.message : String(err);
    send({ id: run.id, type: 'error', message, user: err instanceof UserError });
  } finally {
    if (current === run) current = undefined;
  }
}

port?.on('message', (request: PlanRequest) => {
  if (request.type === 'stop') {
    if (current?.id === request.id) current.stopped = true;
    return;
  }
  void plan(request);
});
