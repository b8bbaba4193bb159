import type { CommandOptions } from '../../src/commands/options.js';
import type { Edit } from '../../src/edits/index.js';
import { EditStack, editFlag } from '../../src/edits/index.js';
import { UserError } from '../../src/errors.js';
import { WhatIfSession } from '../../src/session/session.js';
import type { Analysis, DepView, ExplanationView, MemberView } from '../../src/tui/analysis.js';
import type { PendingAnalysis, WhatIfEngine } from '../../src/tui/engine.js';
import { SessionEngine } from '../../src/tui/engine.js';
import type { TuiState } from '../../src/tui/state.js';
import { initialState } from '../../src/tui/state.js';
import { REGISTRY, SEED } from '../whatif/helpers.js';

/**
 * A seed-shaped analysis without the pipeline, so component and key tests run in
 * milliseconds: arrow_quant_v2 on pyo3 ^0.22, arrow_storage on ^0.20, resolving only once
 * some edit moves arrow_quant_v2's pyo3 to 0.20.
 */
const PYO3_LINES = [
  { line: '0.23', newest: '0.23.5', count: 2, current: false },
  { line: '0.22', newest: '0.22.6', count: 7, current: false },
  { line: '0.21', newest: '0.21.2', count: 3, current: false },
  { line: '0.20', newest: '0.20.3', count: 4, current: false },
];

function dep(key: string, req: string, extra: Partial<DepView> = {}): DepView {
  const line = req.replace(/^\^/, '');
  return {
    key,
    crate: key,
    req,
    features: [],
    defaultFeatures: true,
    optional: false,
    kind: 'normal',
    target: null,
    source: 'registry',
    edited: false,
    lines:
      key === 'pyo3'
        ? PYO3_LINES.map((l) => ({ ...l, current: l.line === line }))
        : [{ line, newest: `${line}.0`, count: 1, current: true }],
    versions:
      key === 'pyo3'
        ? [
            {
              line: '0.23',
              versions: [
                { version: '0.23.5', yanked: false, prerelease: false },
                { version: '0.23.0', yanked: true, prerelease: false },
              ],
            },
            { line: '0.22', versions: [{ version: '0.22.6', yanked: false, prerelease: false }] },
            {
              line: '0.21',
              versions: [
                { version: '0.21.2', yanked: false, prerelease: false },
                { version: '0.21.0-beta.0', yanked: false, prerelease: true },
              ],
            },
          ]
        : [{ line, versions: [{ version: `${line}.0`, yanked: false, prerelease: false }] }],
    links: null,
    requiredBy: [],
    ...extra,
  };
}

export const CONFLICTS: ExplanationView = {
  conflicts: [
    {
      summary:
        "arrow_quant_v2's pyo3 ^0.22 and arrow_storage's pyo3 ^0.20 need pyo3-ffi 0.20.x and pyo3-ffi 0.22.x, which both link the native library `python`",
      requirements: [
        { member: 'arrow_quant_v2', key: 'pyo3' },
        { member: 'arrow_storage', key: 'pyo3' },
      ],
      lines: [
        '  arrow_quant_v2 v0.1.0 depends on pyo3 ^0.22',
        '    -> pyo3 0.22.4 to 0.22.6 depend on pyo3-ffi =0.22.4 to =0.22.6, each its own version',
      ],
    },
    {
      summary: "arrow_quant_v2's pyo3 ^0.22 and arrow_storage's numpy ^0.20 need pyo3-ffi 0.20.x and 0.22.x",
      requirements: [
        { member: 'arrow_quant_v2', key: 'pyo3' },
        { member: 'arrow_storage', key: 'numpy' },
      ],
      lines: [],
    },
  ],
  suggestions: [
    {
      text: 'Use pyo3 0.20 in arrow_quant_v2 (now ^0.22) (resolves with pyo3 0.20.3)',
      flags: ['--bump arrow_quant_v2:pyo3=0.20'],
      edits: [{ kind: 'bump', member: 'arrow_quant_v2', dep: 'pyo3', req: '0.20' }],
    },
    {
      text: 'Use pyo3 0.22 in every member; remove pyo3-asyncio from arrow_quant_v2',
      flags: ['--bump pyo3=0.22', '--remove arrow_quant_v2:pyo3-asyncio'],
      edits: [
        { kind: 'bump', dep: 'pyo3', req: '0.22' },
        { kind: 'remove', member: 'arrow_quant_v2', dep: 'pyo3-asyncio' },
      ],
    },
  ],
  notes: ['pyo3-asyncio has no release that works with pyo3 0.22.x'],
  truncated: false,
};

