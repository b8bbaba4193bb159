/** Close enough to be a typo: at most two edits apart, or one is a prefix of the other. */
export function similar(a: string, b: string): boolean {
  if (a.startsWith(b) || b.startsWith(a)) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  return distance(a, b) <= 2;
}

/**
 * The candidate a misspelt name most likely meant, for a "did you mean" hint: the same name but
 * for case and `-`/`_` first (crates.io treats those as one name), then the closest similar one.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const unique = [...new Set(candidates)].filter((c) => c !== name);
  const folded = unique.find((c) => fold(c) === fold(name));
  if (folded) return folded;
  let best: { c: string; d: number } | undefined;
  for (const c of unique) {
    if (!similar(name, c)) continue;
    const d = distance(name, c);
    if (!best || d < best.d || (d === best.d && c < best.c)) best = { c, d };
  }
  return best?.c;
}

/** `; did you mean \`x\`?` to end an error message with, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const c = closest(name, candidates);
  return c === undefined ? '' : `; did you mean \`${c}\`?`;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
