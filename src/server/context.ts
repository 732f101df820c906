import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config';
import type { Db, DialectName } from './db';
import type { SharedStore } from './shared-store';

/** What every feature module is given; each takes only what it uses. */
export interface AppDeps {
  db: Db;
  dialect: DialectName;
  config: Config;
  /** The clock obligations are measured against; tests move it. */
  now: () => Date;
  log?: FastifyBaseLogger;
  /** Redis shared by several processes (REDIS_URL); absent: limits and spent challenges in memory. */
  redis?: SharedStore;
}
