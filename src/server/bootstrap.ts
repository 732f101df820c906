import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import type { DbHandle } from './db';
import { migrateToLatest } from './db/migrate';
import { DIR_MODE, FILE_MODE } from './file-modes';
import { generatePassword, hashPassword } from './auth/password';
import { loadCampaignFile } from '../domain/campaign/campaign.load';
import { campaignService } from './features/campaigns/campaign.service';
import { countAccounts, insertAccount, replaceRoles } from './features/accounts/account.store';
import { audit } from './features/audit/audit.service';
import { listCampaigns } from './features/campaigns/campaign.store';
import { listUnits } from './features/orgs/unit.store';

export const REFERENCE_CAMPAIGN = path.resolve(import.meta.dirname, '../../campaigns/kunming-2022.yaml');

type Say = (msg: string) => void;

/**
 * The secret that signs session cookies: from SESSION_SECRET, or made once and kept
 * in the data folder (readable by the owner only) so restarts keep people signed in.
 */
export function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(config.dataDir, { recursive: true, mode: DIR_MODE });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: FILE_MODE });
  return secret;
}

/** First start on an empty database: the schema, the reference plan with its units, and the first administrator. */
export async function prepare(handle: DbHandle, config: Config, say: Say): Promise<void> {
  const applied = await migrateToLatest(handle);
  if (applied.length) say(`migrations applied: ${applied.join(', ')}`);

  if ((await listCampaigns(handle.db)).length === 0) {
    const loaded = loadCampaignFile(REFERENCE_CAMPAIGN);
    if (!loaded.ok) throw new Error(`reference campaign invalid: ${loaded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    const { campaign, unitsCreated } = await campaignService({ db: handle.db, now: () => new Date() }).importDefinition(null, loaded.campaign);
    say(`reference campaign loaded: ${campaign.code} (${unitsCreated} units)`);
  }

  if ((await countAccounts(handle.db)) === 0) {
    const root = (await listUnits(handle.db, { kind: 'all' })).find((u) => u.type === 'city_office');
    if (!root) throw new Error('no city office unit to attach the administrator to');
    const password = config.adminPassword ?? generatePassword();
    const passwordHash = await hashPassword(password);
    await handle.db.transaction().execute(async (tx) => {
      const now = new Date();
      const id = await insertAccount(tx, { username: 'admin', displayName: '系统管理员', unitId: root.id, passwordHash, mustChangePassword: !config.adminPassword, now });
      await replaceRoles(tx, id, ['city_admin']);
      await audit(tx, null, 'account.create', { type: 'account', id }, { after: { username: 'admin', roles: ['city_admin'], via: 'first start' } }, now);
    });
    if (config.adminPassword) say('administrator "admin" created with the password from SAFEMONTH_ADMIN_PASSWORD');
    else say(`administrator "admin" created; its password, shown only this once: ${password}`);
  }
}
