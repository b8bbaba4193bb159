import { beforeAll, describe, expect, test } from 'vitest';
import type { Edit } from '../../src/edits/index.js';
import { applyEdits, EditStack, editFlag, parseEditFlag, parseEditText } from '../../src/edits/index.js';
import type { Input } from '../../src/pipeline/input.js';
import { extendRegistry } from '../../src/pipeline/input.js';
import { featuresOf, inputFor, picked, resolveWith, SEED } from './helpers.js';

/**
 * Each edit kind on the seed workspace (arrow_quant_v2 on pyo3 0.22, arrow_storage on 0.20,
 * which clash on `links = "python"`): what it does to the resolution, how it prints as a flag
 * (and reads back), and that undoing it restores the resolution before it.
 */
let input: Input;
beforeAll(async () => {
  input = await inputFor(SEED);
  // What a session does before resolving an `--add` of a crate the workspace did not reach.
  await extendRegistry(input, ['pyo3-async-runtimes']);
});

const REVERT: Edit = { kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' };

function versions(edits: Edit[], name: string): string[] | undefined {
  return picked(resolveWith(input, edits))?.get(name);
}

function depOf(edits: Edit[], member: string, dep: string) {
  return applyEdits(input.baseMembers, edits, (n) => input.registry.get(n) ?? [])
    .members.find((m) => m.name === member)!
    .dependencies.find((d) => d.nameInToml === dep);
}

/** The flag prints as `flag`, reads back as the same edit, and undo/redo move between the states. */
function roundTrip(before: Edit[], e: Edit, flag: string) {
  expect(editFlag(e)).toBe(flag);
  expect(parseEditText(flag)).toEqual(e);
  const stack = EditStack.of(before).push(e);
  const undone = stack.undo();
  expect(undone.edits).toEqual(before);
  expect(picked(resolveWith(input, undone.edits))).toEqual(picked(resolveWith(input, before)));
  expect(undone.redo().edits).toEqual([...before, e]);
}

describe('bump', () => {
  test('in one member: Option 2 resolves the seed', () => {
    expect(resolveWith(input, []).outcome.kind).toBe('unresolvable');
    expect(versions([REVERT], 'pyo3')).toEqual(['0.20.3']);
    roundTrip([], REVERT, '--bump arrow_quant_v2:pyo3=0.20');
  });

  test('in every member that has the dependency', () => {
    const e: Edit = { kind: 'bump', dep: 'pyo3', req: '0.20' };
    expect(depOf([e], 'arrow_storage', 'pyo3')!.req.toString()).toBe('^0.20');
    expect(depOf([e], 'arrow_quant_v2', 'pyo3')!.req.toString()).toBe('^0.20');
    expect(versions([e], 'pyo3')).toEqual(['0.20.3']);
    roundTrip([], e, '--bump pyo3=0.20');
  });

  test('the contract flag keeps its exact parse', () => {
    expect(parseEditFlag('--bump', 'pyo3=0.22')).toEqual({ kind: 'bump', member: undefined, dep: 'pyo3', req: '0.22' });
    expect(() => parseEditFlag('--bump', 'pyo3')).toThrow(/missing `=`/);
    expect(() => resolveWith(input, [{ kind: 'bump', member: 'nope', dep: 'pyo3', req: '1' }])).toThrow(
      /no workspace member named `nope`/,
    );
  });
});

describe('pin', () => {
  test('allows only that version', () => {
    const e: Edit = { kind: 'pin', crate: 'pyo3', version: '0.20.1' };
    expect(versions([REVERT, e], 'pyo3')).toEqual(['0.20.1']);
    roundTrip([REVERT], e, '--pin pyo3=0.20.1');
  });
});

describe('add and remove', () => {
  const swap: Edit[] = [
    { kind: 'bump', dep: 'pyo3', req: '0.22' },
    { kind: 'bump', member: 'arrow_storage', dep: 'numpy', req: '0.22' },
  ];

  test('remove takes the dependency and what it brings out of the graph', () => {
    const e: Edit = { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' };
    expect(versions([...swap, e], 'pyo3-asyncio')).toBeUndefined();
    expect(versions([...swap, e], 'pyo3')).toEqual(['0.22.6']);
    roundTrip(swap, e, '--remove arrow_quant_v2:pyo3-asyncio');
  });

  test('add puts a new dependency into the graph', () => {
    const removed: Edit[] = [...swap, { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' }];
    const e: Edit = { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' };
    expect(versions([...removed, e], 'pyo3-async-runtimes')).toEqual(['0.22.0']);
    roundTrip(removed, e, '--add arrow_quant_v2:pyo3-async-runtimes=0.22');
  });
});

describe('features', () => {
  test('turning a feature off drops what only it pulled in', () => {
    const e: Edit = { kind: 'features', member: 'arrow_quant_v2', dep: 'tokio', enable: [], disable: ['macros'] };
    expect(versions([REVERT], 'tokio-macros')).toEqual(['2.6.1']);
    expect(versions([REVERT, e], 'tokio-macros')).toBeUndefined();
    expect(featuresOf(resolveWith(input, [REVERT, e]), 'tokio')).not.toContain('macros');
    roundTrip([REVERT], e, '--features arrow_quant_v2:tokio=-macros');
  });

  test('turning one on, and the flag with both', () => {
    const e: Edit = { kind: 'features', member: 'arrow_quant_v2', dep: 'tokio', enable: ['time'], disable: ['macros'] };
    expect(depOf([e], 'arrow_quant_v2', 'tokio')!.features).toEqual(['rt-multi-thread', 'time']);
    roundTrip([REVERT], e, '--features arrow_quant_v2:tokio=+time,-macros');
    expect(parseEditText('--features tokio=time')).toEqual({
      kind: 'features',
      member: undefined,
      dep: 'tokio',
      enable: ['time'],
      disable: [],
    });
  });

  test('turning off a feature that is not on is an error', () => {
    expect(() =>
      resolveWith(input, [{ kind: 'features', member: 'arrow_quant_v2', dep: 'tokio', enable: [], disable: ['fs'] }]),
    ).toThrow(/feature `fs` of `tokio` is not turned on/);
  });
});

describe('default features', () => {
  test('off and back on', () => {
    const off: Edit = { kind: 'default-features', member: 'arrow_quant_v2', dep: 'ndarray', enabled: false };
    expect(featuresOf(resolveWith(input, [REVERT]), 'ndarray', '0.16.1')).toEqual(['default', 'std']);
    expect(featuresOf(resolveWith(input, [REVERT, off]), 'ndarray', '0.16.1')).toEqual([]);
    roundTrip([REVERT], off, '--no-default-features arrow_quant_v2:ndarray');
    const on: Edit = { kind: 'default-features', member: 'arrow_quant_v2', dep: 'ndarray', enabled: true };
    expect(featuresOf(resolveWith(input, [REVERT, off, on]), 'ndarray', '0.16.1')).toEqual(['default', 'std']);
    roundTrip([REVERT, off], on, '--default-features arrow_quant_v2:ndarray');
  });
});

describe('unify-workspace (Option 3)', () => {
  test('every member shares the workspace requirement', () => {
    const e: Edit = { kind: 'unify-workspace', dep: 'pyo3', req: '0.20' };
    expect(depOf([e], 'arrow_quant_v2', 'pyo3')!.req.toString()).toBe('^0.20');
    expect(depOf([e], 'arrow_storage', 'pyo3')!.req.toString()).toBe('^0.20');
    // Features stay each member's own: the root takes the common ones, members the rest.
    expect(depOf([e], 'arrow_quant_v2', 'pyo3')!.features).toEqual(['extension-module', 'abi3-py310']);
    expect(versions([e], 'pyo3')).toEqual(['0.20.3']);
    roundTrip([], e, '--unify-workspace pyo3=0.20');
  });

  test('without REQ the members must already agree', () => {
    expect(() => resolveWith(input, [{ kind: 'unify-workspace', dep: 'pyo3' }])).toThrow(
      /different requirements .*--unify-workspace pyo3=REQ/,
    );
    const agreed: Edit[] = [REVERT, { kind: 'unify-workspace', dep: 'pyo3' }];
    expect(versions(agreed, 'pyo3')).toEqual(['0.20.3']);
    roundTrip([REVERT], agreed[1]!, '--unify-workspace pyo3');
  });

  test('only registry dependencies named alike can be shared', () => {
    expect(() => resolveWith(input, [{ kind: 'unify-workspace', dep: 'serde' }])).toThrow(
      /no workspace member depends on `serde`/,
    );
  });
});

describe('upgrade (Option 1, coordinated)', () => {
  test('moves every member and the dependencies that need the old line', () => {
    const e: Edit = { kind: 'upgrade', dep: 'pyo3' };
    const { upgrades } = applyEdits(input.baseMembers, [e], (n) => input.registry.get(n) ?? []);
    // Newest pyo3 line in the fixture index is 0.25; numpy follows; pyo3-asyncio has no release for it.
    expect(upgrades[0]!.bumps.map(editFlag)).toEqual(['--bump pyo3=0.25', '--bump arrow_storage:numpy=0.25']);
    expect(resolveWith(input, [e]).outcome.kind).toBe('unresolvable');
    roundTrip([], e, '--upgrade pyo3');
  });

  test('with pyo3-async-runtimes in place of pyo3-asyncio it resolves', () => {
    const edits: Edit[] = [
      { kind: 'upgrade', dep: 'pyo3', req: '0.22' },
      { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
      { kind: 'add', member: 'arrow_quant_v2', dep: 'pyo3-async-runtimes', req: '0.22' },
      {
        kind: 'features',
        member: 'arrow_quant_v2',
        dep: 'pyo3-async-runtimes',
        enable: ['tokio-runtime'],
        disable: [],
      },
    ];
    const p = picked(resolveWith(input, edits))!;
    expect(p.get('pyo3')).toEqual(['0.22.6']);
    expect(p.get('numpy')).toEqual(['0.22.1']);
    expect(featuresOf(resolveWith(input, edits), 'pyo3-async-runtimes')).toContain('tokio-runtime');
    roundTrip([], edits[0]!, '--upgrade pyo3=0.22');
  });

  test('a line the registry does not have is an error', () => {
    expect(() => resolveWith(input, [{ kind: 'upgrade', dep: 'pyo3', req: '9' }])).toThrow(
      /no release of `pyo3` matches `9`/,
    );
  });
});

describe('edits compose in order', () => {
  test('a later edit sees the earlier ones', () => {
    const edits: Edit[] = [
      { kind: 'bump', dep: 'pyo3', req: '0.21' },
      { kind: 'bump', member: 'arrow_storage', dep: 'pyo3', req: '0.20' },
    ];
    expect(depOf(edits, 'arrow_quant_v2', 'pyo3')!.req.toString()).toBe('^0.21');
    expect(depOf(edits, 'arrow_storage', 'pyo3')!.req.toString()).toBe('^0.20');
    expect(depOf([...edits].reverse(), 'arrow_storage', 'pyo3')!.req.toString()).toBe('^0.21');
  });

  test('an EditStack prints as the command line that reproduces it', () => {
    const stack = EditStack.of().push(REVERT).push({ kind: 'bump', dep: 'tokio', req: '>=1.40, <2' });
    expect(stack.commandLine('resolve', 'fixtures/ai_os_diffusion')).toBe(
      "cargo-whatif resolve fixtures/ai_os_diffusion --bump arrow_quant_v2:pyo3=0.20 --bump 'tokio=>=1.40, <2'",
    );
    expect(stack.canRedo).toBe(false);
    const undone = stack.undo().undo();
    expect(undone.canUndo).toBe(false);
    expect(undone.undo()).toBe(undone);
    expect(undone.next).toEqual(REVERT);
    // A new edit after undo drops the redo history, as in any editor.
    expect(undone.push({ kind: 'pin', crate: 'pyo3', version: '0.20.1' }).canRedo).toBe(false);
  });
});
