/**
 * Field readers with serde's rules for cargo's index structs (cargo 1.95,
 * crates/cargo-util-schemas/src/index.rs): an `Option<T>` field accepts a missing key or `null`; a
 * `#[serde(default)]` field accepts a missing key but not `null`; anything else must be present. A
 * wrong type makes cargo reject the whole entry, which the caller turns into a skipped line.
 */
export class FieldError extends Error {}

export type JsonObject = Record<string, unknown>;

/** A JSON type a field must have, and how serde names it when it does not. */
export interface Kind<T> {
  ok: (v: unknown) => v is T;
  expected: string;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a sequence';
  return typeof v === 'object' ? 'a map' : `${typeof v} ${JSON.stringify(v)}`;
}

function check<T>(key: string, v: unknown, kind: Kind<T>): T {
  if (!kind.ok(v)) throw new FieldError(`\`${key}\`: invalid type: ${typeName(v)}, expected ${kind.expected}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
export const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
export const isU32 = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

export function required<T>(o: JsonObject, key: string, kind: Kind<T>): T {
  if (!(key in o)) throw new FieldError(`missing field \`${key}\``);
  return check(key, o[key], kind);
}

export function optional<T>(o: JsonObject, key: string, kind: Kind<T>): T | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : check(key, v, kind);
}

export function withDefault<T>(o: JsonObject, key: string, kind: Kind<T>, fallback: T): T {
  return key in o ? check(key, o[key], kind) : fallback;
}

export const str: Kind<string> = { ok: isString, expected: 'a string' };
export const bool: Kind<boolean> = { ok: isBool, expected: 'a boolean' };
export const strings: Kind<string[]> = { ok: isStringArray, expected: 'a sequence of strings' };
export const u32: Kind<number> = { ok: isU32, expected: 'u32' };
export const array: Kind<unknown[]> = { ok: Array.isArray as (v: unknown) => v is unknown[], expected: 'a sequence' };

export const isFeatureTable = (v: unknown): v is Record<string, string[]> =>
  isObject(v) && Object.values(v).every(isStringArray);
export const featureTable: Kind<Record<string, string[]>> = { ok: isFeatureTable, expected: 'a map of feature lists' };
