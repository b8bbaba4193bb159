import type { AST } from 'toml-eslint-parser';
import { InternalError } from '../errors.js';
import type { Path } from './document.js';
import { isDefined, samePath, startsWith, TomlText } from './document.js';
import { tomlPath } from './format.js';

/**
 * The primitive edits on a TOML text: set a value, insert a key, remove a key, add to or remove
 * from an array, rename a key. Each works on the text as it is (re-parsed every time, so edits
 * compose), changes the fewest bytes it can, and follows the layout around it: a new key goes
 * on its own line after the last one of a table, with that line's indentation and the file's
 * line breaks; inside `{ ... }` or `[ ... ]` it follows the commas and line breaks already there.
 */
interface Patch {
  start: number;
  end: number;
  text: string;
}

function patch(text: string, patches: Patch[]): string {
  let out = text;
  for (const p of [...patches].sort((a, b) => b.start - a.start))
    out = out.slice(0, p.start) + p.text + out.slice(p.end);
  return out;
}

/** Replaces the value at `path`, which must exist as `path = value`. */
export function setValue(text: string, path: Path, valueText: (old: AST.TOMLContentNode) => string): string {
  const doc = new TomlText(text);
  const kv = doc.locate(path).value;
  if (!kv) throw new InternalError(`no value at ${tomlPath(path)}`);
  return patch(text, [{ start: kv.value.range[0], end: kv.value.range[1], text: valueText(kv.value) }]);
}

/** Sets `path = value`: replaces the value where the key exists, inserts the key where not. */
export function putValue(text: string, path: Path, valueText: (old?: AST.TOMLContentNode) => string): string {
  const doc = new TomlText(text);
  if (doc.locate(path).value) return setValue(text, path, valueText);
  return insertKey(text, path.slice(0, -1), tomlPath(path.slice(-1)), valueText());
}

/**
 * Adds `keyText = valueText` to the table at `container`, creating the table when it does not
 * exist (as a `[header]` where its parent is one, else the way its parent is spelled).
 * `keyText` is already TOML (it may be dotted).
 */
export function insertKey(text: string, container: Path, keyText: string, valueText: string): string {
  const doc = new TomlText(text);
  const loc = doc.locate(container);
  const line = `${keyText} = ${valueText}`;
  if (container.length === 0) return insertTopLevel(doc, line);
  if (loc.value) {
    if (loc.value.value.type !== 'TOMLInlineTable') throw new InternalError(`${tomlPath(container)} is not a table`);
    return patch(text, listAppend(doc, loc.value.value, line));
  }
  if (loc.header) return patch(text, [afterTableBody(doc, loc.header, line)]);
  if (loc.dotted.length > 0) {
    const { kv, container: outer } = loc.dotted.at(-1)!;
    const prefix = text.slice(kv.key.keys[0]!.range[0], kv.key.keys[container.length - outer.length - 1]!.range[1]);
    const dottedLine = `${prefix}.${line}`;
    if (kv.parent.type === 'TOMLInlineTable') return patch(text, listAppend(doc, kv.parent, dottedLine));
    return patch(text, [
      {
        start: doc.lineEnd(kv.range[1]),
        end: doc.lineEnd(kv.range[1]),
        text: `${doc.eol}${doc.indentOf(kv.range[0])}${dottedLine}`,
      },
    ]);
  }
  if (loc.subtables.length > 0) {
    // `[a]` may follow `[a.b]` in TOML, but reads better before it.
    const first = loc.subtables.reduce((a, b) => (a.range[0] < b.range[0] ? a : b));
    const at = doc.lineStart(first.range[0]);
    return patch(text, [{ start: at, end: at, text: `[${tomlPath(container)}]${doc.eol}${line}${doc.eol}${doc.eol}` }]);
  }
  const parent = container.slice(0, -1);
  const ploc = doc.locate(parent);
  const header = `[${tomlPath(container)}]${doc.eol}${line}`;
  if (parent.length > 0 && (ploc.value || (ploc.dotted.length > 0 && !ploc.header))) {
    // The parent is an inline table or dotted keys: a header could not extend it.
    return insertKey(text, parent, `${tomlPath(container.slice(-1))}.${keyText}`, valueText);
  }
  const family =
    parent.length === 0
      ? []
      : doc.tables.filter((t) => samePath(t.resolvedKey, parent) || startsWith(t.resolvedKey, parent));
  const last = family.at(-1);
  if (last) {
    const at = doc.lineEnd(last.range[1]);
    return patch(text, [{ start: at, end: at, text: `${doc.eol}${doc.eol}${header}` }]);
  }
  return appendAtEnd(doc, header);
}

function insertTopLevel(doc: TomlText, line: string): string {
  const top = doc.ast.body[0].body.filter((n): n is AST.TOMLKeyValue => n.type === 'TOMLKeyValue').at(-1);
  if (top) {
    const at = doc.lineEnd(top.range[1]);
    return patch(doc.text, [{ start: at, end: at, text: `${doc.eol}${line}` }]);
  }
  return `${line}${doc.eol}${doc.text}`;
}

function appendAtEnd(doc: TomlText, block: string): string {
  const text = doc.text;
  if (text.trim() === '') return `${block}${doc.eol}`;
  const ending = text.endsWith('\n') ? '' : doc.eol;
  return `${text}${ending}${doc.eol}${block}${doc.eol}`;
}

