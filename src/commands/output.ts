import type { FetchProgress } from '../index/snapshot.js';
import { terminalJson, terminalText } from '../text/visible.js';

/**
 * stdout for results; stderr for warnings and errors, so `--json` stays one clean document.
 * Everything printed may quote a manifest, an index line or a lockfile, so text goes through
 * terminalText (escape sequences and control characters shown escaped, never acted on) and
 * JSON through terminalJson (the same document, such characters as JSON escapes).
 */
export function print(text: string): void {
  process.stdout.write(terminalText(text));
}

export function printJson(doc: unknown): void {
  process.stdout.write(terminalJson(JSON.stringify(doc, null, 2)) + '\n');
}

/**
 * A file's contents (`lock --stdout`): exact when stdout is a file or a pipe, so that
 * `> Cargo.lock` writes what cargo would; made visible only on a terminal.
 */
export function printData(text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(stream.isTTY ? terminalText(text) : text);
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${terminalText(text)}\n`);
}

export function note(text: string): void {
  process.stderr.write(`note: ${terminalText(text)}\n`);
}

/** A line on stderr about what was done (`Wrote Cargo.lock`). */
export function status(text: string): void {
  process.stderr.write(`${terminalText(text)}\n`);
}

/** Cargo's status verb, right-aligned in twelve columns, bold green unless NO_COLOR. */
function statusVerb(verb: string): string {
  return process.env.NO_COLOR ? verb.padStart(12) : `\x1b[1;32m${verb.padStart(12)}\x1b[0m`;
}

export interface VerdictNotice {
  /** Shows where cargo's search failed, while the explanation is worked out. */
  show(summary: string): void;
  /** Clears the line, before the result prints; idempotent. */
  clear(): void;
}

/**
 * Cargo's verdict the moment its search fails, on stderr, while the explanation is worked out
 * (loading the SAT engine, the minimal conflicts, the fixes: up to a second on large
 * workspaces): one status line, `  Explaining failed to select a version for ...`, cleared before
 * the explanation prints, which says it all again in full. Only on a terminal, and never with
 * `--json`: scripts see the same output as before.
 */
export function verdictNotice(
  options: { json: boolean },
  stream: NodeJS.WriteStream = process.stderr,
): VerdictNotice | undefined {
  if (options.json || !stream.isTTY) return undefined;
  let shown = false;
  return {
    show(summary) {
      const verb = 'Explaining';
      // One terminal line, so that a carriage return clears all of it: names and versions on
      // crates.io are ASCII, so characters stand for columns here.
      const room = Math.max(20, (stream.columns || 80) - verb.length - 4);
      const chars = [...terminalText(summary)];
      const cut = chars.length > room ? `${chars.slice(0, room - 1).join('')}\u2026` : chars.join('');
      stream.write(`\r${statusVerb(verb)} ${cut}\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

/**
 * Fetching progress on stderr, as cargo shows it: `Updating <index>` once, then a status line
 * redrawn in place (`Fetch [===>   ] 42 complete; 7 pending`) and cleared when nothing is pending.
 * Only on a terminal, and never with `--json`: a script's stderr stays clean.
 */
export function fetchProgress(
  options: { json: boolean; registry?: string },
  stream: NodeJS.WriteStream = process.stderr,
): FetchProgress | undefined {
  if (options.json || !stream.isTTY) return undefined;
  const registry = options.registry;
  const index =
    registry === undefined ? 'crates.io index' : `\`${terminalText(registry.replace(/^sparse\+/, ''))}\` index`;
  const status = statusVerb;
  let started = false;
  let waves = 0;
  let lastPending = 0;
  let drawnAt = 0;
  let shown = false;
  return {
    update(complete, pending) {
      if (!started) {
        started = true;
        stream.write(`${status('Updating')} ${index}\n`);
      }
      // A wave of requests starts when nothing was pending: cargo's estimate of progress is
      // how many times it waited for the network, against a depth of ten.
      if (lastPending === 0 && pending > 0) waves++;
      lastPending = pending;
      if (pending === 0) {
        if (shown) stream.write('\r\x1b[K');
        shown = false;
        return;
      }
      const now = Date.now();
      if (shown && now - drawnAt < 100) return;
      drawnAt = now;
      const width = 25;
      const filled = Math.round((Math.min(waves, 10) / 11) * width);
      const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
      stream.write(`\r${status('Fetch')} [${bar}] ${complete} complete; ${pending} pending\x1b[K`);
      shown = true;
    },
  };
}
