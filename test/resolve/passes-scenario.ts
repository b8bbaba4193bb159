import type { PkgSpec } from './helpers.js';

/**
 * A registry on which Cargo's answer depends on its passes over a sparse index (search.ts).
 *
 * r 1.1.0 turns on t's default feature, which pulls in s, which needs f =1.0.5; h has
 * already taken f 1.0.6 by then. In one pass over the whole index Cargo meets that conflict
 * at s, jumps back to r and takes r 1.0.1. But the chain d1 -> d2 -> d3 needs a fourth pass,
 * and in it Cargo already knows "s fails while f 1.0.6 is active": s is ruled out at once, the
 * conflict is charged to t (active since the start, not since r asked for its feature), and
 * the jump goes past r to f, which becomes 1.0.5, so r 1.1.0 stays.
 */
export const PASSES_MEMBER: PkgSpec = {
  deps: [
    ['t', '1', { defaultFeatures: false }],
    ['h', '1'],
    ['r', '1'],
    ['d1', '1'],
  ],
};

export const PASSES_REGISTRY: Record<string, PkgSpec> = {
  't@1.0.0': { deps: [['s', '1', { optional: true }]], features: { default: ['s'] } },
  's@1.0.0': { deps: [['f', '=1.0.5']] },
  'h@1.0.0': { deps: [['f', '1']] },
  'f@1.0.5': {},
  'f@1.0.6': {},
  'r@1.1.0': { deps: [['t', '1']] },
  'r@1.0.1': { deps: [['t', '1', { defaultFeatures: false }]] },
  'r@1.0.0': { deps: [['t', '1', { defaultFeatures: false }]] },
  'd1@1.0.0': { deps: [['d2', '1']] },
  'd2@1.0.0': { deps: [['d3', '1']] },
  'd3@1.0.0': {},
};

/** What cargo 1.95 writes for it over a sparse index (checked by test/conformance/passes.test.ts). */
export const PASSES_CARGO = [
  'app@0.1.0',
  'd1@1.0.0',
  'd2@1.0.0',
  'd3@1.0.0',
  'f@1.0.5',
  'h@1.0.0',
  'r@1.1.0',
  's@1.0.0',
  't@1.0.0',
];

/** What cargo 1.95 writes offline, from the cache its online run filled: one pass over the whole index. */
export const PASSES_CARGO_OFFLINE = [
  'app@0.1.0',
  'd1@1.0.0',
  'd2@1.0.0',
  'd3@1.0.0',
  'f@1.0.6',
  'h@1.0.0',
  'r@1.0.1',
  't@1.0.0',
];
