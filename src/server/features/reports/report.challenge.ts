import crypto from 'node:crypto';
import { fail } from '../../http/errors';
import { meetsDifficulty, powInput } from '../../../domain/cases/case.pow';

/*
 * Proof-of-work challenges. A challenge is signed rather than stored: the server keeps only the
 * ones already spent (until they expire), in memory, so a solved challenge is good for one
 * report. The signing key is made at start; a restart only makes open challenges expire early,
 * and the page fetches a new one.
 */

const TTL_MS = 10 * 60 * 1000;

export function challenges(bits: number, clock: () => number = Date.now) {
  const key = crypto.randomBytes(32);
  const spent = new Map<string, number>();
  const sign = (body: string) => crypto.createHmac('sha256', key).update(body).digest('base64url');

  function prune(at: number) {
    for (const [c, expires] of spent) if (expires <= at) spent.delete(c);
  }

  return {
    bits,
    issue() {
      const expires = clock() + TTL_MS;
      const body = `${crypto.randomBytes(12).toString('base64url')}.${expires}`;
      return { challenge: `${body}.${sign(body)}`, bits, expiresAt: new Date(expires).toISOString() };
    },

    /** Throws unless the challenge is ours, unexpired, unspent, and the nonce solves it; then spends it. */
    redeem(challenge: string, nonce: string) {
      const at = clock();
      const [rand, exp, mac] = challenge.split('.');
      const body = `${rand}.${exp}`;
      const expected = sign(body);
      if (!rand || !exp || !mac || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
        throw fail(400, 'report.pow_invalid', {}, 'challenge');
      }
      if (Number(exp) <= at || spent.has(challenge)) throw fail(400, 'report.pow_expired', {}, 'challenge');
      const digest = crypto.createHash('sha256').update(powInput(challenge, nonce)).digest();
      if (!meetsDifficulty(digest, bits)) throw fail(400, 'report.pow_invalid', {}, 'nonce');
      if (spent.size > 10_000) prune(at);
      spent.set(challenge, Number(exp));
    },
  };
}

export type Challenges = ReturnType<typeof challenges>;
