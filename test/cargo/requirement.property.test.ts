import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Op, Requirement, RequirementParseError } from '../../src/cargo/requirement.js';
import { Version } from '../../src/cargo/version.js';
import { buildText, num, preText } from './arbitraries.js';
import { displayReq, matchesReq, type RsComparator, type RsOp } from './oracle/semver-eval.js';

/**
 * Random requirements are generated as Rust semver would hold them (the oracle's input) together
 * with one of the many ways of spelling them, so each run checks our parser, our Display and our
 * matching against the port of eval.rs at once.
 */
const spaces = fc.constantFrom('', '', ' ', '  ');
const wild = fc.constantFrom('*', 'x', 'X');

const OPS: Record<Exclude<RsOp, 'Wildcard'>, string> = {
  Exact: '=',
  Greater: '>',
  GreaterEq: '>=',
  Less: '<',
  LessEq: '<=',
  Tilde: '~',
  Caret: '^',
};

const TO_OP: Record<RsOp, Op> = { ...OPS, Wildcard: '*' } as Record<RsOp, Op>;

interface Spelled {
  cmp: RsComparator;
  text: string;
}

/** A partial version: M, M.m or M.m.p[-pre][+build], possibly followed by wildcards. */
const partial = fc
  .record({
    major: num,
    minor: fc.option(num, { nil: null }),
    patch: fc.option(num, { nil: null }),
    pre: preText,
    build: buildText,
    wildTail: fc.boolean(),
    w1: wild,
    w2: fc.option(wild, { nil: null }),
  })
  .map((p) => {
    const minor = p.minor;
    const patch = minor === null ? null : p.patch;
    const pre = patch === null ? '' : p.pre;
    let text = `${p.major}`;
    let wildcard = false;
    if (minor === null) {
      if (p.wildTail) {
        text += `.${p.w1}` + (p.w2 ? `.${p.w2}` : '');
        wildcard = true;
      }
    } else {
      text += `.${minor}`;
      if (patch === null) {
        if (p.wildTail) {
          text += `.${p.w1}`;
          wildcard = true;
        }
      } else {
        text += `.${patch}${pre ? '-' + pre : ''}${patch !== null && p.build ? '+' + p.build : ''}`;
      }
    }
    return { major: p.major, minor, patch, pre, text, wildcard };
  });

const comparator: fc.Arbitrary<Spelled> = fc
  .tuple(
    fc.constantFrom<Exclude<RsOp, 'Wildcard'> | null>(null, ...(Object.keys(OPS) as Exclude<RsOp, 'Wildcard'>[])),
    spaces,
    partial,
  )
  .map(([op, gap, p]) => {
    // No operator means caret, or Wildcard when the version ends in a wildcard.
    const rsOp: RsOp = op ?? (p.wildcard ? 'Wildcard' : 'Caret');
    const text = op ? `${OPS[op]}${gap}${p.text}` : p.text;
    return { cmp: { op: rsOp, major: p.major, minor: p.minor, patch: p.patch, pre: p.pre }, text };
  });

const requirement = fc.oneof(
  {
    weight: 1,
    arbitrary: fc
      .tuple(spaces, wild, spaces)
      .map(([a, w, b]) => ({ cmps: [] as RsComparator[], text: `${a}${w}${b}` })),
  },
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(comparator, spaces, spaces), { minLength: 1, maxLength: 4 }), spaces)
      .map(([parts, lead]) => ({
        cmps: parts.map(([c]) => c.cmp),
        text: lead + parts.map(([c, before, after], i) => (i ? `${before},${after}` : '') + c.text).join(''),
      })),
  },
);

/** Versions near the numbers a requirement names, where the interesting boundaries are. */
function versionsNear(cmps: readonly RsComparator[]): fc.Arbitrary<string> {
  const nudge = (n: number | null) => (n === null ? num : fc.constantFrom(-1, 0, 0, 1).map((d) => Math.max(0, n + d)));
  const anchors = cmps.length ? cmps : [{ op: 'Caret' as const, major: 1, minor: null, patch: null, pre: '' }];
  return fc
    .constantFrom(...anchors)
    .chain((c) =>
      fc.record({
        major: nudge(c.major),
        minor: nudge(c.minor),
        patch: nudge(c.patch),
        pre: fc.oneof(preText, fc.constant(c.pre)),
        build: buildText,
      }),
    )
    .map(
      ({ major, minor, patch, pre, build }) =>
        `${major}.${minor}.${patch}${pre ? '-' + pre : ''}${build ? '+' + build : ''}`,
    );
}

