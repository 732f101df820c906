/*
 * 举报案件: the work queue. "我的待办" lists what waits on the caller (the office's desk, or the
 * unit a case is assigned to); "全部" everything the caller may see. The server orders overdue
 * cases first, then by deadline. The table scrolls sideways on a phone, reference and status first.
 *
 * Test ids:
 *   this page: case-queue (the segmented control; case-queue-mine, case-queue-all inside),
 *     case-count-open, case-count-overdue (a click filters overdue cases), case-count-mine,
 *     case-new, case-to-posters, case-export-xlsx, case-export-csv, cases-table,
 *     case-row-<id> (data-status, data-overdue; a click opens the case), case-open-<id> (the reference's link);
 *   CaseFilters: case-filter-status, case-filter-category, case-filter-county, case-filter-source,
 *     case-filter-overdue, case-filter-q, case-filter-reset.
 */
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Badge, Button, Card, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, QrcodeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadCases, useCases, type CaseQueue, type CaseSummary } from '../../api/cases';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { CaseFilters } from './CaseFilters';
import { CaseSourceTag, CaseStatusTag, DeadlineCell, dayOf, unitName, useCaseCampaign, useCountyOptions } from './parts';
import { useCaseFilter } from './useCaseFilter';
import { pagerOf } from '../../lib/paging';

export default function CasesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const gate = useCampaignGate();
  const can = useCan();
  const { campaignId, categoryOptions } = useCaseCampaign();
  const countyOptions = useCountyOptions();
  // Those who handle or file cases start at their own to-do list; readers (the leading group) at everything.
  const defaultQueue: CaseQueue = can('cases.file') ? 'mine' : 'all';
  const { state, filter, query, update, reset } = useCaseFilter(defaultQueue);
  const { data, isFetching, error } = useCases(campaignId, query);
  const counts = data?.counts;

  const columns = useMemo<TableColumnsType<CaseSummary>>(
    () => [
      {
        title: t('cases.reference'),
        key: 'reference',
        render: (_, c) => (
          <Space size={4} style={{ whiteSpace: 'nowrap' }}>
            <Link to={`/cases/${c.id}`} data-testid={`case-open-${c.id}`} onClick={(e) => e.stopPropagation()}>
              {c.reference}
            </Link>
            {c.whistleblower && (
              <Tooltip title={t('cases.whistleblowerHint')}>
                <Tag color="red" style={{ marginInlineEnd: 0 }}>
                  {t('cases.whistleblowerShort')}
                </Tag>
              </Tooltip>
            )}
          </Space>
        ),
      },
      // Next to the reference, so a phone shows it without scrolling sideways.
      { title: t('cases.status'), key: 'status', render: (_, c) => <CaseStatusTag status={c.status} /> },
      { title: t('cases.category'), key: 'category', render: (_, c) => <div style={wrapCell(180)}>{tx(c.category.name, lang)}</div> },
      { title: t('cases.county'), key: 'county', render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{unitName(c.county) || '—'}</span> },
      { title: t('cases.source'), key: 'source', render: (_, c) => <CaseSourceTag source={c.source} /> },
      { title: t('cases.receivedOn'), key: 'receivedOn', render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{dayOf(c.receivedOn, lang)}</span> },
      { title: t('cases.deadline'), key: 'deadline', render: (_, c) => <DeadlineCell c={c} /> },
      {
        title: t('cases.assignedUnit'),
        key: 'assignedUnit',
        render: (_, c) => <div style={wrapCell(180)}>{unitName(c.assignedUnit) || <Typography.Text type="secondary">—</Typography.Text>}</div>,
      },
      {
        title: t('cases.enterprise'),
        key: 'enterprise',
        render: (_, c) => <div style={wrapCell(200)}>{c.enterprise || <Typography.Text type="secondary">—</Typography.Text>}</div>,
      },
    ],
    [t, lang],
  );

  if (gate) return gate;

  const countTag = (key: 'open' | 'overdue' | 'mine', color: string, onClick?: () => void) => (
    <Tag
      color={color}
      data-testid={`case-count-${key}`}
      data-count={counts?.[key] ?? 0}
      style={{ marginInlineEnd: 0, cursor: onClick ? 'pointer' : undefined }}
      onClick={onClick}
    >
      {t(`cases.count_${key}`, { n: counts?.[key] ?? 0 })}
    </Tag>
  );

  return (
    <div>
      <PageHeader
        title={t('nav.cases')}
        extra={
          <>
            {can('cases.posters') && (
              <Link to="/cases/posters" data-testid="case-to-posters">
                <Button icon={<QrcodeOutlined />}>{t('nav.casePosters')}</Button>
              </Link>
            )}
            {can('cases.export') && campaignId !== undefined && (
              <>
                <DownloadButton data-testid="case-export-xlsx" download={() => downloadCases(campaignId, 'xlsx', filter)}>
                  {t('cases.exportXlsx')}
                </DownloadButton>
                <DownloadButton data-testid="case-export-csv" download={() => downloadCases(campaignId, 'csv', filter)}>
                  {t('cases.exportCsv')}
                </DownloadButton>
              </>
            )}
            {can('cases.file') && (
              <Link to="/cases/new" data-testid="case-new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('cases.new')}
                </Button>
              </Link>
            )}
          </>
        }
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Segmented<CaseQueue>
          data-testid="case-queue"
          value={state.queue}
          onChange={(queue) => update({ queue })}
          options={[
            {
              value: 'mine',
              label: (
                <span data-testid="case-queue-mine">
                  {t('cases.queueMine')}
                  <Badge count={counts?.mine ?? 0} size="small" overflowCount={999} style={{ marginInlineStart: 6 }} />
                </span>
              ),
            },
            { value: 'all', label: <span data-testid="case-queue-all">{t('cases.queueAll')}</span> },
          ]}
        />
        <Space size={6} wrap>
          {countTag('open', 'blue')}
          {countTag('overdue', (counts?.overdue ?? 0) > 0 ? 'red' : 'default', () => update({ overdue: !state.overdue }))}
          {countTag('mine', 'gold', () => update({ queue: 'mine' }))}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <CaseFilters state={state} update={update} reset={reset} categoryOptions={categoryOptions} countyOptions={countyOptions} />
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <Table<CaseSummary>
          data-testid="cases-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={TABLE_SCROLL}
          locale={{ emptyText: <Typography.Text type="secondary">{t(state.queue === 'mine' ? 'cases.emptyMine' : 'cases.empty')}</Typography.Text> }}
          onRow={(c) =>
            ({
              'data-testid': `case-row-${c.id}`,
              'data-status': c.status,
              'data-overdue': c.overdue ? 'true' : 'false',
              style: { cursor: 'pointer', background: c.overdue ? '#fff1f0' : undefined },
              onClick: () => navigate(`/cases/${c.id}`),
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={pagerOf(state, data?.total ?? 0, (n) => t('common.totalItems', { n }), update)}
        />
      </Card>
    </div>
  );
}
