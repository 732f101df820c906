/*
 * A proof of work on public submission (in the spirit of Friendly Captcha and GlobaLeaks): the
 * browser finds a nonce whose SHA-256 with the server's challenge starts with `bits` zero bits.
 * It costs a phone a second or two once, costs a flood of scripted reports that much per report,
 * and needs no cookie, no third party and nothing about who the sender is. The hashing itself is
 * the caller's (Web Crypto in the browser, node:crypto on the server); this module is the rule.
 */

export const powInput = (challenge: string, nonce: string | number) => `${challenge}:${nonce}`;

/** How many leading zero bits a digest has. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) { bits += 8; continue; }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export const meetsDifficulty = (digest: Uint8Array, bits: number) => leadingZeroBits(digest) >= bits;

/** Searches nonces in order until one meets the difficulty; `hash` is SHA-256 of a UTF-8 string. */
export async function solvePow(
  challenge: string,
  bits: number,
  hash: (input: string) => Promise<Uint8Array> | Uint8Array,
  onProgress?: (tried: number) => void,
): Promise<number> {
  for (let nonce = 0; ; nonce++) {
    if (meetsDifficulty(await hash(powInput(challenge, nonce)), bits)) return nonce;
    if (onProgress && nonce % 1024 === 1023) onProgress(nonce + 1);
  }
}