const toRsVersion = (v: Version) => ({
  major: v.major,
  minor: v.minor,
  patch: v.patch,
  pre: v.pre.join('.'),
  build: v.build.join('.'),
});

describe('Requirement against a port of Rust semver (eval.rs)', () => {
  it('parses every spelling to the comparators Rust would hold', () => {
    fc.assert(
      fc.property(requirement, ({ cmps, text }) => {
        const parsed = Requirement.parse(text).comparators.map((c) => ({
          op: c.op,
          major: c.major,
          minor: c.minor ?? null,
          patch: c.patch ?? null,
          pre: c.pre,
        }));
        expect(parsed).toEqual(cmps.map((c) => ({ ...c, op: TO_OP[c.op] })));
      }),
      { numRuns: 3000 },
    );
  });

  it('displays like Rust and re-parses to the same requirement', () => {
    fc.assert(
      fc.property(requirement, ({ cmps, text }) => {
        const r = Requirement.parse(text);
        expect(r.toString()).toBe(displayReq(cmps));
        expect(Requirement.parse(r.toString()).comparators).toEqual(r.comparators);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches exactly the versions matches_req matches', () => {
    fc.assert(
      fc.property(
        requirement.chain((r) =>
          fc.tuple(fc.constant(r), fc.array(versionsNear(r.cmps), { minLength: 1, maxLength: 8 })),
        ),
        ([{ cmps, text }, versions]) => {
          const r = Requirement.parse(text);
          for (const vt of versions) {
            const ver = Version.parse(vt);
            expect(r.matches(ver), `${text} on ${vt}`).toBe(matchesReq(cmps, toRsVersion(ver)));
          }
        },
      ),
      { numRuns: 20000 },
    );
  });

  it('agrees on 0.x and 0.0.x carets and tildes in particular', () => {
    const zeroish = fc.record({
      op: fc.constantFrom('Caret', 'Tilde', 'GreaterEq', 'LessEq') as fc.Arbitrary<
        'Caret' | 'Tilde' | 'GreaterEq' | 'LessEq'
      >,
      minor: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      patch: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      pre: preText,
    });
    const ver = fc.record({
      minor: fc.integer({ min: 0, max: 3 }),
      patch: fc.integer({ min: 0, max: 3 }),
      pre: preText,
    });
    fc.assert(
      fc.property(zeroish, fc.array(ver, { minLength: 1, maxLength: 10 }), (z, vs) => {
        const patch = z.minor === null ? null : z.patch;
        const pre = patch === null ? '' : z.pre;
        const cmp: RsComparator = { op: z.op, major: 0, minor: z.minor, patch, pre };
        const text = `${OPS[z.op]}0${z.minor === null ? '' : '.' + z.minor}${patch === null ? '' : '.' + patch}${pre ? '-' + pre : ''}`;
        const r = Requirement.parse(text);
        for (const x of vs) {
          const version = Version.parse(`0.${x.minor}.${x.patch}${x.pre ? '-' + x.pre : ''}`);
          expect(r.matches(version), `${text} on ${version}`).toBe(matchesReq([cmp], toRsVersion(version)));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('never throws anything but RequirementParseError, and what it accepts survives a display round trip', () => {
    const junk = fc
      .array(fc.constantFrom(...'0123456789.,*xX^~=<>- +aZ|'.split('')), { maxLength: 16 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(junk, (text) => {
        let r: Requirement;
        try {
          r = Requirement.parse(text);
        } catch (err) {
          expect(err).toBeInstanceOf(RequirementParseError);
          return;
        }
        expect(Requirement.parse(r.toString()).toString()).toBe(r.toString());
      }),
      { numRuns: 20000 },
    );
  });
});
