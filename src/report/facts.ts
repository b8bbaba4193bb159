import { isAbsolute, relative } from 'node:path';
import type { RequirementSource } from '../cargo/requirement-source.js';
import { requirementSource } from '../cargo/requirement-source.js';
import type { Dependency, Origin, Summary } from '../cargo/summary.js';
import type { Conflict, DerivationStep } from '../explain/conflict.js';
import type { Fact, VersionSet } from '../explain/facts.js';
import { unusableWords } from '../index/index-file.js';

/**
 * The facts of a conflict in words: "pyo3 0.22.4 to 0.22.6 depend on pyo3-ffi =0.22.4 to =0.22.6,
 * each its own version", each with where it comes from, as a path from where the user stands.
 */
export function factText(f: Fact): string {
  switch (f.kind) {
    case 'requirement': {
      const parent = f.parents[0]!;
      return `${parent.name} v${parent.version} ${kindWord(f.dep)}s on ${depLabel(f.dep)} ${f.dep.lockedFrom ?? f.dep.req}${featureNote(f.dep)}${lockNote(f.dep)}${targetNote(f.dep)}`;
    }
    case 'dependency': {
      const verb = f.parents.length > 1 ? kindWord(f.dep) : `${kindWord(f.dep)}s`;
      const via = f.dep.optional ? ' (optional, switched on)' : '';
      return `${f.parents[0]!.name} ${versionSetText(f.versions)} ${verb} on ${depLabel(f.dep)} ${requirementShape(f.parents, f.dep, f.pinsOwnVersion)}${via}${targetNote(f.dep)}`;
    }
    case 'missing-feature': {
      const close = f.didYouMean.length ? ` (did you mean ${f.didYouMean.map((x) => `\`${x}\``).join(' or ')}?)` : '';
      return `${f.parents[0]!.name} ${versionSetText(f.versions)} ${f.parents.length > 1 ? 'have' : 'has'} no feature \`${f.feature}\`${close}`;
    }
    case 'no-candidates': {
      const { dep } = f;
      const { req, yanked, known, newest, pinnedTo, unusable } = f.why;
      if (pinnedTo !== undefined)
        return `${dep.name} is pinned to ${pinnedTo} (--pin ${dep.name}=${pinnedTo}), which ${req} does not match`;
      if (unusable.length) {
        // Versions that would match exist, but cargo leaves their index lines out: say which, and why.
        const shown = unusable
          .slice(0, 3)
          .map((u) => (unusable.length > 1 ? `${unusableWords(u)} (line ${u.line})` : unusableWords(u)));
        if (unusable.length > 3) shown.push(`${unusable.length - 3} more`);
        const alsoYanked = yanked.runs.length ? `; the rest are yanked (${versionSetText(yanked)})` : '';
        return `no usable version of ${dep.name} matches ${req}: ${shown.join('; ')}${alsoYanked}`;
      }
      if (yanked.runs.length) {
        return `every version of ${dep.name} that matches ${req} is yanked (${versionSetText(yanked)})${newest ? `; the newest release is ${newest}` : ''}`;
      }
      if (newest)
        return `no version of ${dep.name} matches ${req} (${known === 1 ? '1 version exists' : `${known} versions exist`}, the newest is ${newest})`;
      return `no package named \`${dep.name}\` exists in the registry`;
    }
    case 'links': {
      const declarers = f.declarers.map((d) => `${d.name} ${versionSetText(d.versions)}`).join(' and ');
      return `only one package in the graph may link the native library \`${f.links}\`; ${declarers} declare${f.targets.length === 1 ? 's' : ''} links = "${f.links}"`;
    }
    case 'one-per-semver':
      return `only one version of ${f.name} ${f.line} may be in the graph (semver-compatible versions are unified)`;
  }
}

/**
 * Where a fact comes from: a manifest or index line, or the what-if edit that made it; for an
 * inherited requirement, also the `[workspace.dependencies]` line its version comes from.
 */
export function factOrigin(f: Fact, cwd: string): string | undefined {
  const source = factSource(f);
  if (source) return sourceText(source, cwd);
  return f.origin && originText(f.origin, cwd);
}

/** The source of a fact's requirement as data, for `--json` (a fact that cites no line has none). */
export function factSource(f: Fact): RequirementSource | undefined {
  return f.dep && f.origin && requirementSource(f.dep, f.origin);
}

export function sourceText(s: RequirementSource, cwd: string): string {
  const place = (p: { file: string; line?: number; keyPath?: string }) =>
    p.line !== undefined
      ? `${shortPath(p.file, cwd)}:${p.line}`
      : p.keyPath
        ? `${shortPath(p.file, cwd)} (${p.keyPath})`
        : shortPath(p.file, cwd);
  const declared = s.declared.kind === 'edit' ? `what-if ${s.declared.text}` : place(s.declared.at);
  return s.version ? `${declared}, version from ${place(s.version)}` : declared;
}

