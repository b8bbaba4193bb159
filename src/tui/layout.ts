/**
 * Sizes of the screen's parts for the size it is given (App gives the terminal's, a row
 * short), never smaller than the panes need.
 */
export interface Layout {
  width: number;
  height: number;
  /** Rows between the header and the footer. */
  body: number;
  left: number;
  right: number;
}

export const HEADER_ROWS = 3;
export const FOOTER_ROWS = 2;

export function layoutFor(width: number, height: number): Layout {
  const w = Math.max(60, width);
  const h = Math.max(16, height);
  // About half the width, up to 60 columns: a dependency row holds a requirement and two versions.
  const left = Math.max(26, Math.min(60, Math.round(w * 0.52)));
  return { width: w, height: h, body: h - HEADER_ROWS - FOOTER_ROWS, left, right: w - left };
}

/** The first of `height` visible rows of `count`, keeping `selected` in view (centred when it can). */
export function windowStart(selected: number, count: number, height: number): number {
  if (count <= height) return 0;
  return Math.max(0, Math.min(count - height, selected - Math.floor(height / 2)));
}
