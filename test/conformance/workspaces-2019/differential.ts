import { expect } from 'vitest';
import type { CargoRunResult } from '../../support/cargo.js';
import { runCargoGenerateLockfile } from '../../support/cargo.js';
import type { OurConflict } from '../failure-kind.js';
import { cargoFailureKinds, compareFailures, ourFailureKinds } from '../failure-kind.js';
import type { Agreement } from './compare.js';
import { cargoError, firstTextDifference, jsonPackageSet, lockPackageSet, setDifference } from './compare.js';
import type { WhatifRun } from './whatif.js';
import { runWhatif } from './whatif.js';

/**
 * One workspace through real `cargo generate-lockfile` and through `cargo-whatif lock --stdout
 * --ignore-lock` and `resolve --ignore-lock --json`, on the same index URL.
 */
export interface Comparison {
  cargo: CargoRunResult;
  lock: WhatifRun;
  json: WhatifRun;
  /**
   * `check --expect conflict --json` when either side fails: cargo's verdict from our search
   * alone (issue 13), which must agree with cargo and with `resolve`'s explanation.
   */
  check?: WhatifRun;
}

export async function compareFresh(ws: string, url: string, cargoHome: string, timeoutMs: number): Promise<Comparison> {
  const cargo = await runCargoGenerateLockfile(ws, url, { cargoHome, timeoutMs });
  const lock = await runWhatif(['lock', ws, '--stdout', '--ignore-lock', '--registry', url]);
  const json = await runWhatif(['resolve', ws, '--ignore-lock', '--json', '--registry', url]);
  const check =
    !cargo.ok || lock.code !== 0
      ? await runWhatif(['check', ws, '--ignore-lock', '--json', '--registry', url, '--expect', 'conflict'])
      : undefined;
  return { cargo, lock, json, check };
}

/** The dependency an error says the search could not select a version for (cargo's words, and check's). */
function failedAt(message: string): string | undefined {
  return (
    /failed to select a version for (?:the requirement )?`([^` =]+)/.exec(message)?.[1] ??
    /no matching package named `([^`]+)`/.exec(message)?.[1]
  );
}

/**
 * Records the comparison in `agreement`, then asserts it: the same verdict (cargo fails exactly
 * when we exit 1 with an `unresolvable` document naming at least one conflict); when both fail,
 * a failure of the kind cargo's message names (failure-kind.ts); when cargo resolves, the same
 * package set three ways and the same Cargo.lock bytes.
 */
export function assertAgreement(name: string, c: Comparison, agreement: Agreement): 'resolved' | 'conflict' {
  const { cargo, lock, json } = c;
  const oursOk = lock.code === 0;
  const verdict = cargo.ok === oursOk && (json.code === 0) === oursOk;
  if (!cargo.ok || !oursOk) {
    const doc = (json.code === 1 ? JSON.parse(json.stdout) : {}) as { status?: string; conflicts?: OurConflict[] };
    // Both fail: for the same kind of reason as cargo's message gives?
    const failure = verdict && doc.conflicts ? compareFailures(cargo.stderr, doc.conflicts) : undefined;
    agreement.record({
      name,
      cargo: cargo.ok ? 'resolves' : 'fails',
      verdict,
      failure,
      note: !verdict
        ? `cargo ${cargo.ok ? 'resolves' : 'fails'}, lock exit ${lock.code}, resolve --json exit ${json.code}`
        : failure === 'different'
          ? `cargo fails with ${cargoFailureKinds(cargo.stderr).join(', ') || 'a message not classified'}, ours with ${ourFailureKinds(doc.conflicts!).join(', ') || 'nothing'}`
          : undefined,
    });
    expect(
      { cargo: cargo.ok, lock: lock.code, resolve: json.code },
      `cargo:\n${cargoError(cargo.stderr)}\nours:\n${lock.stdout.slice(0, 1500)}${lock.stderr.slice(0, 1500)}`,
    ).toEqual({ cargo: false, lock: 1, resolve: 1 });
    expect(doc.status).toBe('unresolvable');
    expect(doc.conflicts!.length).toBeGreaterThan(0);
    expect(
      failure,
      `cargo:\n${cargoError(cargo.stderr, 12)}\nours:\n${JSON.stringify(doc.conflicts, null, 1).slice(0, 3000)}`,
    ).not.toBe('different');
    // check's verdict, from the search alone (issue 13), is explain's and cargo's.
    expect(c.check?.code, c.check?.stderr).toBe(0);
    const checked = JSON.parse(c.check!.stdout) as { status: string; conflicts: OurConflict[] };
    expect(checked.status).toBe('unresolvable');
    // And it gives up at the dependency cargo's error names (cargo's search, error-message mode included).
    expect(
      failedAt(checked.conflicts[0]!.summary),
      `cargo:\n${cargoError(cargo.stderr, 20)}\nours: ${checked.conflicts[0]!.summary}`,
    ).toBe(failedAt(cargo.stderr));
    return 'conflict';
  }
  const cargoSet = lockPackageSet(cargo.lockfile!);
  const oursSet = lockPackageSet(lock.stdout);
  const jsonSet = jsonPackageSet(json.stdout);
  const textDiff = firstTextDifference(cargo.lockfile!, lock.stdout);
  agreement.record({
    name,
    cargo: 'resolves',
    verdict,
    set: setDifference(cargoSet, oursSet) === 'same package set',
    bytes: textDiff === undefined,
    json: setDifference(cargoSet, jsonSet) === 'same package set',
    note: textDiff ? `${setDifference(cargoSet, oursSet)}; ${textDiff.split('\n')[0]}` : undefined,
  });
  expect(json.code).toBe(0);
  expect(setDifference(cargoSet, oursSet)).toBe('same package set');
  expect(setDifference(cargoSet, jsonSet)).toBe('same package set');
  expect(textDiff).toBeUndefined();
  return 'resolved';
}
