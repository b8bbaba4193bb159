/**
 * The lines two texts differ by, for showing a manifest's change before it is written: a
 * longest-common-subsequence diff (manifests are short), kept to the changed lines with the
 * line number each has in its own text.
 */
export interface DiffLine {
  sign: '-' | '+';
  /** 1-based, in the old text for `-`, in the new one for `+`. */
  line: number;
  text: string;
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  // Common head and tail first: an edit changes a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j >= y.length || (i < x.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ sign: '-', line: head + i + 1, text: x[i]! });
      i++;
    } else {
      out.push({ sign: '+', line: head + j + 1, text: y[j]! });
      j++;
    }
  }
  return out;
}
