// The byte scanner: a line's name and version by position, without parsing the line.
const NAME_KEY_BYTES = Buffer.from('{"name":"');
const VERS_KEY_BYTES = Buffer.from('","vers":"');

/** Where scanBytes found the name and version: one object for all lines, read at once. */
export const scanned = { nameStart: 0, nameEnd: 0, versStart: 0, versEnd: 0 };

/**
 * Whether a line has the shape every index writes (`{"name":"…","vers":"…",…}`, name and version
 * in ASCII without escapes), so that its name and version can be read without parsing it; the
 * places go to `scanned`. Anything else, a line that does not end in `}` included, is parsed at
 * once, so that a truncated line is reported as soon as its file is read.
 */
export function scanBytes(data: Buffer, start: number, end: number): boolean {
  if (!hasAt(data, start, end, NAME_KEY_BYTES)) return false;
  const nameStart = start + NAME_KEY_BYTES.length;
  const nameEnd = plainStringEnd(data, nameStart, end);
  if (nameEnd < 0 || !hasAt(data, nameEnd, end, VERS_KEY_BYTES)) return false;
  const versStart = nameEnd + VERS_KEY_BYTES.length;
  const versEnd = plainStringEnd(data, versStart, end);
  if (versEnd < 0) return false;
  let last = end - 1;
  while (last > versEnd && (data[last] === 0x20 || data[last] === 0x09 || data[last] === 0x0d)) last--;
  if (data[last] !== 0x7d) return false;
  scanned.nameStart = nameStart;
  scanned.nameEnd = nameEnd;
  scanned.versStart = versStart;
  scanned.versEnd = versEnd;
  return true;
}

function hasAt(data: Buffer, at: number, end: number, bytes: Buffer): boolean {
  if (at + bytes.length > end) return false;
  for (let i = 0; i < bytes.length; i++) if (data[at + i] !== bytes[i]) return false;
  return true;
}

/** Where a JSON string of plain ASCII starting at `from` ends (its closing quote), or -1. */
function plainStringEnd(data: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = data[i]!;
    if (b === 0x22) return i;
    if (b === 0x5c || b >= 0x80 || b < 0x20) return -1;
  }
  return -1;
}
