import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCratesIo } from '../../src/cargo/source-id.js';
import { featureValueText, type Summary } from '../../src/cargo/summary.js';
import { indexPath } from '../../src/index/layout.js';

/**
 * Builds index files for tests and property tests. An entry is a raw JSON line (which must say
 * its `name`), a raw line that need not be JSON at all (`{ name, raw }`, for corruption tests),
 * a loose index object whose missing fields get defaults, or a Summary.
 */
export interface IndexDep {
  name: string;
  req: string;
  features?: string[];
  optional?: boolean;
  default_features?: boolean;
  target?: string | null;
  kind?: 'normal' | 'dev' | 'build' | null;
  registry?: string | null;
  package?: string | null;
}

export interface IndexLine {
  name: string;
  vers: string;
  deps?: IndexDep[];
  features?: Record<string, string[]>;
  features2?: Record<string, string[]>;
  cksum?: string;
  yanked?: boolean;
  links?: string | null;
  rust_version?: string | null;
  v?: number;
  [extra: string]: unknown;
}

export type IndexEntryInput = string | { name: string; raw: string } | IndexLine | Summary;

const DUMMY_CKSUM = '0'.repeat(64);

/** The JSON line for an entry, and the crate it belongs to. */
export function indexLine(entry: IndexEntryInput): { name: string; line: string } {
  if (typeof entry === 'string') {
    const name = (JSON.parse(entry) as { name?: unknown }).name;
    if (typeof name !== 'string') throw new Error(`index line has no name: ${entry}`);
    return { name, line: entry };
  }
  if ('raw' in entry && typeof entry.raw === 'string') return { name: entry.name, line: entry.raw };
  if (isSummary(entry)) return { name: entry.name, line: JSON.stringify(summaryToLine(entry)) };
  const line = entry as IndexLine;
  return {
    name: line.name,
    line: JSON.stringify({ deps: [], features: {}, cksum: DUMMY_CKSUM, yanked: false, ...line }),
  };
}

/** Index path → file text, in the order entries were given: what `startIndexServer` serves. */
export function indexFiles(entries: Iterable<IndexEntryInput>): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of entries) {
    const { name, line } = indexLine(entry);
    const path = indexPath(name);
    files.set(path, (files.get(path) ?? '') + line + '\n');
  }
  return files;
}

/** Writes an index directory (with a `config.json`) and returns the paths written. */
export async function writeIndex(dir: string, entries: Iterable<IndexEntryInput>): Promise<string[]> {
  const files = indexFiles(entries);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify({ dl: 'http://127.0.0.1:1/dl', api: 'http://127.0.0.1:1' }));
  for (const [path, text] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return [...files.keys()];
}

function isSummary(entry: object): entry is Summary {
  return 'version' in entry && 'dependencies' in entry;
}

/** What crates.io would publish for a summary: new-syntax features go to `features2` (v2). */
function summaryToLine(s: Summary): IndexLine {
  const features: Record<string, string[]> = {};
  const features2: Record<string, string[]> = {};
  for (const [name, values] of s.features) {
    const texts = values.map(featureValueText);
    const modern = values.some((v) => v.kind === 'dep' || (v.kind === 'dep-feature' && v.weak));
    (modern ? features2 : features)[name] = texts;
  }
  const line: IndexLine = {
    name: s.name,
    vers: s.version.toString(),
    deps: s.dependencies.map((d) => ({
      name: d.nameInToml,
      req: d.req.toString(),
      features: [...d.features],
      optional: d.optional,
      default_features: d.defaultFeatures,
      target: d.target,
      kind: d.kind,
      registry: isCratesIo(d.source) || d.source.url === s.source.url ? null : d.source.url,
      ...(d.name !== d.nameInToml ? { package: d.name } : {}),
    })),
    features,
    cksum: s.checksum ?? DUMMY_CKSUM,
    yanked: s.yanked,
    links: s.links,
    rust_version: s.rustVersion,
  };
  if (Object.keys(features2).length) Object.assign(line, { features2, v: 2 });
  return line;
}
