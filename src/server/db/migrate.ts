import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DbHandle } from './index';
import { foundation } from './migrations/0001_foundation';
import { auditNoTruncate } from './migrations/0002_audit_no_truncate';
import { liaisons } from './migrations/0003_liaisons';
import { statistics } from './migrations/0004_statistics';
import { media } from './migrations/0005_media';
import { activities } from './migrations/0006_activities';
import { summaries } from './migrations/0007_summaries';
import { activityIndexes } from './migrations/0008_activity_indexes';
import { cases } from './migrations/0009_cases';
import { exposures } from './migrations/0010_exposures';
import { scaleIndexes } from './migrations/0011_scale_indexes';
import { reporterTime } from './migrations/0012_reporter_time';
import { accountSecurity } from './migrations/0013_account_security';
import { campaignOrganiser } from './migrations/0016_campaign_organiser';

/**
 * Migrations are listed here in order and never edited after they land;
 * a change to the schema is a new file. They are code (not SQL files) because
 * the two dialects differ in small ways (identity columns, triggers).
 */
function provider(handle: DbHandle): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '0001_foundation': foundation(handle.dialect),
    '0002_audit_no_truncate': auditNoTruncate(handle.dialect),
    '0003_liaisons': liaisons(handle.dialect),
    '0004_statistics': statistics(handle.dialect),
    '0005_media': media(handle.dialect),
    '0006_activities': activities(handle.dialect),
    '0007_summaries': summaries(handle.dialect),
    '0008_activity_indexes': activityIndexes(),
    '0009_cases': cases(handle.dialect),
    '0010_exposures': exposures(handle.dialect),
    '0011_scale_indexes': scaleIndexes(),
    '0012_reporter_time': reporterTime(handle.dialect),
    '0013_account_security': accountSecurity(),
    '0016_campaign_organiser': campaignOrganiser(),
  };
  return { getMigrations: async () => migrations };
}

export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: provider(handle) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