export function fakeAnalysis(edits: readonly Edit[] = []): Analysis {
  const req = (member: string, key: string, base: string) => {
    const last = [...edits]
      .reverse()
      .find((e) => e.kind === 'bump' && e.dep === key && (e.member === undefined || e.member === member));
    return last?.kind === 'bump' ? { req: `^${last.req}`, edited: true } : { req: base, edited: false };
  };
  const removed = (member: string, key: string) =>
    edits.some((e) => e.kind === 'remove' && e.member === member && e.dep === key);
  const q = req('arrow_quant_v2', 'pyo3', '^0.22');
  const resolves = q.req === '^0.20';
  const members: MemberView[] = [
    {
      name: 'arrow_quant_v2',
      version: '0.1.0',
      deps: [
        dep('ndarray', '^0.16', { resolved: resolves ? '0.16.1' : undefined }),
        dep('pyo3', q.req, {
          edited: q.edited,
          features: ['extension-module', 'abi3-py310'],
          resolved: resolves ? '0.20.3' : undefined,
        }),
        dep('pyo3-asyncio', '^0.20', { features: ['tokio-runtime'] }),
      ].filter((d) => !removed('arrow_quant_v2', d.key)),
    },
    {
      name: 'arrow_storage',
      version: '0.1.0',
      deps: [dep('numpy', '^0.20'), dep('pyo3', req('arrow_storage', 'pyo3', '^0.20').req)],
    },
  ];
  if (!resolves) return { edits, verdict: { kind: 'unresolvable' }, members, packages: [], explanation: CONFLICTS };
  return {
    edits,
    verdict: { kind: 'resolved', packages: 3 },
    members,
    packages: [
      { name: 'arrow_quant_v2', version: '0.1.0', source: 'path' },
      { name: 'pyo3', version: '0.20.3', source: 'registry' },
      { name: 'pyo3-ffi', version: '0.20.3', source: 'registry' },
    ],
    diff: {
      baseline: 'lockfile',
      added: [],
      removed: [{ name: 'pyo3', version: '0.22.6', source: 'registry' }],
      upgraded: [],
      downgraded: [{ name: 'pyo3-ffi', from: '0.22.6', to: '0.20.3', source: 'registry' }],
    },
  };
}

/** Records every edit list it is asked to resolve; knows one crate the snapshot lacks. */
export class FakeEngine implements WhatIfEngine {
  readonly analyzed: (readonly Edit[])[] = [];
  loaded: string[] = [];
  known = new Set(['ndarray', 'pyo3', 'pyo3-asyncio', 'numpy']);

  missingCrates(edits: readonly Edit[]): string[] {
    return edits.flatMap((e) =>
      e.kind === 'add' && !this.known.has(e.dep) && e.dep === 'pyo3-async-runtimes' ? [e.dep] : [],
    );
  }

  async load(names: readonly string[]): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    for (const n of names) this.known.add(n);
    this.loaded.push(...names);
  }

  validate(edits: readonly Edit[]): void {
    for (const e of edits)
      if (e.kind === 'add' && !this.known.has(e.dep))
        throw new UserError(`${editFlag(e)}: no crate named \`${e.dep}\``);
  }

  async analyze(edits: readonly Edit[]): Promise<PendingAnalysis> {
    this.analyzed.push(edits);
    const full = fakeAnalysis(edits);
    if (!full.explanation) return { analysis: full, discard: () => {} };
    const { explanation, ...analysis } = full;
    return { analysis, explain: async () => explanation, discard: () => {} };
  }
}

export function stateWith(analysis: Analysis | undefined, patch: Partial<TuiState> = {}): TuiState {
  const stack = EditStack.of(analysis?.edits ?? []);
  return {
    ...initialState({
      workspace: 'fixtures/ai_os_diffusion',
      registry: 'fixtures/registry',
      args: 'fixtures/ai_os_diffusion',
      stack,
    }),
    analysis,
    ...patch,
  };
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** `cargo-whatif tui` on the seed workspace and the bundled registry, as the command line gives it. */
export const SEED_TUI_OPTIONS: CommandOptions = {
  command: 'tui',
  path: SEED,
  registry: REGISTRY,
  offline: true,
  ignoreLock: false,
  minimalVersions: false,
  json: false,
  edits: [],
  write: false,
  stdout: false,
  help: false,
  check: { unify: [], forbid: [] },
};

/** The real pipeline behind the TUI, on the seed (or the seed with other options). */
export async function seedEngine(options: Partial<CommandOptions> = {}): Promise<SessionEngine> {
  return new SessionEngine(await WhatIfSession.open({ ...SEED_TUI_OPTIONS, ...options }));
}

/** The detail pane's text with its line breaks and borders taken out, so that a check does not depend on where a line wraps. */
export function rightPane(f: string): string {
  return f
    .split('\n')
    .slice(4)
    .map((l) => l.slice(42).replace(/[│╭╮╰╯─]/g, ' '))
    .join(' ')
    .replace(/\s+/g, ' ');
}
