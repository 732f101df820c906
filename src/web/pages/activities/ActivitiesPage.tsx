/*
 * 活动记录: the activities the caller may see, filtered and a page at a time, with the coverage of
 * the task categories for one unit (the caller's own, or the unit the office filters by).
 *
 * Test ids, each documented where it is rendered:
 *   this page: act-new, act-to-calendar, act-to-timeline, act-table, act-row-<id> (data-status;
 *     a click opens the record), act-open-<id> (the title's link);
 *   ActivityFilters: act-filter-unit, act-filter-category, act-filter-status, act-filter-dates,
 *     act-filter-q, act-filter-reset;
 *   CoverageStrip: act-coverage, act-coverage-<categoryKey>.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, GlobalOutlined, NodeIndexOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useActivities, type ActivitySummary } from '../../api/activities';
import { useMe } from '../../api/auth';
import { useUnits } from '../../api/units';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { formatDateTime, formatDayRange, tx } from '../../lib/format';
import { ActivityFilters } from './ActivityFilters';
import { CoverageStrip } from './CoverageStrip';
import { ActivityStatusTag, useActivityCampaign } from './parts';
import { useActivityFilter } from './useActivityFilter';
import { pagerOf } from '../../lib/paging';

export default function ActivitiesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const gate = useCampaignGate();
  const can = useCan();
  const { data: me } = useMe();
  const { data: units } = useUnits();
  const { campaignId, categoryOptions } = useActivityCampaign();
  const { state, query, update, reset } = useActivityFilter();
  const { data, isFetching, error } = useActivities(campaignId, query);

  const office = can('activities.office');
  // A unit with sub-units, like the office, chooses whose activities to see.
  const showUnit = office || (units?.length ?? 0) > 1;
  // The office's own unit owes no coverage: its strip appears once it picks a unit.
  const coverageUnit = state.unitId ?? (office ? undefined : me?.unit.id);

  const columns = useMemo<TableColumnsType<ActivitySummary>>(
    () => [
      {
        title: t('activities.title'),
        key: 'title',
        width: 260,
        render: (_, a) => (
          <div style={wrapCell(300)}>
            <Link to={`/activities/${a.id}`} data-testid={`act-open-${a.id}`} onClick={(e) => e.stopPropagation()}>
              {a.title}
            </Link>
            {a.isPublic && (
              <Tooltip title={t('activities.isPublic')}>
                <GlobalOutlined style={{ marginInlineStart: 6, color: '#24508f' }} />
              </Tooltip>
            )}
          </div>
        ),
      },
      // Next to the title, so a phone shows it without scrolling sideways.
      { title: t('activities.status'), key: 'status', width: 90, render: (_, a) => <ActivityStatusTag status={a.status} /> },
      { title: t('activities.unit'), key: 'unit', width: 110, render: (_, a) => a.unit.shortName || a.unit.name },
      { title: t('activities.category'), key: 'category', width: 180, render: (_, a) => <div style={wrapCell(200)}>{tx(a.category.name, lang)}</div> },
      {
        title: t('activities.dates'),
        key: 'dates',
        width: 150,
        render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} ~ ${a.endsOn}`}</span>,
      },
      {
        title: t('activities.place'),
        key: 'place',
        width: 180,
        render: (_, a) => <div style={wrapCell(200)}>{[a.place.county?.name, a.place.address].filter(Boolean).join(' ') || '—'}</div>,
      },
      { title: t('activities.participants'), key: 'participants', width: 90, align: 'right', render: (_, a) => a.participants },
      {
        title: t('activities.updatedAt'),
        key: 'updatedAt',
        width: 150,
        render: (_, a) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.updatedAt, lang)}</span>,
      },
    ],
    [t, lang],
  );

  if (gate) return gate;

  return (
    <div>
      <PageHeader
        title={t('nav.activities')}
        sub={state.from || state.to ? formatDayRange(state.from ?? '…', state.to ?? '…', lang) : undefined}
        extra={
          <>
            <Link to="/activities/calendar" data-testid="act-to-calendar">
              <Button icon={<CalendarOutlined />}>{t('nav.activityCalendar')}</Button>
            </Link>
            <Link to={`/activities/timeline${state.unitId ? `?unit=${state.unitId}` : ''}`} data-testid="act-to-timeline">
              <Button icon={<NodeIndexOutlined />}>{t('activities.timeline')}</Button>
            </Link>
            {can('activities.write') && (
              <Link to={`/activities/new${state.category ? `?category=${encodeURIComponent(state.category)}` : ''}`} data-testid="act-new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('activities.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      {campaignId !== undefined && coverageUnit !== undefined && (
        <CoverageStrip campaignId={campaignId} unitId={coverageUnit} canWrite={can('activities.write')} />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <ActivityFilters state={state} update={update} reset={reset} showUnit={showUnit} categoryOptions={categoryOptions} />
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <Table<ActivitySummary>
          data-testid="act-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={TABLE_SCROLL}
          locale={{ emptyText: <Typography.Text type="secondary">{t('activities.empty')}</Typography.Text> }}
          onRow={(a) =>
            ({
              'data-testid': `act-row-${a.id}`,
              'data-status': a.status,
              style: { cursor: 'pointer' },
              onClick: () => navigate(`/activities/${a.id}`),
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={pagerOf(state, data?.total ?? 0, (n) => t('common.totalItems', { n }), update)}
        />
      </Card>
    </div>
  );
}
