/**
 * Field readers with serde's rules for cargo's index structs (cargo-util-schemas/src/index.rs):
 * an `Option<T>` field accepts a missing key or `null`; a `#[serde(default)]` field accepts a
 * missing key but not `null`; anything else must be present. A wrong type makes cargo reject the
 * whole entry, which the caller turns into a skipped line.
 */
export class FieldError extends Error {}

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a sequence';
  return typeof v === 'object' ? 'a map' : `${typeof v} ${JSON.stringify(v)}`;
}

function check<T>(key: string, v: unknown, ok: (v: unknown) => v is T, expected: string): T {
  if (!ok(v)) throw new FieldError(`\`${key}\`: invalid type: ${typeName(v)}, expected ${expected}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isU32 = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

export function required<T>(o: JsonObject, key: string, ok: (v: unknown) => v is T, expected: string): T {
  if (!(key in o)) throw new FieldError(`missing field \`${key}\``);
  return check(key, o[key], ok, expected);
}

export function optional<T>(o: JsonObject, key: string, ok: (v: unknown) => v is T, expected: string): T | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : check(key, v, ok, expected);
}

export function withDefault<T>(o: JsonObject, key: string, ok: (v: unknown) => v is T, expected: string, fallback: T): T {
  return key in o ? check(key, o[key], ok, expected) : fallback;
}

export const str = [isString, 'a string'] as const;
export const bool = [isBool, 'a boolean'] as const;
export const strings = [isStringArray, 'a sequence of strings'] as const;
export const u32 = [isU32, 'u32'] as const;
export const array = [Array.isArray as (v: unknown) => v is unknown[], 'a sequence'] as const;

const isFeatureTable = (v: unknown): v is Record<string, string[]> => isObject(v) && Object.values(v).every(isStringArray);
export const featureTable = [isFeatureTable, 'a map of feature lists'] as const;
