import type { CrateRef } from '../cargo/source-id.js';
import { InternalError } from '../errors.js';

/**
 * Runs a resolution's steps where nothing can be fetched (an index on this machine, or a driver
 * that does not fetch): the steps must finish without waiting for a crate.
 */
export function withoutFetching<T>(steps: Generator<CrateRef[], T, void>): T {
  let step = steps.next();
  // A pause (no crates: SearchOptions.pause) is only the search handing its thread back.
  while (!step.done && step.value.length === 0) step = steps.next();
  // Only an index that must be fetched makes it wait for crates; that needs a driver that fetches.
  if (!step.done)
    throw new InternalError(
      `a synchronous resolution over an index that must be fetched (it waits for ${step.value.map((c) => c.name).join(', ')})`,
    );
  return step.value;
}
