/*
 * CSV for Excel users: UTF-8 with a BOM (added by the caller, once), CRLF lines, and no cell that
 * Excel would run as a formula.
 */

/**
 * A text cell that begins like a formula is evaluated by Excel when the CSV is opened (a name
 * like =HYPERLINK(…) typed by any unit); the apostrophe makes it plain text.
 */
export function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '' : String(n);
}

/** The BOM is how Excel on Windows knows the file is UTF-8 and not GBK. */
export const csvDocument = (lines: readonly string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;