export function originText(o: Origin, cwd: string): string {
  switch (o.kind) {
    case 'manifest':
      return o.line !== undefined ? `${shortPath(o.file, cwd)}:${o.line}` : `${shortPath(o.file, cwd)} (${o.keyPath})`;
    case 'index':
      return o.line !== undefined ? `${shortPath(o.file, cwd)}:${o.line}` : shortPath(o.file, cwd);
    case 'edit':
      return `what-if ${o.text}`;
  }
}

/** Paths relative to where the user stands, as cargo prints them; URLs as they are. */
function shortPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * "0.22.0 to 0.22.6" for a run with no gap among the package's releases, runs joined by commas,
 * and "(every 0.22.x release)" after a whole semver-compatible line.
 */
export function versionSetText(s: VersionSet): string {
  const text = s.runs
    .map((r) => (r.length === 1 ? `${r[0]}` : r.length === 2 ? `${r[0]}, ${r[1]}` : `${r[0]} to ${r[r.length - 1]}`))
    .join(', ');
  return s.wholeLine ? `${text} (every ${s.wholeLine} release)` : text;
}

/** A conflict in one line: whose requirements clash, and over what. */
export function conflictSummary(c: Conflict): string {
  const who = c.facts
    .filter((f) => f.kind === 'requirement')
    .map((r) => `${r.parents[0]!.name}'s ${r.dep.name} ${r.dep.req}`);
  const list = who.length <= 2 ? who.join(' and ') : `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]}`;
  const clash = c.clash[0];
  if (!clash) return `${list} cannot be satisfied together`;
  switch (clash.kind) {
    case 'links': {
      const value = clash.targets[0]?.links ?? '';
      return `${list} need ${clashLinesInOrder(c, clash).join(' and ')}, which both link the native library \`${value}\``;
    }
    case 'one-per-semver':
      return `${list} need two versions of ${clash.targets[0]?.name} ${clash.targets[0]?.version.lineLabel}, and only one per semver-compatible line is allowed`;
    case 'no-candidates':
    case 'missing-feature':
      return `${list}: ${factText(clash)}`;
    default:
      return `${list} cannot be satisfied together`;
  }
}

/**
 * The lines of the packages that clash, in the order of the requirements that reach them, so
 * "a's pyo3 ^0.22 and b's pyo3 ^0.20 need pyo3-ffi 0.22.x and pyo3-ffi 0.20.x" reads pairwise.
 */
function clashLinesInOrder(c: Conflict, clash: Fact): string[] {
  const label = (t: Summary) => `${t.name} ${t.version.lineLabel}`;
  const clashing = new Set(clash.targets.map(label));
  const ordered: string[] = [];
  const visit = (step: DerivationStep) => {
    for (const t of step.fact.targets)
      if (clashing.has(label(t)) && !ordered.includes(label(t))) ordered.push(label(t));
    for (const child of step.children) visit(child);
  };
  for (const d of c.derivations) visit(d);
  return [...ordered, ...[...clashing].filter((l) => !ordered.includes(l))];
}

function kindWord(dep: Dependency): string {
  return dep.kind === 'build' ? 'build-depend' : dep.kind === 'dev' ? 'dev-depend' : 'depend';
}

function featureNote(dep: Dependency): string {
  const f = dep.features.length ? ` with features ${dep.features.map((x) => `\`${x}\``).join(', ')}` : '';
  return dep.defaultFeatures ? f : `${f}${f ? ',' : ''} without default features`;
}

/** A requirement that applies only on some platforms says on which, as its `[target.…]` table does. */
function targetNote(dep: Dependency): string {
  return dep.target ? ` (only on \`${dep.target}\`)` : '';
}

function lockNote(dep: Dependency): string {
  return dep.lockedFrom ? ` (held at ${dep.req.toString().replace(/^=/, '')} by Cargo.lock)` : '';
}

function depLabel(dep: Dependency): string {
  return dep.nameInToml !== dep.name ? `${dep.name} (as \`${dep.nameInToml}\`)` : dep.name;
}

/** The requirement; when every version asks for exactly itself, the pins themselves, as cargo words them. */
function requirementShape(parents: readonly Summary[], dep: Dependency, pinsOwnVersion: boolean): string {
  if (!pinsOwnVersion) return dep.req.toString();
  // Spelled out as the pins themselves ("=0.22.4 to =0.22.6"), the words cargo's own
  // message uses ("pyo3-ffi = \"=0.22.4\""), rather than a pattern like "=0.22.x".
  const sorted = [...parents].sort((a, b) => a.version.compare(b.version));
  const lo = sorted[0]!.version.toString();
  const hi = sorted[sorted.length - 1]!.version.toString();
  return lo === hi ? `=${lo}` : `=${lo} to =${hi}, each its own version`;
}
