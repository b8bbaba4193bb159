import { Requirement } from '../cargo/requirement.js';
import { registrySource, type SourceId } from '../cargo/source-id.js';
import type { Dependency, FeatureMap, Origin, Summary } from '../cargo/summary.js';
import type { Version } from '../cargo/version.js';
import { type CheckedEntry, checkEntry, depKind, type EntryContext } from './entry-check.js';
import type { JsonObject } from './json-fields.js';
import { type FeatureTable, featureMap } from './summary-check.js';

/**
 * Read on first use, as cargo reads its index cache (cargo 1.95,
 * src/sources/registry/index/mod.rs, `MaybeIndexSummary`): a line is a name and a version until a
 * requirement takes that version; then it is checked (entry-check.ts) and becomes a summary whose
 * dependency list and feature map are built from the line only when first read.
 */

/** Where an unbuilt summary's line can be read again: its place in the file's bytes. */
export type LineSource = { data: Buffer; start: number; end: number };

/** A line checked as cargo checks it: a summary, or why cargo would skip the version. */
export type Entry =
  | { kind: 'summary'; name: string; version: string; summary: Summary }
  | Extract<CheckedEntry, { kind: 'skipped' }>;

/**
 * A line whose name and version were read without parsing it, checked when first wanted. Every
 * line of every file read has one, all alive until the end, so it holds offsets rather than an
 * object for where its text is.
 */
export class MaybeIndexSummary {
  entry: Entry | undefined = undefined;

  constructor(
    readonly line: number,
    readonly name: string,
    readonly version: Version,
    readonly start: number,
    readonly end: number,
  ) {}

  /** The line checked, once; `data` is the file's bytes that `start` and `end` point into. */
  parse(data: Buffer, ctx: EntryContext): Entry {
    if (this.entry) return this.entry;
    let entry = readEntry(
      data.toString('utf8', this.start, this.end),
      this.line,
      { data, start: this.start, end: this.end },
      ctx,
    );
    const version = this.version.toString();
    if (entry.kind === 'skipped' && entry.why === 'unreadable') {
      // Named as the scan read it, which is how the line was filed.
      entry = { ...entry, name: this.name, version };
    } else if (entry.name !== this.name || entry.version !== version) {
      // Only a key given twice can make the parse disagree with the scan; serde refuses those,
      // for the whole line and for its name and version alone.
      entry = {
        kind: 'skipped',
        name: this.name,
        version,
        versionParsed: true,
        why: 'unreadable',
        reason: 'duplicate field `name` or `vers`',
      };
    }
    this.entry = entry;
    return entry;
  }
}

/** Checks one non-blank line: a summary, or why cargo skips it. */
export function readEntry(text: string, line: number, source: LineSource, ctx: EntryContext): Entry {
  const checked = checkEntry(text);
  if (checked.kind === 'skipped') return checked;
  const origin: Origin = { kind: 'index', file: ctx.file, line };
  return {
    kind: 'summary',
    name: checked.name,
    version: checked.version.toString(),
    summary: unbuiltSummary(checked, source, origin, ctx.source),
  };
}

/**
 * The summary of a checked entry with the dependency list and feature map left to be built from
 * the line when first read: a closure holds every version of hundreds of crates and the resolver
 * looks at the dependencies of a fraction of them, while the rest would only be garbage to collect.
 */
function unbuiltSummary(
  checked: Extract<CheckedEntry, { kind: 'usable' }>,
  line: LineSource,
  origin: Origin,
  source: SourceId,
): Summary {
  // Property order is that of a Summary built in one go.
  const summary = { name: checked.name, version: checked.version, source } as Summary;
  Object.defineProperties(summary, BUILT_ON_FIRST_READ);
  summary.links = checked.links;
  summary.checksum = checked.checksum;
  summary.yanked = checked.yanked;
  summary.rustVersion = checked.rustVersion;
  summary.origin = origin;
  Object.defineProperty(summary, PENDING, { value: line, writable: true });
  return summary;
}

/** The line a summary's dependencies and features are built from, until they are. */
const PENDING = Symbol('index line');

class Built {
  constructor(
    readonly dependencies: Dependency[],
    readonly features: FeatureMap,
  ) {}
}

type Unbuilt = Summary & { [PENDING]: LineSource | Built };

// Own enumerable accessors, so a spread copy of a summary has both; one getter pair for all. The
// resolver reads them in its inner loops, where they are inlined: building stays out of line.
const BUILT_ON_FIRST_READ: PropertyDescriptorMap = {
  dependencies: {
    get(this: Unbuilt) {
      const parts = this[PENDING];
      return parts instanceof Built ? parts.dependencies : build(this).dependencies;
    },
    enumerable: true,
  },
  features: {
    get(this: Unbuilt) {
      const parts = this[PENDING];
      return parts instanceof Built ? parts.features : build(this).features;
    },
    enumerable: true,
  },
};

function build(s: Unbuilt): Built {
  const pending = s[PENDING] as LineSource;
  const text = pending.data.toString('utf8', pending.start, pending.end);
  // The line passed every check when it was read, so this cannot throw.
  const o = JSON.parse(text) as JsonObject;
  const dependencies = (o.deps as JsonObject[]).map((d) => toDependency(d, s.origin!, s.source));
  const features = featureMap(
    o.features as FeatureTable | undefined,
    (o.features2 ?? undefined) as FeatureTable | undefined,
    dependencies,
  );
  const parts = new Built(dependencies, features);
  s[PENDING] = parts;
  return parts;
}

/** A `deps` element of a line that passed checkDependency when it was read. */
function toDependency(d: JsonObject, origin: Origin, defaultSource: SourceId): Dependency {
  // Each field is absent or of its type, and `null` stands for absent where allowed.
  const nameInToml = d.name as string;
  const features = (d.features ?? []) as string[];
  const registry = (d.registry ?? undefined) as string | undefined;
  return {
    name: (d.package ?? nameInToml) as string,
    nameInToml,
    req: Requirement.parse(d.req as string),
    source: registry === undefined ? defaultSource : registrySource(registry),
    kind: depKind((d.kind ?? undefined) as string | undefined),
    target: (d.target ?? null) as string | null,
    optional: (d.optional ?? false) as boolean,
    defaultFeatures: (d.default_features ?? true) as boolean,
    // Old cargos published `""` in feature lists; cargo drops them rather than fail later.
    features: features.includes('') ? features.filter((f) => f !== '') : features,
    origin,
  };
}
