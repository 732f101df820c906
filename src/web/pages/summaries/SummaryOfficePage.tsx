/*
 * The office's view of the summaries: how many units of each type have filed and on time, every
 * unit's status with a link to its summary, the units still missing, and the city summary draft
 * (a Word document built from everything filed, for the office to finish by hand).
 *
 * Test ids:
 *   sum-office-unit-type (filter), sum-city-docx, sum-office-table, sum-office-row-<unitCode>
 *   (data-status), sum-office-open-<unitCode>, sum-office-missing; the completeness cards are
 *   components/CompletenessCards' (prefix sum).
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Empty, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadCitySummary, useSummaryOffice, type SummaryOfficeRow } from '../../api/summaries';
import type { UnitType } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { filingColumns } from '../../components/filingColumns';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { UnitTable } from '../../components/UnitTable';
import { REPORTING_UNIT_TYPES, UnitTypeFilter } from '../../components/UnitTypeFilter';
import { useLang } from '../../i18n';
import { formatDeadline } from '../../lib/format';
import { CompletenessCards } from '../../components/CompletenessCards';
import { SummaryStatusTag } from './parts';

export default function SummaryOfficePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const { data, isLoading, error } = useSummaryOffice(currentId, unitType);

  const columns: TableColumnsType<SummaryOfficeRow> = useMemo(
    () => [
      ...filingColumns<SummaryOfficeRow>(t, lang, 'summary', (r) => <SummaryStatusTag status={r.status} />),
      {
        title: t('summary.mediaColumn'),
        key: 'media',
        width: 90,
        align: 'right',
        render: (_, r) => (r.status === 'missing' ? '—' : r.media),
      },
      {
        title: t('common.actions'),
        key: 'open',
        width: 80,
        // A unit that never saved has nothing to open.
        render: (_, r) =>
          r.updatedAt ? (
            <Link to={`/summary/${r.unit.id}`} data-testid={`sum-office-open-${r.unit.code}`}>
              {t('summary.open')}
            </Link>
          ) : (
            '—'
          ),
      },
    ],
    [lang, t],
  );

  if (gate) return gate;

  return (
    <div>
      <PageHeader
        title={t('summary.officeTitle')}
        sub={data?.due ? `${t('summary.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : undefined}
        extra={
          <>
            <UnitTypeFilter
              value={unitType}
              onChange={setUnitType}
              types={REPORTING_UNIT_TYPES}
              style={{ width: 200, maxWidth: '100%' }}
              testId="sum-office-unit-type"
            />
            <DownloadButton type="primary" download={() => downloadCitySummary(currentId!)} data-testid="sum-city-docx">
              {t('summary.citySummary')}
            </DownloadButton>
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t('summary.citySummaryHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      {data && <CompletenessCards completeness={data.completeness} testIdPrefix="sum" texts="summary" />}
      <Card>
        <UnitTable<SummaryOfficeRow>
          data-testid="sum-office-table"
          loading={isLoading}
          columns={columns}
          dataSource={data?.rows ?? []}
          onRow={(r) => ({ 'data-testid': `sum-office-row-${r.unit.code}`, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
        />
        <div data-testid="sum-office-missing" style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{t('summary.missingTitle', { n: data?.missing.length ?? 0 })}</Typography.Title>
          {data && data.missing.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('summary.noMissing')} />
          ) : (
            <Space wrap size={[4, 8]}>
              {(data?.missing ?? []).map((u) => (
                <Tag key={u.id} color="red" data-code={u.code}>
                  {u.name}
                </Tag>
              ))}
            </Space>
          )}
        </div>
      </Card>
    </div>
  );
}
