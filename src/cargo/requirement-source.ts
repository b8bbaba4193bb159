import type { Dependency, Origin } from './summary.js';

type Place = { file: string; line?: number; keyPath?: string };

/**
 * Where a requirement comes from, in one place for the text, the JSON and the TUI: the line that
 * declares it (a member's manifest, an index entry, a what-if edit); for `x.workspace = true`, the
 * `[workspace.dependencies]` line the version and features really come from; and the platform it
 * applies on (`cfg(unix)`, a target triple) when it does not apply everywhere. A user who wants to
 * change the requirement edits `version`, which is the workspace's line for an inherited one.
 */
export interface RequirementSource {
  declared: { kind: 'manifest' | 'index'; at: Place } | { kind: 'edit'; text: string };
  /** The `[workspace.dependencies]` entry an inherited requirement takes its version from. */
  version?: Place;
  target?: string;
}

export function requirementSource(
  dep: Dependency,
  origin: Origin | undefined = dep.origin,
): RequirementSource | undefined {
  if (!origin) return undefined;
  const target = dep.target ?? undefined;
  switch (origin.kind) {
    case 'edit':
      return { declared: { kind: 'edit', text: origin.text }, ...(target && { target }) };
    case 'index':
      return { declared: { kind: 'index', at: { file: origin.file, line: origin.line } }, ...(target && { target }) };
    case 'manifest': {
      const { inheritedFrom, kind: _, ...at } = origin;
      return {
        declared: { kind: 'manifest', at },
        ...(inheritedFrom && { version: inheritedFrom }),
        ...(target && { target }),
      };
    }
  }
}
