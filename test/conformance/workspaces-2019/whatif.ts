import { main } from '../../../src/cli/main.js';

export interface WhatifRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The CLI in-process, from the TypeScript sources: what the built `cargo-whatif` does, without
 * depending on a fresh `npm run build` or paying a process start per call. The commands write
 * through process.stdout/stderr, which are captured for the duration of the call; callers must
 * not run two of these at once (vitest runs the tests of one file one after another).
 */
export async function runWhatif(args: string[]): Promise<WhatifRun> {
  const out: string[] = [];
  const err: string[] = [];
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const started = performance.now();
  let code: number;
  try {
    code = await main(args);
  } catch (e) {
    // bin.ts turns an escaped exception into exit 3 ("internal error"); keep that distinction.
    err.push(`error: internal error in cargo-whatif: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    code = 3;
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
  return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - started };
}
