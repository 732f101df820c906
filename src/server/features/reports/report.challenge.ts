import crypto from 'node:crypto';
import { fail } from '../../http/errors';
import type { SharedStore } from '../../shared-store';
import { meetsDifficulty, powInput } from '../../../domain/cases/case.pow';

/*
 * Proof-of-work challenges. A challenge is signed rather than stored: the server keeps only the
 * ones already spent (until they expire), so a solved challenge is good for one report.
 *
 * One process keeps the spent ones in memory and makes its signing key at start (a restart only
 * makes open challenges expire early; the page fetches a new one). Several processes behind a
 * proxy keep both in the shared Redis: a challenge issued by one is redeemed by another, and
 * spent with SET NX, so it is spent once across all of them. The key is kept in Redis rather than
 * derived from a configured secret: the processes that must agree on the spent challenges then
 * agree on the key by construction, with nothing more for an operator to set or keep in step
 * (a process that cannot reach Redis cannot redeem either way). Whoever can read that Redis can
 * forge challenges — it lets them skip the work, never see anything about a reporter.
 */

const TTL_MS = 10 * 60 * 1000;

/** Remembers spent challenges until they expire; true when this call spent it. */
interface SpentChallenges {
  spend(challenge: string, expiresAt: number, at: number): Promise<boolean>;
}

function spentInMemory(): SpentChallenges {
  const spent = new Map<string, number>();
  return {
    async spend(challenge, expiresAt, at) {
      if (spent.size > 10_000) for (const [c, expires] of spent) if (expires <= at) spent.delete(c);
      if (spent.has(challenge)) return false;
      spent.set(challenge, expiresAt);
      return true;
    },
  };
}

function spentInRedis(redis: SharedStore, prefix: string): SpentChallenges {
  return {
    async spend(challenge, expiresAt, at) {
      const digest = crypto.createHash('sha256').update(challenge).digest('base64url');
      const ms = Math.max(1, expiresAt - at);
      return (await redis.set(`${prefix}pow-spent:${digest}`, '1', 'PX', ms, 'NX')) === 'OK';
    },
  };
}

/** The signing key all processes sharing `redis` use: the first to start makes it. */
async function sharedKey(redis: SharedStore, prefix: string): Promise<Buffer> {
  const name = `${prefix}pow-key`;
  await redis.set(name, crypto.randomBytes(32).toString('hex'), 'NX');
  const hex = await redis.get(name);
  if (!hex) throw new Error(`Redis lost ${name} as it was made`);
  return Buffer.from(hex, 'hex');
}

export async function challenges(bits: number, opts: { redis?: SharedStore; prefix?: string; clock?: () => number } = {}) {
  const clock = opts.clock ?? Date.now;
  const prefix = opts.prefix ?? '';
  const key = opts.redis ? await sharedKey(opts.redis, prefix) : crypto.randomBytes(32);
  const spent = opts.redis ? spentInRedis(opts.redis, prefix) : spentInMemory();
  const sign = (body: string) => crypto.createHmac('sha256', key).update(body).digest('base64url');

  return {
    bits,
    issue() {
      const expires = clock() + TTL_MS;
      const body = `${crypto.randomBytes(12).toString('base64url')}.${expires}`;
      return { challenge: `${body}.${sign(body)}`, bits, expiresAt: new Date(expires).toISOString() };
    },

    /** Throws unless the challenge is ours, unexpired, and the nonce solves it: one HMAC, one SHA-256. */
    verify(challenge: string, nonce: string) {
      const [rand, exp, mac] = challenge.split('.');
      const body = `${rand}.${exp}`;
      const expected = sign(body);
      if (!rand || !exp || !mac || mac.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) {
        throw fail(400, 'report.pow_invalid', {}, 'challenge');
      }
      if (Number(exp) <= clock()) throw fail(400, 'report.pow_expired', {}, 'challenge');
      const digest = crypto.createHash('sha256').update(powInput(challenge, nonce)).digest();
      if (!meetsDifficulty(digest, bits)) throw fail(400, 'report.pow_invalid', {}, 'nonce');
    },

    /** Spends a verified challenge; throws if it was spent before, here or in another process. */
    async spend(challenge: string) {
      const exp = Number(challenge.split('.')[1]);
      if (!(await spent.spend(challenge, exp, clock()))) throw fail(400, 'report.pow_expired', {}, 'challenge');
    },
  };
}

export type Challenges = Awaited<ReturnType<typeof challenges>>;
