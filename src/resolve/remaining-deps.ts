import type { Dependency, Summary } from '../cargo/summary.js';
import type { DepInfo, DepsFrame } from './types.js';

/**
 * Cargo's RemainingDeps: frames ordered by the candidate count of their next dependency, then
 * by the time they were pushed (an ordered set popped from its minimum). A binary heap gives
 * the same order. Entries are immutable, so a snapshot for backtracking is a copy of the array.
 */
interface Entry {
  frame: DepsFrame;
  offset: number;
  time: number;
  count: number;
}

export interface RemainingDepsSnapshot {
  heap: readonly Entry[];
  time: number;
}

export class RemainingDeps {
  private heap: Entry[] = [];
  private time = 0;

  push(frame: DepsFrame): void {
    this.insert(entry(frame, 0, ++this.time));
  }

  /**
   * Cargo's pop_most_constrained: the next dependency to resolve, whose it is, and whether its
   * frame was activated only for the error message.
   */
  pop(): [Summary, DepInfo, boolean] | undefined {
    for (;;) {
      const top = this.popMin();
      if (!top) return undefined;
      const info = top.frame.deps[top.offset];
      if (!info) continue;
      this.insert(entry(top.frame, top.offset + 1, top.time));
      return [top.frame.parent, info, top.frame.justForErrorMessages === true];
    }
  }

  snapshot(): RemainingDepsSnapshot {
    return { heap: this.heap.slice(), time: this.time };
  }

  restore(s: RemainingDepsSnapshot): void {
    this.heap = s.heap.slice();
    this.time = s.time;
  }

  /** Cargo's RemainingDeps::iter: every dependency still waiting, frames in queue order. */
  *waiting(): Generator<[Summary, Dependency]> {
    for (const e of [...this.heap].sort(compare)) {
      for (let i = e.offset; i < e.frame.deps.length; i++) yield [e.frame.parent, e.frame.deps[i]!.dep];
    }
  }

  private insert(e: Entry): void {
    this.heap.push(e);
    this.up(this.heap.length - 1);
  }

  private popMin(): Entry | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      this.down(0);
    }
    return top;
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const e = h[i]!;
      if (compare(e, h[p]!) >= 0) break;
      // A plain swap: the search runs mostly before V8 optimizes it, where `[a, b] = [b, a]`
      // builds an array every time.
      h[i] = h[p]!;
      h[p] = e;
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && compare(h[l]!, h[m]!) < 0) m = l;
      if (r < h.length && compare(h[r]!, h[m]!) < 0) m = r;
      if (m === i) return;
      const e = h[i]!;
      h[i] = h[m]!;
      h[m] = e;
      i = m;
    }
  }
}

function entry(frame: DepsFrame, offset: number, time: number): Entry {
  return { frame, offset, time, count: frame.deps[offset]?.candidates.length ?? 0 };
}

/**
 * Cargo's order of DepsFrame (cargo 1.95, src/resolver/types.rs): frames activated only for the
 * error message first, then fewest candidates, then the oldest.
 */
function compare(a: Entry, b: Entry): number {
  return errorsFirst(a) - errorsFirst(b) || a.count - b.count || a.time - b.time;
}

const errorsFirst = (e: Entry) => (e.frame.justForErrorMessages ? 0 : 1);
