/**
 * Line numbers for lockfile errors. smol-toml gives positions only for syntax errors, so an
 * entry that parses but makes no sense is found again in the text: the n-th `[[package]]`
 * header, then the line inside that entry that holds the offending value.
 */
interface Header {
  key: string;
  array: boolean;
  line: number;
}

const HEADER = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;

export class LineFinder {
  private readonly lines: string[];
  private readonly headers: Header[] = [];
  /** Header lines by key and kind, in order: a lookup per package must not scan them all. */
  private readonly byKey = new Map<string, number[]>();

  constructor(text: string) {
    this.lines = text.split('\n');
    this.lines.forEach((l, i) => {
      const m = HEADER.exec(l);
      if (!m) return;
      const h = { key: m[2]!.replace(/\s*\.\s*/g, '.'), array: m[1] === '[[', line: i + 1 };
      this.headers.push(h);
      const k = `${h.array ? '[[' : '['}${h.key}`;
      let list = this.byKey.get(k);
      if (!list) this.byKey.set(k, (list = []));
      list.push(h.line);
    });
  }

  /** The header line of `[key]`, or of the `index`-th `[[key]]`. */
  table(key: string, index?: number): number | undefined {
    return this.byKey.get(`${index !== undefined ? '[[' : '['}${key}`)?.[index ?? 0];
  }

  /** The first line of the table starting at `start` that contains `needle`, else `start`. */
  within(start: number | undefined, needle: string): number | undefined {
    if (start === undefined) return undefined;
    // The first header after `start`, by binary search: headers are in line order.
    let lo = 0;
    let hi = this.headers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.headers[mid]!.line > start) hi = mid;
      else lo = mid + 1;
    }
    const next = this.headers[lo]?.line ?? this.lines.length + 1;
    for (let n = start; n < next; n++) if (this.lines[n - 1]!.includes(needle)) return n;
    return start;
  }
}
