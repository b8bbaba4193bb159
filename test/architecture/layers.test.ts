import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

/**
 * Imports run down the layers that README.md's "Layers" list names, and round no circle. The
 * list is written down once, there, where a newcomer reads it; this test reads it from there.
 * Every import counts: static, `export ... from`, dynamic `import()`, type-only ones and
 * `import('...')` types, since a type-only import still ties one file to another's changes.
 *
 * A "folder" is an entry of the list (`src/tui/` with its `components/`, or a single file such as
 * `src/errors.ts`). A file may import the files of its own folder and the folders of lower layers;
 * never another folder of its own layer, nor one above. No files may import each other, directly
 * or round a circle, and neither may folders.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const README = join(ROOT, 'README.md');
const SOURCE_ROOTS = ['src', 'solver'];

interface Layer {
  number: number;
  name: string;
  /** Paths from the repository root: a folder ends in `/`. */
  folders: string[];
}

interface Import {
  from: string;
  to: string;
  line: number;
  text: string;
}

/** `1. **name**: \`src/a/\`, \`src/b.ts\`` lines under the "Layers" heading, lowest layer first. */
function readLayers(readme: string): Layer[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^#{2,4} Layers\b/.test(l));
  if (start < 0) throw new Error('README.md has no "Layers" heading: the layers are written down there');
  const layers: Layer[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#/.test(line)) break;
    const m = /^(\d+)\.\s+\*\*([^*]+)\*\*:\s+(.*)$/.exec(line);
    if (!m) continue;
    const folders = [...m[3]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!);
    layers.push({ number: Number(m[1]), name: m[2]!, folders });
  }
  return layers;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(path);
    }
  };
  for (const r of SOURCE_ROOTS) walk(r);
  return out.sort();
}

