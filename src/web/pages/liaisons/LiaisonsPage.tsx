import { useMemo, useState } from 'react';
import { Button, Card, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { downloadLiaisonSheet, useLiaisonList, type LiaisonRow, type LiaisonStatus } from '../../api/liaisons';
import type { UnitType } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { RequireRole } from '../../components/RequireRole';
import { wrapCell } from '../../components/table';
import { UnitTypeTag } from '../../components/tags';
import { UnitTable } from '../../components/UnitTable';
import { REPORTING_UNIT_TYPES, UnitTypeFilter } from '../../components/UnitTypeFilter';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline, tx } from '../../lib/format';

const STATUS_COLOR: Record<LiaisonStatus, string> = { missing: 'red', on_time: 'green', late: 'gold' };

export function LiaisonStatusTag({ status }: { status: LiaisonStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`liaison.status_${status}`)}
    </Tag>
  );
}

/** The office's consolidated 附件1: every participating unit, its status and its latest values. */
export default function LiaisonsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const { data, isLoading, error } = useLiaisonList(currentId, unitType);

  const columns: TableColumnsType<LiaisonRow> = useMemo(
    () => [
      { title: t('liaison.index'), key: 'index', width: 60, fixed: 'left', render: (_, __, i) => i + 1 },
      {
        title: t('liaison.unit'),
        key: 'unit',
        fixed: 'left',
        width: 200,
        render: (_, r) => (
          <div style={wrapCell(220)}>
            <div style={{ fontWeight: 500 }}>{r.unit.name}</div>
            <UnitTypeTag type={r.unit.type} />
          </div>
        ),
      },
      { title: t('liaison.status'), key: 'status', width: 90, render: (_, r) => <LiaisonStatusTag status={r.status} /> },
      { title: t('liaison.version'), key: 'version', width: 70, render: (_, r) => (r.version ? `v${r.version}` : '—') },
      {
        title: t('liaison.submittedAt'),
        key: 'submittedAt',
        width: 160,
        render: (_, r) => (r.submittedAt ? formatDateTime(r.submittedAt, lang) : '—'),
      },
      ...(data?.fields ?? []).map((f) => ({
        title: tx(f.label, lang),
        key: f.key,
        width: f.type === 'email' ? 200 : 140,
        render: (_: unknown, r: LiaisonRow) => <div style={wrapCell(220)}>{r.values?.[f.key] ?? ''}</div>,
      })),
    ],
    [data, lang, t],
  );

  if (gate) return gate;

  return (
    <div>
      <PageHeader
        title={t('liaison.officeTitle')}
        sub={data?.due ? `${t('liaison.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : undefined}
        extra={
          <>
            <UnitTypeFilter value={unitType} onChange={setUnitType} types={REPORTING_UNIT_TYPES} testId="liaison-unit-type" />
            <DownloadButton type="primary" download={() => downloadLiaisonSheet(currentId!, unitType)} data-testid="liaison-export">
              {t('liaison.export')}
            </DownloadButton>
            {/* The leading group reads the list; only the office files forms from a sheet. */}
            <RequireRole roles={['city_admin']} fallback={null}>
              <Link to="/liaisons/import">
                <Button icon={<ImportOutlined />} data-testid="liaison-import">
                  {t('liaison.import')}
                </Button>
              </Link>
            </RequireRole>
          </>
        }
      />
      <ErrorAlert error={error} />
      <Card>
        {data && (
          <Space wrap size={4} style={{ marginBottom: 12 }} data-testid="liaison-summary">
            <Typography.Text>{t('liaison.summaryTotal', { n: data.summary.total })}</Typography.Text>
            <Tag color="green">{t('liaison.status_on_time')} {data.summary.onTime}</Tag>
            <Tag color="gold">{t('liaison.status_late')} {data.summary.late}</Tag>
            <Tag color="red">{t('liaison.status_missing')} {data.summary.missing}</Tag>
          </Space>
        )}
        <UnitTable<LiaisonRow> data-testid="liaison-table" loading={isLoading} columns={columns} dataSource={data?.rows ?? []} />
      </Card>
    </div>
  );
}
