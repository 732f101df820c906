/*
 * Tables scroll sideways inside their card, never the page. `x: true` lets the browser squeeze
 * columns to the card's width (Chinese text then wraps one character per line on a phone);
 * `max-content` keeps each column as wide as its content needs and scrolls instead. Long-text
 * cells cap their own width (see `wrapCell`).
 */
export const TABLE_SCROLL = { x: 'max-content' as const };

/** Style for a cell's content that may wrap, within a given width. */
export function wrapCell(maxWidth: number): React.CSSProperties {
  return { maxWidth, minWidth: Math.min(maxWidth, 120), whiteSpace: 'normal', wordBreak: 'break-word' };
}
