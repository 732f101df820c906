/*
 * Which task categories of the coverage obligation a unit has covered: each with an accepted
 * activity (covered), with one awaiting a decision (pending), or with none yet (missing). A
 * missing category links to a new record of that category for callers who may record one.
 *
 * Test ids:
 *   act-coverage (the card; data-missing: how many are missing), act-coverage-<categoryKey>
 *   (data-state: covered | pending | missing).
 */
import { Link } from 'react-router-dom';
import { Card, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, PlusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useActivityCoverage, type ActivityCoverage } from '../../api/activities';
import { useLang } from '../../i18n';
import { formatDeadline, tx } from '../../lib/format';

type CoverageState = 'covered' | 'pending' | 'missing';

const stateOf = (c: ActivityCoverage['categories'][number]): CoverageState =>
  c.accepted > 0 ? 'covered' : c.pending > 0 ? 'pending' : 'missing';

const LOOK: Record<CoverageState, { color: string; icon: React.ReactNode }> = {
  covered: { color: 'green', icon: <CheckCircleOutlined /> },
  pending: { color: 'blue', icon: <ClockCircleOutlined /> },
  missing: { color: 'red', icon: <PlusCircleOutlined /> },
};

export function CoverageStrip({ campaignId, unitId, canWrite }: { campaignId: number; unitId: number; canWrite: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data } = useActivityCoverage(campaignId, unitId);
  if (!data || data.categories.length === 0) return null;
  const covered = data.categories.filter((c) => c.accepted > 0).length;

  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="act-coverage" data-missing={data.missing.length}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{t('activities.coverageTitle', { unit: data.unit.name })}</Typography.Text>{' '}
          <Typography.Text type="secondary">
            {t('activities.coverageCount', { covered, total: data.categories.length })}
            {data.obligation ? ` · ${t('activities.coverageDue', { due: formatDeadline(data.obligation.due, lang) })}` : ''}
          </Typography.Text>
        </div>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
          {data.categories.map((c) => {
            const state = stateOf(c);
            const tag = (
              <Tag
                color={LOOK[state].color}
                icon={LOOK[state].icon}
                data-testid={`act-coverage-${c.key}`}
                data-state={state}
                title={t(`activities.coverage_${state}`)}
                style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}
              >
                {c.section} {tx(c.name, lang)}
                {c.accepted > 0 ? ` ×${c.accepted}` : ''}
              </Tag>
            );
            return state === 'missing' && canWrite ? (
              <Link key={c.key} to={`/activities/new?category=${encodeURIComponent(c.key)}`}>
                {tag}
              </Link>
            ) : (
              <span key={c.key}>{tag}</span>
            );
          })}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('activities.coverageLegend')}
        </Typography.Text>
      </Space>
    </Card>
  );
}
