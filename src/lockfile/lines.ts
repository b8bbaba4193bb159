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

  constructor(text: string) {
    this.lines = text.split('\n');
    this.lines.forEach((l, i) => {
      const m = HEADER.exec(l);
      if (m) this.headers.push({ key: m[2]!.replace(/\s*\.\s*/g, '.'), array: m[1] === '[[', line: i + 1 });
    });
  }

  /** The header line of `[key]`, or of the `index`-th `[[key]]`. */
  table(key: string, index?: number): number | undefined {
    const matching = this.headers.filter((h) => h.key === key && h.array === (index !== undefined));
    return matching[index ?? 0]?.line;
  }

  /** The first line of the table starting at `start` that contains `needle`, else `start`. */
  within(start: number | undefined, needle: string): number | undefined {
    if (start === undefined) return undefined;
    const next = this.headers.find((h) => h.line > start)?.line ?? this.lines.length + 1;
    for (let n = start; n < next; n++) if (this.lines[n - 1]!.includes(needle)) return n;
    return start;
  }
}
