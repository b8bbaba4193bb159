import { TomlDate, type TomlTable, type TomlValue } from 'smol-toml';
import type { KeyPath, TomlDocument } from './toml-document.js';

/**
 * Typed reads of manifest values. A wrong type is a user error at that key, worded like the
 * serde errors cargo prints (`invalid type: integer `1`, expected a string`).
 */
export function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof TomlDate);
}

export function describeValue(v: TomlValue): string {
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  if (typeof v === 'bigint') return `integer \`${v}\``;
  if (typeof v === 'number') return Number.isInteger(v) ? `integer \`${v}\`` : `floating point \`${v}\``;
  if (v instanceof TomlDate) return 'datetime';
  if (Array.isArray(v)) return 'sequence';
  return 'map';
}

export function typeError(doc: TomlDocument, path: KeyPath, v: TomlValue, expected: string): Error {
  return doc.error(`invalid type: ${describeValue(v)}, expected ${expected}`, path);
}

export function readString(doc: TomlDocument, path: KeyPath, v: TomlValue, expected = 'a string'): string {
  if (typeof v !== 'string') throw typeError(doc, path, v, expected);
  return v;
}

export function readBool(doc: TomlDocument, path: KeyPath, v: TomlValue): boolean {
  if (typeof v !== 'boolean') throw typeError(doc, path, v, 'a boolean');
  return v;
}

export function readStringArray(doc: TomlDocument, path: KeyPath, v: TomlValue): string[] {
  if (!Array.isArray(v)) throw typeError(doc, path, v, 'a sequence');
  return v.map((el, i) => readString(doc, [...path, i], el));
}

export function readTable(doc: TomlDocument, path: KeyPath, v: TomlValue, expected = 'a table'): TomlTable {
  if (!isTable(v)) throw typeError(doc, path, v, expected);
  return v;
}

/** The sub-table at `key`, or undefined when absent; a non-table there is a user error. */
export function optionalTable(doc: TomlDocument, table: TomlTable, path: KeyPath, key: string): TomlTable | undefined {
  const v = table[key];
  return v === undefined ? undefined : readTable(doc, [...path, key], v);
}

export function optionalString(doc: TomlDocument, table: TomlTable, path: KeyPath, key: string): string | undefined {
  const v = table[key];
  return v === undefined ? undefined : readString(doc, [...path, key], v);
}

export function optionalBool(doc: TomlDocument, table: TomlTable, path: KeyPath, key: string): boolean | undefined {
  const v = table[key];
  return v === undefined ? undefined : readBool(doc, [...path, key], v);
}

export function optionalStringArray(
  doc: TomlDocument,
  table: TomlTable,
  path: KeyPath,
  key: string,
): string[] | undefined {
  const v = table[key];
  return v === undefined ? undefined : readStringArray(doc, [...path, key], v);
}

/** Cargo's maps are `BTreeMap<String, _>`: keys iterate in byte order, not in file order. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function sortedKeys(table: TomlTable): string[] {
  return Object.keys(table).sort(byteOrder);
}
