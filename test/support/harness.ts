import { describe } from 'vitest';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import { prepare } from '../../src/server/bootstrap';
import type { Db } from '../../src/server/db';
import { Client, type TwoFactorKeys } from './client';
import { createTestDatabase, databaseAvailable, testDialect, type TestDatabase } from './database';

export const ADMIN_PASSWORD = 'admin-password-2022';
export const dbReady = await databaseAvailable();
/** `describe` when this project's database is here; skipped (outside CI) when it is not. */
export const describeDb = dbReady ? describe : describe.skip;
export { testDialect };

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  database: TestDatabase;
  config: Config;
  /** The clock the server measures obligations against; assign to move time. */
  clock: { now: Date };
  client(): Client;
  admin(): Promise<Client>;
  campaignId: number;
  close(): Promise<void>;
}

export async function startTestApp(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}, opts: { logger?: FastifyServerOptions['logger'] } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ DATA_DIR: database.dataDir, SAFEMONTH_ADMIN_PASSWORD: ADMIN_PASSWORD, LOGIN_RATE_PER_MINUTE: '1000', ...env }),
    webDir: undefined,
    ...overrides,
  };
  // Tests move the clock by hours and days while their people stay signed in: unless a test sets
  // the idle timeout, it is as long as the session (the idle rule has its own tests).
  if (overrides.sessionIdleMinutes === undefined && env.SESSION_IDLE_MINUTES === undefined) config.sessionIdleMinutes = config.sessionHours * 60;
  const clock = { now: new Date('2022-05-20T10:00:00+08:00') };
  await prepare(database.handle, config, () => {});
  const app = await buildApp(
    { db: database.handle.db, dialect: database.handle.dialect, config, now: () => clock.now },
    { sessionSecret: 'test-secret-test-secret-test-secret', logger: opts.logger },
  );
  await app.ready();
  const keys: TwoFactorKeys = {
    secrets: new Map(),
    allowReuse: async (username) => { await database.handle.db.updateTable('accounts').set({ totp_last_step: null }).where('username', '=', username).execute(); },
  };
  const campaign = await database.handle.db.selectFrom('campaigns').select('id').orderBy('id').executeTakeFirstOrThrow();
  return {
    app, db: database.handle.db, database, config, clock, campaignId: campaign.id,
    client: () => new Client(app, keys),
    admin: () => new Client(app, keys).login('admin', ADMIN_PASSWORD),
    close: async () => { await app.close(); await database.drop(); },
  };
}
