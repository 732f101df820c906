/*
 * `/exposures`: 典型案例. The monthly quota of exposures on top, then every typical case (the office,
 * the leading group and the publicity reviewers see all of them), filtered by status; the status
 * shows the review step a case awaits. The status filter lives in the address (?status=).
 *
 * Test ids:
 *   QuotaStrip: exposure-quota, exposure-month-<YYYY-MM> (data-status, data-count), exposure-at-risk;
 *   this page: typical-new, typical-filter-status, typical-table, typical-row-<id> (data-status;
 *     a click opens the case), typical-open-<id> (the title's link).
 */
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EXPOSURE_STATUSES, useExposureQuota, useTypicalCases, type ExposureStatus, type TypicalSummary } from '../../api/exposures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { QuotaStrip } from './QuotaStrip';
import { TypicalStatusTag, dayOf, useExposureCampaign } from './parts';

export default function TypicalCasesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const gate = useCampaignGate();
  const can = useCan();
  const { campaignId } = useExposureCampaign();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = (EXPOSURE_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as ExposureStatus) : undefined;
  const { data: items, isFetching, error } = useTypicalCases(campaignId, status);
  const { data: quota, error: quotaError } = useExposureQuota(campaignId);

  const columns = useMemo<TableColumnsType<TypicalSummary>>(
    () => [
      {
        title: t('exposures.fields.title'),
        key: 'title',
        render: (_, c) => (
          <div style={wrapCell(280)}>
            <Link to={`/exposures/${c.id}`} data-testid={`typical-open-${c.id}`} onClick={(e) => e.stopPropagation()}>
              {c.title}
            </Link>
          </div>
        ),
      },
      { title: t('exposures.status'), key: 'status', render: (_, c) => <TypicalStatusTag status={c.status} stage={c.stage} /> },
      { title: t('exposures.fields.subject'), key: 'subject', render: (_, c) => <div style={wrapCell(200)}>{c.subject}</div> },
      {
        title: t('exposures.fields.sector'),
        key: 'sector',
        render: (_, c) => <div style={wrapCell(140)}>{c.sector || <Typography.Text type="secondary">—</Typography.Text>}</div>,
      },
      {
        title: t('exposures.publishedOn'),
        key: 'publishedAt',
        render: (_, c) =>
          c.publishedAt ? (
            <span style={{ whiteSpace: 'nowrap' }}>{dayOf(c.publishedAt, lang)}</span>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          ),
      },
      { title: t('exposures.imagesCount'), key: 'images', align: 'right', render: (_, c) => c.images },
      { title: t('exposures.runsCount'), key: 'runs', align: 'right', render: (_, c) => <span data-testid={`typical-runs-count-${c.id}`}>{c.runs}</span> },
      { title: t('exposures.updatedAt'), key: 'updatedAt', render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{dayOf(c.updatedAt, lang)}</span> },
    ],
    [t, lang],
  );

  if (gate) return gate;

  const setStatus = (next: ExposureStatus | undefined) => {
    const out = new URLSearchParams(params);
    if (next) out.set('status', next);
    else out.delete('status');
    setParams(out, { replace: true });
  };

  return (
    <div>
      <PageHeader
        title={t('nav.exposures')}
        sub={t('exposures.listSub')}
        extra={
          can('exposures.write') && (
            <Link to="/exposures/new" data-testid="typical-new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('exposures.new')}
              </Button>
            </Link>
          )
        }
      />
      <ErrorAlert error={quotaError} />
      {quota && <QuotaStrip quota={quota} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select<ExposureStatus | ''>
            data-testid="typical-filter-status"
            value={status ?? ''}
            onChange={(v) => setStatus(v || undefined)}
            style={{ minWidth: 160 }}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: t('exposures.allStatuses') },
              ...EXPOSURE_STATUSES.map((s) => ({ value: s, label: t(`exposures.statuses.${s}`) })),
            ]}
          />
        </Space>
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <Table<TypicalSummary>
          data-testid="typical-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={items ?? []}
          scroll={TABLE_SCROLL}
          locale={{ emptyText: <Typography.Text type="secondary">{t('exposures.empty')}</Typography.Text> }}
          onRow={(c) =>
            ({
              'data-testid': `typical-row-${c.id}`,
              'data-status': c.status,
              style: { cursor: 'pointer' },
              onClick: () => navigate(`/exposures/${c.id}`),
            }) as React.HTMLAttributes<HTMLElement>
          }
          pagination={{ defaultPageSize: 20, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => t('common.totalItems', { n }), hideOnSinglePage: true }}
        />
      </Card>
    </div>
  );
}
