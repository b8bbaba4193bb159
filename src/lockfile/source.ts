import { InternalError } from '../errors.js';

/**
 * The `source` strings of Cargo.lock (`registry+https://…`, `sparse+https://…`,
 * `git+https://…?branch=x#sha`): checked the way cargo checks them, compared the way cargo
 * identifies sources, and ordered the way cargo orders `[[package]]` entries and `dependencies`.
 */
export type LockSourceKind = 'path' | 'registry' | 'sparse' | 'git';

export interface ParsedLockSource {
  kind: LockSourceKind;
  /** The URL as cargo's lockfile schema holds it: after `kind+`, except sparse keeps its prefix. */
  url: string;
  /** git: `tag`, `branch` or `rev`, from the query; absent means the default branch. */
  gitRef?: { type: 'tag' | 'branch' | 'rev'; value: string };
  /** git: the commit after `#`. */
  precise?: string;
}

const KINDS: readonly string[] = ['git', 'registry', 'sparse', 'path'];

/** Parses a lockfile source string; returns the reason cargo would reject it otherwise. */
export function parseLockSource(text: string): ParsedLockSource | string {
  const plus = text.indexOf('+');
  if (plus < 0) return `invalid source \`${text}\``;
  const kind = text.slice(0, plus);
  const rest = text.slice(plus + 1);
  const urlText = kind === 'sparse' ? text : rest;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    return `invalid url \`${rest}\`: not an absolute URL`;
  }
  if (!KINDS.includes(kind)) return `unsupported source protocol: ${kind}`;
  const parsed: ParsedLockSource = { kind: kind as LockSourceKind, url: urlText };
  if (kind === 'git') {
    // As cargo's GitReference::from_query: the last of branch/ref/tag/rev wins.
    for (const [k, value] of url.searchParams) {
      if (k === 'branch' || k === 'ref') parsed.gitRef = { type: 'branch', value };
      else if (k === 'tag') parsed.gitRef = { type: 'tag', value };
      else if (k === 'rev') parsed.gitRef = { type: 'rev', value };
    }
    if (url.hash) parsed.precise = url.hash.slice(1);
  }
  return parsed;
}

/**
 * Cargo's CanonicalUrl, which decides when two spellings are the same source: no trailing slash,
 * and for plain-scheme URLs on github.com, lower case and no `.git`.
 */
function canonicalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  url.hash = '';
  let path = url.pathname;
  if (path.endsWith('/')) path = path.slice(0, -1);
  let scheme = url.protocol;
  const plainScheme = !scheme.includes('+');
  if (plainScheme && url.hostname === 'github.com') {
    scheme = 'https:';
    path = path.toLowerCase();
  }
  if (plainScheme && path.endsWith('.git')) path = path.slice(0, -4);
  return `${scheme}//${url.host}${path}${url.search}`;
}

function withoutQuery(url: string): string {
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

/** Equal keys mean cargo's `SourceId`s are equal (kind, git reference, canonical URL; not the commit). */
export function sourceIdentity(text: string): string {
  const s = parseLockSource(text);
  if (typeof s === 'string') return text;
  const ref = s.gitRef ? `${s.gitRef.type}=${s.gitRef.value}` : '';
  const url = s.kind === 'git' ? withoutQuery(s.url) : s.url;
  return `${s.kind}\u0000${ref}\u0000${canonicalUrl(url)}`;
}

// SourceKind's order in cargo, fixed for lockfile stability: path, registry, sparse, …, git last.
const KIND_RANK: Record<LockSourceKind, number> = { path: 0, registry: 1, sparse: 2, git: 5 };
// GitReference derives Ord over Tag, Branch, Rev, DefaultBranch.
const GIT_REF_RANK = { tag: 0, branch: 1, rev: 2 } as const;

/** Byte-wise comparison, as Rust compares `str`s. */
export function compareBytes(a: string, b: string): number {
  // Below the surrogates, UTF-16 code units are code points, which UTF-8 orders as they are: the
  // first difference decides without encoding either string (a lockfile sorts hundreds of names).
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareKinds(a: ParsedLockSource, b: ParsedLockSource): number {
  const byKind = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (byKind || a.kind !== 'git') return byKind;
  const ra = a.gitRef ? GIT_REF_RANK[a.gitRef.type] : 3;
  const rb = b.gitRef ? GIT_REF_RANK[b.gitRef.type] : 3;
  return ra - rb || compareBytes(a.gitRef?.value ?? '', b.gitRef?.value ?? '');
}

function parsedOrPath(text: string | undefined): ParsedLockSource {
  if (text === undefined) return { kind: 'path', url: '' };
  const s = parseLockSource(text);
  // Cargo could never have produced such a source, so there is no order to reproduce.
  if (typeof s === 'string') throw new InternalError(`not a lockfile source: ${s}`);
  return s;
}

/** The order of `[[package]]` entries with equal name and version: cargo's `SourceId` order. */
export function comparePackageSources(a: string | undefined, b: string | undefined): number {
  const [sa, sb] = [parsedOrPath(a), parsedOrPath(b)];
  const ua = sa.kind === 'git' ? withoutQuery(sa.url) : sa.url;
  const ub = sb.kind === 'git' ? withoutQuery(sb.url) : sb.url;
  return compareKinds(sa, sb) || compareBytes(canonicalUrl(ua), canonicalUrl(ub));
}

/**
 * The order of references in a `dependencies` list with equal name and version: the lockfile
 * schema's own order (kind, then the URL as written), with no source first.
 */
export function compareReferenceSources(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  const [sa, sb] = [parsedOrPath(a), parsedOrPath(b)];
  return compareKinds(sa, sb) || compareBytes(sa.url, sb.url);
}

/** A dependency reference names a source without its commit: cargo writes `without_precise()`. */
export function withoutPrecise(source: string): string {
  if (!source.startsWith('git+')) return source;
  const hash = source.indexOf('#');
  return hash < 0 ? source : source.slice(0, hash);
}

/** `form_urlencoded::byte_serialize`, which cargo applies to git references in format 4. */
function formUrlEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9*\-._]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/**
 * A source as cargo writes it in the given format. Cargo rebuilds git sources from their parts:
 * other query parameters are dropped, and the reference is URL-encoded from format 4 on
 * (`branch=feat%2Fx`) but written raw in format 3 (`branch=feat/x`).
 */
export function spellSource(source: string, format: 3 | 4): string {
  const key = `${format}${source}`;
  let spelled = SPELLED.get(key);
  if (spelled === undefined) {
    spelled = spellSourceUncached(source, format);
    SPELLED.set(key, spelled);
  }
  return spelled;
}

/** Every package of a lockfile spells its source, and most share one. */
const SPELLED = new Map<string, string>();

function spellSourceUncached(source: string, format: 3 | 4): string {
  const s = parseLockSource(source);
  if (typeof s === 'string') throw new InternalError(`not a lockfile source: ${s}`);
  if (s.kind !== 'git') return source;
  let out = `git+${withoutQuery(s.url)}`;
  if (s.gitRef) out += `?${s.gitRef.type}=${format >= 4 ? formUrlEncode(s.gitRef.value) : s.gitRef.value}`;
  if (s.precise !== undefined) out += `#${s.precise}`;
  return out;
}
