import { parseArgs } from 'node:util';
import { clockOf, loadConfig } from './config';
import { openDatabase } from './db';
import { migrateToLatest } from './db/migrate';
import { buildApp } from './app';
import { prepare, sessionSecret } from './bootstrap';
import { loadCampaignFile } from '../domain/campaign/campaign.load';
import { campaignService } from './features/campaigns/campaign.service';
import { findCampaignByCode } from './features/campaigns/campaign.store';
import { copyCampaignBody } from './features/campaigns/campaign.schema';
import { findUnitByCode } from './features/orgs/unit.store';
import { findAccountByUsername } from './features/accounts/account.store';
import { accountService } from './features/accounts/account.service';
import { twoFactorService } from './features/auth/two-factor.service';
import { twoFactorCrypto } from './features/auth/two-factor';
import { loadReceiptKey } from './features/reports/report.receipts';
import { generatePassword } from './auth/password';
import { roles, type Actor, type Role } from './auth/actor';
import { AppError } from './http/errors';
import { loggerOptions } from './logging';
import { BackupError, createBackup, restoreBackup } from './backup';
import { ownerOnlyUmask, tightenDataDir } from './file-modes';

const usage = `safemonth — 安全生产月活动管理平台

usage:
  safemonth serve                                   run the platform (migrates, loads the reference campaign on first start)
  safemonth migrate                                 apply database migrations
  safemonth campaign validate FILE                  check a campaign YAML file
  safemonth campaign import FILE                    load a campaign YAML file (and the units it names)
  safemonth campaign copy --from ID|CODE --year YYYY --document-number 文号 --issued-on YYYY-MM-DD
                                  copy a campaign to another year, every date shifted, with the new plan's number
  safemonth campaign list
  safemonth user create --username NAME --unit CODE --role ROLE[,ROLE] [--name DISPLAY] [--password P]
  safemonth user reset-password --username NAME [--password P]
  safemonth user unlock --username NAME             clear the failed-login counts of a user name, from every source
  safemonth user reset-two-factor --username NAME   the account sets up two-factor again (a lost phone, no recovery code)
  safemonth backup FILE                             write one file with the database, the media files and the keys (while serving)
  safemonth restore FILE [--force]                  restore a backup into DATA_DIR / DATABASE_URL (platform stopped; --force replaces data)

roles: ${roles.join(', ')}
environment: PORT HOST DATA_DIR DATABASE_URL SAFEMONTH_ADMIN_PASSWORD SESSION_SECRET (see README)`;

