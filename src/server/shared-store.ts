import { Redis } from 'ioredis';
import type { Config } from './config';

/*
 * What several processes of one platform must agree on — how often a source has knocked, which
 * proof-of-work challenges are spent — lives in Redis when REDIS_URL is set. Without it each
 * process keeps these in its own memory, right for the single-process default.
 */

export type SharedStore = Redis;

export function connectSharedStore(config: Pick<Config, 'redisUrl' | 'redisPrefix'>): SharedStore | undefined {
  if (!config.redisUrl) return undefined;
  // A command waits for a lost connection a little, then fails: a limit that cannot be counted
  // refuses the request (a 500, logged) rather than hang it. The name shows in CLIENT LIST.
  return new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectionName: `${config.redisPrefix.replace(/[^\w:.-]/g, '_')}app` });
}

/** Ends the connection after the commands in flight; a connection already gone is fine. */
export async function closeSharedStore(store: SharedStore | undefined) {
  if (!store) return;
  try {
    await store.quit();
  } catch {
    store.disconnect();
  }
}