function afterTableBody(doc: TomlText, table: AST.TOMLTable, line: string): Patch {
  const last = table.body.at(-1);
  const at = doc.lineEnd(last ? last.range[1] : table.range[1]);
  const indent = last ? doc.indentOf(last.range[0]) : '';
  return { start: at, end: at, text: `${doc.eol}${indent}${line}` };
}

/** Removes every definition of `path`: its `key = value`, its `[header]` and sub-tables, its dotted keys. */
export function removeKey(text: string, path: Path): string {
  const doc = new TomlText(text);
  const loc = doc.locate(path);
  if (!isDefined(loc)) return text;
  const patches: Patch[] = [];
  const kvs = [...(loc.value ? [loc.value] : []), ...loc.dotted.map((d) => d.kv)];
  for (const kv of kvs) {
    if (kv.parent.type === 'TOMLInlineTable') {
      // Two removals in one inline table would overlap around their shared comma; one at a time.
      if (kvs.length > 1) return removeKey(patch(text, listRemove(doc, kv.parent, kv.parent.body.indexOf(kv))), path);
      patches.push(...listRemove(doc, kv.parent, kv.parent.body.indexOf(kv)));
    } else {
      patches.push({ start: doc.lineStart(kv.range[0]), end: doc.nextLine(kv.range[1]), text: '' });
    }
  }
  for (const t of [...(loc.header ? [loc.header] : []), ...loc.subtables]) {
    patches.push({ start: doc.lineStart(t.range[0]), end: doc.nextLine(t.range[1]), text: '' });
  }
  return patch(text, patches);
}

/** Replaces `old = value` (the last part of `path`) by `newKey = valueText`, in place. */
export function replaceKey(text: string, path: Path, newKey: string, valueText: string): string {
  const doc = new TomlText(text);
  const kv = doc.locate(path).value;
  if (!kv) throw new InternalError(`no value at ${tomlPath(path)}`);
  const lastKey = kv.key.keys.at(-1)!;
  return patch(text, [
    { start: lastKey.range[0], end: lastKey.range[1], text: newKey },
    { start: kv.value.range[0], end: kv.value.range[1], text: valueText },
  ]);
}

export function appendToArray(text: string, path: Path, itemText: string): string {
  const doc = new TomlText(text);
  const node = doc.locate(path).value?.value;
  if (node?.type !== 'TOMLArray') throw new InternalError(`no array at ${tomlPath(path)}`);
  return patch(text, listAppend(doc, node, itemText));
}

export function removeFromArray(text: string, path: Path, index: number): string {
  const doc = new TomlText(text);
  const node = doc.locate(path).value?.value;
  if (node?.type !== 'TOMLArray' || index >= node.elements.length)
    throw new InternalError(`no element ${index} in ${tomlPath(path)}`);
  return patch(text, listRemove(doc, node, index));
}

type List = AST.TOMLArray | AST.TOMLInlineTable;

function items(list: List): AST.TOMLNode[] {
  return list.type === 'TOMLArray' ? list.elements : list.body;
}

function listAppend(doc: TomlText, list: List, itemText: string): Patch[] {
  const all = items(list);
  const open = list.range[0] + 1;
  const close = list.range[1] - 1;
  const last = all.at(-1);
  if (!last) return [{ start: open, end: close, text: list.type === 'TOMLInlineTable' ? ` ${itemText} ` : itemText }];
  const comma = doc.commaBetween(last.range[1], close);
  const after = comma ? comma.range[1] : last.range[1];
  const ownLines = doc.startsLine(last.range[0]) && doc.lineEnd(after) < close;
  if (!ownLines) return [{ start: last.range[1], end: last.range[1], text: `, ${itemText}` }];
  // One item per line: a new line like the last one, keeping its trailing-comma habit.
  const at = doc.lineEnd(after);
  const patches: Patch[] = [
    { start: at, end: at, text: `${doc.eol}${doc.indentOf(last.range[0])}${itemText}${comma ? ',' : ''}` },
  ];
  if (!comma) patches.push({ start: last.range[1], end: last.range[1], text: ',' });
  return patches;
}

function listRemove(doc: TomlText, list: List, index: number): Patch[] {
  const all = items(list);
  const el = all[index]!;
  const next = all[index + 1];
  const prev = all[index - 1];
  const close = list.range[1] - 1;
  const comma = doc.commaBetween(el.range[1], next ? next.range[0] : close);
  const end = comma ? comma.range[1] : el.range[1];
  if (
    doc.startsLine(el.range[0]) &&
    doc.endsLine(end) &&
    doc.lineEnd(end) < close &&
    doc.lineStart(el.range[0]) > list.range[0]
  ) {
    return [{ start: doc.lineStart(el.range[0]), end: doc.nextLine(end), text: '' }];
  }
  if (comma && next) return [{ start: el.range[0], end: next.range[0], text: '' }];
  if (prev) return [{ start: prev.range[1], end: el.range[1], text: '' }];
  if (comma) return [{ start: el.range[0], end: skipBlanks(doc.text, comma.range[1], close), text: '' }];
  return [{ start: list.range[0] + 1, end: close, text: '' }];
}

function skipBlanks(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}