/** Every module a file names, with the line it does so on. */
function importsOf(file: string): { specifier: string; line: number }[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sf = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const out: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Expression | ts.TypeNode | undefined) => {
    let literal: ts.Node | undefined = spec;
    if (literal && ts.isLiteralTypeNode(literal)) literal = literal.literal;
    if (literal && ts.isStringLiteralLike(literal)) {
      out.push({ specifier: literal.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node)) add(node, node.argument);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative specifier names (`./x.js` is `./x.ts` or `./x.tsx` before tsc). */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`]) {
    const full = join(ROOT, candidate);
    if (existsSync(full) && statSync(full).isFile()) return relative(ROOT, full).split('\\').join('/');
  }
  return undefined;
}

function allImports(files: readonly string[]): { imports: Import[]; unresolved: string[] } {
  const imports: Import[] = [];
  const unresolved: string[] = [];
  for (const from of files) {
    for (const { specifier, line } of importsOf(from)) {
      if (!specifier.startsWith('.')) continue;
      const to = resolveSpecifier(from, specifier);
      if (to === undefined) unresolved.push(`${from}:${line} imports '${specifier}', which names no file`);
      else imports.push({ from, to, line, text: specifier });
    }
  }
  return { imports, unresolved };
}

/** Strongly connected components of more than one node, or with an edge to themselves. */
function cycles(nodes: readonly string[], next: (n: string) => readonly string[]): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) found.push(component.reverse());
    }
  };
  for (const n of nodes) if (!index.has(n)) connect(n);
  return found;
}

/** One circle through a component, spelt out: `a -> b -> c -> a`. */
function circle(component: readonly string[], next: (n: string) => readonly string[]): string {
  const inside = new Set(component);
  const start = component[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const n = queue.shift()!;
    for (const m of next(n)) {
      if (!inside.has(m)) continue;
      if (m === start) {
        const path = [start];
        for (let at = n; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start].join(' -> ');
      }
      if (!previous.has(m)) {
        previous.set(m, n);
        queue.push(m);
      }
    }
  }
  return component.join(', ');
}

const layers = readLayers(readFileSync(README, 'utf8'));
const files = sourceFiles();
const { imports, unresolved } = allImports(files);

function folderOf(file: string): { folder: string; layer: Layer } | undefined {
  for (const layer of layers) {
    for (const folder of layer.folders) {
      if (folder.endsWith('/') ? file.startsWith(folder) : file === folder) return { folder, layer };
    }
  }
  return undefined;
}

const describeLayer = (l: Layer) => `layer ${l.number}, ${l.name}`;

function layerViolations(list: readonly Import[]): string[] {
  const wrong: string[] = [];
  for (const i of list) {
    const a = folderOf(i.from);
    const b = folderOf(i.to);
    if (!a || !b || a.folder === b.folder) continue;
    if (b.layer.number < a.layer.number) continue;
    const how = b.layer.number > a.layer.number ? 'up to' : 'across to';
    wrong.push(
      `${i.from}:${i.line} imports ${i.to}: ${a.folder} (${describeLayer(a.layer)}) may not import ${how} ${b.folder} (${describeLayer(b.layer)})`,
    );
  }
  return wrong;
}

function fileCircles(list: readonly Import[], nodes: readonly string[]): string[] {
  const next = new Map<string, string[]>();
  for (const i of list) next.set(i.from, [...(next.get(i.from) ?? []), i.to]);
  const out = (n: string) => next.get(n) ?? [];
  return cycles(nodes, out).map((c) => circle(c, out));
}

function folderCircles(list: readonly Import[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const i of list) {
    const a = folderOf(i.from)?.folder;
    const b = folderOf(i.to)?.folder;
    if (!a || !b || a === b) continue;
    next.set(a, (next.get(a) ?? new Set()).add(b));
  }
  const out = (n: string) => [...(next.get(n) ?? [])];
  return cycles(
    layers.flatMap((l) => l.folders),
    out,
  ).map((c) => circle(c, out));
}

describe('imports run down the layers of README.md ("Layers")', () => {
  test('the layers are listed, numbered from 1 up, and name folders that exist', () => {
    expect(layers.length, 'no layers found under the "Layers" heading of README.md').toBeGreaterThan(1);
    expect(layers.map((l) => l.number)).toEqual(layers.map((_, i) => i + 1));
    const listed = layers.flatMap((l) => l.folders);
    expect(
      listed.filter((f, i) => listed.indexOf(f) !== i),
      'folders listed twice',
    ).toEqual([]);
    const missing = listed.filter(
      (f) => !existsSync(join(ROOT, f)) || statSync(join(ROOT, f)).isDirectory() !== f.endsWith('/'),
    );
    expect(missing, 'listed in README.md but not in the tree (a folder ends in `/`)').toEqual([]);
  });

  test('every source file is in a listed folder', () => {
    const homeless = files.filter((f) => !folderOf(f));
    expect(homeless, 'add the folder to a layer of README.md\'s "Layers" list').toEqual([]);
  });

  test('every relative import names a file', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
  });

  test('no import runs up a layer or across to another folder of its own layer', () => {
    expect(layerViolations(imports), 'imports run down the layers of README.md\'s "Layers" list').toEqual([]);
  });

  test('no files import each other, directly or round a circle', () => {
    expect(fileCircles(imports, files)).toEqual([]);
  });

  test('no folders import each other, directly or round a circle', () => {
    expect(folderCircles(imports)).toEqual([]);
  });

  // The checks above pass on a tree that keeps the rules; these make sure they would notice one that does not.
  test('the checks catch an import up a layer, across a layer, and circles of files and of folders', () => {
    const [low, high] = [layers[1]!, layers.at(-1)!];
    const fileIn = (l: Layer) => files.find((f) => folderOf(f)?.layer === l)!;
    const up: Import = { from: fileIn(low), to: fileIn(high), line: 1, text: '' };
    expect(layerViolations([up])).toEqual([expect.stringContaining('may not import up to')]);
    const wide = layers.find((l) => l.folders.length > 1)!;
    const [a, b] = wide.folders.map((f) => files.find((x) => folderOf(x)?.folder === f)!);
    expect(layerViolations([{ from: a!, to: b!, line: 1, text: '' }])).toEqual([
      expect.stringContaining('may not import across to'),
    ]);
    const there: Import = { from: 'x.ts', to: 'y.ts', line: 1, text: '' };
    const back: Import = { from: 'y.ts', to: 'x.ts', line: 1, text: '' };
    expect(fileCircles([there, back], ['x.ts', 'y.ts'])).toEqual(['x.ts -> y.ts -> x.ts']);
    expect(folderCircles([up, { from: fileIn(high), to: fileIn(low), line: 1, text: '' }])).toHaveLength(1);
  });
});
