import { parse as parseToml } from 'smol-toml';
import type { FailureComparison } from '../failure-kind.js';

/** `name@version (kind)` for every package of a Cargo.lock, sorted: the set cargo chose. */
export function lockPackageSet(lockfile: string): string[] {
  const doc = parseToml(lockfile) as { package?: { name: string; version: string; source?: string }[] };
  return (doc.package ?? []).map((p) => `${p.name}@${p.version} (${sourceKind(p.source)})`).sort();
}

/** The same set from `resolve --json`'s `packages`. */
export function jsonPackageSet(json: string): string[] {
  const doc = JSON.parse(json) as { status: string; packages?: { name: string; version: string; source: string }[] };
  if (doc.status !== 'resolved' || !doc.packages)
    throw new Error(`resolve --json did not resolve: ${json.slice(0, 300)}`);
  return doc.packages.map((p) => `${p.name}@${p.version} (${p.source})`).sort();
}

function sourceKind(source: string | undefined): string {
  if (source === undefined) return 'path';
  if (source.startsWith('git+')) return 'git';
  return 'registry';
}

/** What differs between two package sets, short enough for an assertion message. */
export function setDifference(cargo: readonly string[], ours: readonly string[]): string {
  const a = new Set(cargo);
  const b = new Set(ours);
  const onlyCargo = cargo.filter((p) => !b.has(p));
  const onlyOurs = ours.filter((p) => !a.has(p));
  if (onlyCargo.length === 0 && onlyOurs.length === 0) return 'same package set';
  return `only cargo: ${onlyCargo.join(', ') || '-'}; only ours: ${onlyOurs.join(', ') || '-'}`;
}

/** The first differing line of two texts with a little context, or undefined if equal. */
export function firstTextDifference(cargo: string, ours: string, context = 3): string | undefined {
  if (cargo === ours) return undefined;
  const a = cargo.split('\n');
  const b = ours.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - context);
  const show = (lines: string[]) =>
    lines
      .slice(from, i + context + 1)
      .map((l, k) => `${from + k + 1}: ${l}`)
      .join('\n');
  return `first difference at line ${i + 1}\n--- cargo\n${show(a)}\n--- ours\n${show(b)}`;
}

/** The first lines of cargo's error, without the "Updating index" noise. */
export function cargoError(stderr: string, lines = 6): string {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s*(Updating|Locking|Adding|Downgrading|Blocking|warning: spurious)/.test(l))
    .slice(0, lines)
    .join('\n');
}

export interface AgreementRow {
  name: string;
  /** What cargo did with the workspace. */
  cargo: 'resolves' | 'fails';
  /** Whether we did the same (resolved, or failed as the row's test expects). */
  verdict: boolean;
  set?: boolean;
  bytes?: boolean;
  json?: boolean;
  /** Where both fail: how the kind of failure compares with cargo's message (failure-kind.ts). */
  failure?: FailureComparison;
  note?: string;
}

/** Agreement over one test file, printed when it ends. */
export class Agreement {
  private rows: AgreementRow[] = [];

  record(row: AgreementRow): void {
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  summary(title: string): string {
    const n = this.rows.length;
    // Each figure counts only the workspaces it was measured on (e.g. no lockfile for a conflict).
    const figure = (key: 'verdict' | 'set' | 'bytes' | 'json') => {
      const measured = this.rows.filter((r) => r[key] !== undefined);
      return `${measured.filter((r) => r[key] === true).length}/${measured.length}`;
    };
    const agreeing = this.rows.filter((r) => r.verdict);
    const bothResolve = agreeing.filter((r) => r.cargo === 'resolves').length;
    const bothFail = agreeing.filter((r) => r.cargo === 'fails');
    const failures = (how: FailureComparison | undefined) => bothFail.filter((r) => r.failure === how).length;
    const lines = [
      `${title}: ${n} workspaces`,
      `  verdict agreement:          ${figure('verdict')} (${bothResolve} both resolve, ${bothFail.length} both fail)`,
    ];
    if (bothFail.length > 0) {
      const uncompared = failures(undefined);
      lines.push(
        `  kind of failure, both fail: ${failures('same')} as cargo's message says, ${failures('cargo-stopped-earlier')} where cargo stopped at an earlier reason, ` +
          `${failures('different')} different${uncompared ? `, ${uncompared} not compared` : ''}`,
      );
    }
    lines.push(
      `  byte-identical Cargo.lock:  ${figure('bytes')} (of those cargo resolved)`,
      `  same package set:           ${figure('set')}`,
    );
    if (this.rows.some((r) => r.json !== undefined)) lines.push(`  resolve --json = cargo set: ${figure('json')}`);
    const bad = this.rows.filter(
      (r) => !r.verdict || r.set === false || r.bytes === false || r.json === false || r.failure === 'different',
    );
    for (const r of bad) lines.push(`  DISAGREES ${r.name}: ${r.note ?? ''}`);
    return lines.join('\n');
  }
}
