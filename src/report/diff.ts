import type { LockDiff, PackageChange, PackageRef } from '../compare/lock-diff.js';
import { isEmptyDiff } from '../compare/lock-diff.js';
import { visible } from '../text/visible.js';

/**
 * A lockfile diff in cargo's own words (`cargo update` prints Adding / Removing / Updating /
 * Downgrading with the verb right-aligned), under a line saying what it is compared with.
 */
const BASELINE: Record<LockDiff['baseline'], string> = {
  lockfile: 'Cargo.lock',
  resolve: 'the workspace resolved without the edits (there is no Cargo.lock)',
  unresolvable: 'nothing (the workspace does not resolve without the edits)',
};

export function diffText(d: LockDiff): string {
  if (d.baseline === 'unresolvable') {
    // Every package would be listed as added; the package list above already says it all.
    const n = d.added.length;
    return `Nothing to compare with: the workspace does not resolve without the edits (${n} package${n === 1 ? '' : 's'} with them)\n`;
  }
  if (isEmptyDiff(d)) return `No changes against ${BASELINE[d.baseline]}\n`;
  const counts = [
    d.added.length && `${d.added.length} added`,
    d.removed.length && `${d.removed.length} removed`,
    d.upgraded.length && `${d.upgraded.length} upgraded`,
    d.downgraded.length && `${d.downgraded.length} downgraded`,
  ].filter(Boolean);
  const lines = [`Changes against ${BASELINE[d.baseline]}: ${counts.join(', ')}`];
  const verb = (v: string) => v.padStart(12);
  const ref = (p: PackageRef) => `${p.name} v${p.version}${p.source === 'registry' ? '' : ` (${p.source})`}`;
  const change = (c: PackageChange) =>
    `${c.name} v${c.from} -> v${c.to}${c.source === 'registry' ? '' : ` (${c.source})`}`;
  // Cargo lists one package per line in name order, whatever the verb.
  const rows: [string, string][] = [
    ...d.removed.map((p): [string, string] => [p.name, `${verb('Removing')} ${ref(p)}`]),
    ...d.added.map((p): [string, string] => [p.name, `${verb('Adding')} ${ref(p)}`]),
    ...d.upgraded.map((c): [string, string] => [c.name, `${verb('Updating')} ${change(c)}`]),
    ...d.downgraded.map((c): [string, string] => [c.name, `${verb('Downgrading')} ${change(c)}`]),
  ];
  rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lines.push(...rows.map(([, text]) => text));
  // Names and sources come from Cargo.lock and the index: each line made visible on its own.
  return lines.map(visible).join('\n') + '\n';
}

/** The `diff` field of `--json` documents. */
export function diffJson(d: LockDiff): Record<string, unknown> {
  return {
    baseline: d.baseline,
    added: d.added,
    removed: d.removed,
    upgraded: d.upgraded,
    downgraded: d.downgraded,
  };
}
