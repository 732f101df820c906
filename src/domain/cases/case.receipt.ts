/*
 * The receipt (回执码) a reporter keeps to follow an anonymous report. 20 symbols of Crockford's
 * base32 are 100 random bits: guessing one among a million live receipts at a thousand tries a
 * second would take longer than the universe has existed. It is printed in groups of four and
 * read back forgivingly (any case, spaces or dashes, O for 0, I and L for 1), since people copy
 * it by hand from a phone screen.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_SYMBOLS = 20;
const GROUP = 4;

/** A new receipt, grouped for reading: `7K3M-Q9XA-…`. */
export function newReceipt(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(RECEIPT_SYMBOLS));
  // 256 is a multiple of 32, so taking each byte mod 32 keeps every symbol equally likely.
  const symbols = Array.from(bytes, (b) => ALPHABET[b % 32]!).join('');
  return formatReceipt(symbols);
}

export function formatReceipt(symbols: string): string {
  return symbols.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** The canonical symbols of what a person typed, or null when it cannot be a receipt. */
export function normaliseReceipt(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RECEIPT_SYMBOLS) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return s;
}
