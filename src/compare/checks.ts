import { Requirement, RequirementParseError } from '../cargo/requirement.js';
import type { Summary } from '../cargo/summary.js';
import type { Edit } from '../edits/edit.js';
import { UserError } from '../errors.js';
import type { ResolvedGraph } from '../resolve/graph.js';
import { packageId } from '../resolve/ids.js';

/**
 * A scripted what-if: edits, and what must then hold. `expect` is about resolving at all; the
 * policies (`unify`, `forbid`, `max-duplicates`) are about the resolved graph, so they fail
 * when there is none, unless the check expects a conflict, which makes them moot.
 */
export interface Expectations {
  expect?: 'resolvable' | 'conflict';
  unify: string[];
  /** `CRATE` or `CRATE@REQ`. */
  forbid: string[];
  maxDuplicates?: number;
}

export interface CheckSpec {
  name: string;
  edits: Edit[];
  expectations: Expectations;
  /** Where whatif.toml defines it (for errors about its edits). */
  location?: { file: string; line?: number };
}

export interface ExpectationResult {
  kind: 'expect' | 'unify' | 'forbid' | 'max-duplicates';
  /** The expectation as written: `expect conflict`, `unify pyo3`, `forbid numpy@<0.21`, `max-duplicates 1`. */
  text: string;
  pass: boolean;
  /** Not evaluated: a graph policy on a workspace that does not resolve, as expected. */
  skipped?: boolean;
  why: string;
}

export type CheckedOutcome = { kind: 'resolved'; graph: ResolvedGraph } | { kind: 'unresolvable'; summaries: string[] };

export function hasExpectations(x: Expectations): boolean {
  return x.expect !== undefined || x.unify.length > 0 || x.forbid.length > 0 || x.maxDuplicates !== undefined;
}

export function parseForbid(text: string): { crate: string; req?: Requirement } {
  const at = text.indexOf('@');
  const crate = (at < 0 ? text : text.slice(0, at)).trim();
  if (!crate) throw new UserError(`forbid \`${text}\`: missing the crate name (CRATE or CRATE@REQ)`);
  if (at < 0) return { crate };
  try {
    return { crate, req: Requirement.parse(text.slice(at + 1).trim()) };
  } catch (err) {
    if (err instanceof RequirementParseError) throw new UserError(`forbid \`${text}\`: ${err.message}`);
    throw err;
  }
}

export function evaluate(x: Expectations, outcome: CheckedOutcome): ExpectationResult[] {
  const out: ExpectationResult[] = [];
  if (x.expect) out.push(expectResult(x.expect, outcome));
  const policies: Policy[] = [
    ...x.unify.map((c): Policy => ({ kind: 'unify', text: `unify ${c}`, check: (g) => unify(g, c) })),
    ...x.forbid.map((f): Policy => ({ kind: 'forbid', text: `forbid ${f}`, check: (g) => forbid(g, f) })),
  ];
  const limit = x.maxDuplicates;
  if (limit !== undefined)
    policies.push({ kind: 'max-duplicates', text: `max-duplicates ${limit}`, check: (g) => maxDuplicates(g, limit) });
  for (const { kind, text, check } of policies) {
    if (outcome.kind === 'resolved') out.push({ kind, text, ...check(outcome.graph) });
    else if (x.expect === 'conflict')
      out.push({
        kind,
        text,
        pass: true,
        skipped: true,
        why: 'not checked: the workspace does not resolve, as expected',
      });
    else out.push({ kind, text, pass: false, why: 'cannot be checked: the workspace does not resolve' });
  }
  return out;
}

type Verdict = { pass: boolean; why: string };
type Policy = { kind: ExpectationResult['kind']; text: string; check: (g: ResolvedGraph) => Verdict };

function expectResult(expect: 'resolvable' | 'conflict', outcome: CheckedOutcome): ExpectationResult {
  const resolved = outcome.kind === 'resolved';
  const why = resolved
    ? `resolves with ${outcome.graph.packages.size} packages`
    : `does not resolve: ${outcome.summaries[0] ?? 'no conflict found'}${outcome.summaries.length > 1 ? ` (and ${outcome.summaries.length - 1} more)` : ''}`;
  return { kind: 'expect', text: `expect ${expect}`, pass: resolved === (expect === 'resolvable'), why };
}

function named(g: ResolvedGraph, crate: string): Summary[] {
  return [...g.packages.values()].filter((s) => s.name === crate).sort((a, b) => a.version.compare(b.version));
}

function unify(g: ResolvedGraph, crate: string): Verdict {
  const versions = [...new Set(named(g, crate).map((s) => s.version.toString()))];
  if (versions.length === 0) return { pass: false, why: `${crate} is not in the graph` };
  if (versions.length === 1) return { pass: true, why: `${crate} ${versions[0]}` };
  return { pass: false, why: `${versions.length} versions of ${crate}: ${versions.join(', ')}` };
}

function forbid(g: ResolvedGraph, text: string): Verdict {
  const { crate, req } = parseForbid(text);
  const hits = named(g, crate).filter((s) => !req || req.matches(s.version));
  if (hits.length === 0)
    return { pass: true, why: req ? `no ${crate} matching ${req} in the graph` : `${crate} is not in the graph` };
  const parents = (s: Summary) => {
    const id = packageId(s);
    const by = [...g.packages.values()].filter((p) => g.children(packageId(p)).has(id)).map((p) => p.name);
    return by.length ? ` (required by ${[...new Set(by)].sort().join(', ')})` : '';
  };
  return { pass: false, why: hits.map((s) => `${s.name} ${s.version}${parents(s)}`).join('; ') + ' in the graph' };
}

function maxDuplicates(g: ResolvedGraph, limit: number): Verdict {
  const versions = new Map<string, Set<string>>();
  for (const s of [...g.packages.values()].sort((a, b) => a.version.compare(b.version))) {
    versions.set(s.name, (versions.get(s.name) ?? new Set()).add(s.version.toString()));
  }
  const dups = [...versions].filter(([, v]) => v.size > 1).sort(([a], [b]) => (a < b ? -1 : 1));
  const list = dups.map(([name, v]) => `${name} (${[...v].join(', ')})`).join(', ');
  const what =
    dups.length === 0
      ? 'no crate has more than one version'
      : `${dups.length} crate${dups.length === 1 ? ' has' : 's have'} more than one version: ${list}`;
  return { pass: dups.length <= limit, why: what };
}
