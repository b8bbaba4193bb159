import type { CrateRef } from '../cargo/source-id.js';
import type { RegistrySet } from '../index/registry-set.js';

/**
 * Where the network meets the synchronous resolver. A run (a resolution, an explanation) reads
 * the index snapshot, which answers "none yet" for crates it has not fetched and notes them as
 * wanted. The run may also yield crates it needs before it can go on (Cargo's search between
 * its passes): they are fetched, all at once, and the run resumes. When it ends having wanted
 * crates that are still not fetched, its result read "none yet" somewhere and cannot be
 * trusted: those crates are fetched and the run starts over, until it wants nothing new. So
 * every crate fetched was asked for by the run that counts, or by Cargo's search on the way to
 * it, and a verdict ("unresolvable" above all) is never given while a crate is pending, except
 * where the run says its result is final as it is (`final`): cargo's own verdict, which fails at
 * the first pass that fails, whatever that pass left pending (cargo 1.95, src/resolver/mod.rs,
 * `resolve`: `activate_deps_loop(..)?` before `registry.wait()`).
 *
 * Over an index on this machine nothing is ever pending, and a run happens once.
 */
export async function settle<T>(
  registry: RegistrySet,
  run: () => Generator<CrateRef[], T, void>,
  /** Releases a result that is thrown away (a solver session). */
  discard?: (result: T) => void,
  /** Where the run's pauses (an empty list of crates) give the thread back (ThreadShare). */
  share?: ThreadShare,
  /** A result to give as it is, crates still wanted or not. */
  final?: (result: T) => boolean,
): Promise<T> {
  for (;;) {
    const watched = registry.watchWanted();
    let result: T;
    let wanted: CrateRef[];
    try {
      const steps = run();
      let step = steps.next();
      while (!step.done) {
        if (step.value.length === 0) await share?.giveBack();
        else await registry.fetch(step.value);
        step = steps.next();
      }
      result = step.value;
    } finally {
      wanted = registry.unwatchWanted(watched);
    }
    if (wanted.length === 0 || final?.(result)) return result;
    discard?.(result);
    await registry.fetch(wanted);
  }
}

/** A run stopped at a pause because its caller no longer wants it (ThreadShare.stillWanted). */
export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

/**
 * How a run shares the thread it runs on with other work, the TUI's keys above all: Cargo's
 * search pauses once `sliceMs` have passed since it last had the thread (`due`, its
 * SearchOptions.pause), and `settle` lets the event loop run before resuming it. A run that is
 * no longer wanted (the edits changed meanwhile) stops at its next pause with Superseded, so
 * that quick keys do not queue up searches nobody will see.
 */
export class ThreadShare {
  private since = performance.now();
  /** Pauses taken, for tests and measurements. */
  pauses = 0;

  constructor(
    private readonly sliceMs: number,
    private readonly stillWanted: () => boolean = () => true,
  ) {}

  readonly due = (): boolean => performance.now() - this.since >= this.sliceMs;

  async giveBack(): Promise<void> {
    this.pauses++;
    // setImmediate, not a promise: input and timers run only once the event loop turns.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.stillWanted()) throw new Superseded();
    this.since = performance.now();
  }
}