/** The command line acts as the platform itself: its writes are audited with no account. */
const systemActor: Actor | null = null;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' }, year: { type: 'string' }, 'document-number': { type: 'string' }, 'issued-on': { type: 'string' }, username: { type: 'string' }, unit: { type: 'string' },
      role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      force: { type: 'boolean' },
    },
  });
  const [cmd, sub, arg] = positionals;
  if (!cmd || values.help) { console.log(usage); return cmd ? 0 : 1; }
  const config = loadConfig();
  // Before the first file is made: the database, its journals, keys, media, packages and backups are the owner's alone.
  ownerOnlyUmask();

  if (cmd === 'campaign' && sub === 'validate') {
    if (!arg) { console.error('campaign validate needs a FILE'); return 2; }
    const r = loadCampaignFile(arg);
    if (r.ok) { console.log(`${arg}: valid (${r.campaign.code}, ${r.campaign.units.length} units, ${r.campaign.obligations.length} obligations)`); return 0; }
    for (const e of r.errors) console.error(`${arg}: ${e.path}: ${e.message}`);
    return 1;
  }

  // Before the database is opened: opening an SQLite target would create the file a restore checks for.
  if (cmd === 'backup' || cmd === 'restore') {
    if (!sub) { console.error(`${cmd} needs a FILE`); return 2; }
    const say = (m: string) => console.log(`[safemonth] ${m}`);
    try {
      if (cmd === 'backup') {
        const { file, manifest: m, bytes } = await createBackup(config, sub, say);
        const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
        console.log(`backup written: ${file} (${m.dialect}, ${rows} rows in ${Object.keys(m.tables).length} tables, ${m.media.files} media files, `
          + `receipt key ${m.secrets.receiptKey}, ${(bytes / 1048576).toFixed(1)} MB)`);
      } else {
        const r = await restoreBackup(config, sub, { force: values.force }, say);
        console.log(`restored ${sub} into ${r.dataDir}${r.target === 'DATABASE_URL' ? ' and DATABASE_URL' : ''}: ${r.rows} rows, ${r.mediaFiles} media files, `
          + `${r.secrets.length} secrets (backup of ${r.manifest.createdAt}, ${r.manifest.app.name} ${r.manifest.app.version})`);
      }
      return 0;
    } catch (e) {
      if (e instanceof BackupError) { console.error(`${cmd} failed: ${e.message}`); return 1; }
      throw e;
    }
  }

  if (cmd === 'serve' || cmd === 'migrate') {
    const tightened = tightenDataDir(config.dataDir);
    if (tightened) console.log(`[safemonth] ${tightened} files and folders under ${config.dataDir} made owner-only`);
  }
  const handle = openDatabase(config);
  try {
    if (cmd === 'serve') {
      await prepare(handle, config, (m) => console.log(`[safemonth] ${m}`));
      const app = await buildApp({ db: handle.db, dialect: handle.dialect, config, now: clockOf(config) }, {
        sessionSecret: sessionSecret(config),
        logger: loggerOptions(config.logLevel),
      });
      const close = async () => { await app.close(); await handle.close(); process.exit(0); };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      console.log(`[safemonth] serving http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (${handle.dialect})`);
      return new Promise<number>(() => {});
    }
    if (cmd === 'migrate') {
      const applied = await migrateToLatest(handle);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    await migrateToLatest(handle);
    const deps = { db: handle.db, now: () => new Date() };
    if (cmd === 'campaign' && sub === 'import') {
      if (!arg) { console.error('campaign import needs a FILE'); return 2; }
      const r = loadCampaignFile(arg);
      if (!r.ok) { for (const e of r.errors) console.error(`${arg}: ${e.path}: ${e.message}`); return 1; }
      const { campaign, unitsCreated } = await campaignService(deps).importDefinition(systemActor, r.campaign);
      console.log(`imported campaign ${campaign.code} as id ${campaign.id}; ${unitsCreated} new units`);
      return 0;
    }
    if (cmd === 'campaign' && sub === 'copy') {
      const year = Number(values.year);
      if (!values.from || !Number.isInteger(year) || !values['document-number'] || !values['issued-on']) {
        console.error('campaign copy needs --from ID|CODE --year YYYY --document-number 文号 --issued-on YYYY-MM-DD');
        return 2;
      }
      const source = /^\d+$/.test(values.from) ? { id: Number(values.from) } : await findCampaignByCode(handle.db, values.from);
      if (!source) { console.error(`no campaign ${values.from}`); return 1; }
      const input = copyCampaignBody.safeParse({ year, documentNumber: values['document-number'], issuedOn: values['issued-on'] });
      if (!input.success) { console.error(`campaign copy: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`); return 2; }
      const copy = await campaignService(deps).copy(systemActor, source.id, input.data);
      console.log(`created campaign ${copy.code} (id ${copy.id}) for ${copy.year}`);
      return 0;
    }
    if (cmd === 'campaign' && sub === 'list') {
      for (const c of await campaignService(deps).list()) console.log(`${c.id}\t${c.code}\t${c.year}\t${c.status}\t${c.title.zh}`);
      return 0;
    }
    if (cmd === 'user' && sub === 'create') {
      const unit = values.unit ? await findUnitByCode(handle.db, values.unit) : undefined;
      const wanted = (values.role ?? '').split(',').filter(Boolean) as Role[];
      if (!values.username || !unit || wanted.length === 0) { console.error('user create needs --username, an existing --unit CODE and --role'); return 2; }
      const password = values.password ?? generatePassword();
      const a = await accountService(deps).create(systemActor as never, {
        username: values.username, displayName: values.name ?? values.username, unitId: unit.id, roles: wanted, password,
      });
      console.log(`created ${a.username} (${a.roles.join(',')}) at ${a.unit.name}${values.password ? '' : `; password: ${password}`}`);
      return 0;
    }
    if (cmd === 'user' && sub === 'reset-password') {
      const account = values.username ? await findAccountByUsername(handle.db, values.username) : undefined;
      if (!account) { console.error('user reset-password needs an existing --username'); return 2; }
      const { password } = await accountService(deps).resetPassword(systemActor as never, account.id, values.password);
      console.log(`password of ${account.username} reset${values.password ? '' : `: ${password}`} (to be changed at next login)`);
      return 0;
    }
    if (cmd === 'user' && (sub === 'unlock' || sub === 'reset-two-factor')) {
      const account = values.username ? await findAccountByUsername(handle.db, values.username) : undefined;
      if (!account) { console.error(`user ${sub} needs an existing --username`); return 2; }
      if (sub === 'unlock') await accountService(deps).unlock(systemActor as never, account.id);
      else await twoFactorService(deps, twoFactorCrypto(loadReceiptKey(config.reports))).reset(systemActor as never, account.id);
      console.log(sub === 'unlock' ? `failed-login counts of ${account.username} cleared` : `two-factor of ${account.username} reset; its sessions ended`);
      return 0;
    }
    console.error(usage);
    return 2;
  } catch (e) {
    if (e instanceof AppError) {
      console.error(`${e.message} / ${e.messageEn}`);
      for (const f of e.fields) console.error(`  ${f.field}: ${f.message} / ${f.messageEn}`);
      return 1;
    }
    throw e;
  } finally {
    if (cmd !== 'serve') await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => { console.error(err); process.exit(1); },
);
