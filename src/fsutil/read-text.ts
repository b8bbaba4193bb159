import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';

/**
 * A text file cargo reads as UTF-8 (a manifest, Cargo.lock, a configuration file): its text, or
 * a NotUtf8Error at the line of the first byte that is not UTF-8, as cargo refuses such a file
 * ("was not valid utf-8") rather than reading it with replacement characters. The caller makes
 * either error, or failing to read the file at all, bad input worded for the kind of file.
 */
export function readUtf8File(file: string): string {
  const data = readFileSync(file);
  if (isUtf8(data)) return data.toString('utf8');
  const at = firstInvalidByte(data);
  const before = data.subarray(0, at);
  let line = 1;
  for (const b of before) if (b === 0x0a) line++;
  const column = at - (before.lastIndexOf(0x0a) + 1) + 1;
  const byte = data[at]!.toString(16).toUpperCase().padStart(2, '0');
  throw new NotUtf8Error(
    file,
    line,
    `not valid UTF-8 (byte 0x${byte} at column ${column}); cargo refuses the file too`,
  );
}

/** A file that is not UTF-8, with the line of its first bad byte. */
export class NotUtf8Error extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'NotUtf8Error';
  }
}

/** Where the first byte is that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidByte(data: Uint8Array): number {
  for (let i = 0; i < data.length; ) {
    const b = data[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    // A whole sequence is checked by decoding it on its own, which rejects overlong forms and surrogates.
    if (i + len > data.length || !isUtf8(data.subarray(i, i + len))) return i;
    i += len;
  }
  return data.length;
}
