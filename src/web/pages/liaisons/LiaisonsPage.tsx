import { useMemo, useState } from 'react';
import { App as AntApp, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadLiaisonSheet, useLiaisonList, type LiaisonRow, type LiaisonStatus } from '../../api/liaisons';
import { UNIT_TYPES, type UnitType } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { UnitTypeTag } from '../../components/tags';
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
  const { message } = AntApp.useApp();
  const { currentId } = useCurrentCampaign();
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const { data, isLoading, error } = useLiaisonList(currentId, unitType);
  const [downloading, setDownloading] = useState(false);

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

  const download = async () => {
    if (currentId === undefined) return;
    setDownloading(true);
    try {
      await downloadLiaisonSheet(currentId, unitType);
    } catch (e) {
      void message.error(errorMessage(e, lang, t('errors.unknown')));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div>
      <PageHeader
        title={t('liaison.officeTitle')}
        sub={data?.due ? `${t('liaison.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : undefined}
        extra={
          <>
            <Select<UnitType>
              allowClear
              placeholder={t('matrix.allUnitTypes')}
              value={unitType}
              onChange={(v) => setUnitType(v ?? undefined)}
              style={{ width: 200 }}
              data-testid="liaison-unit-type"
              options={UNIT_TYPES.filter((u) => u !== 'city_office' && u !== 'township').map((u) => ({ value: u, label: t(`unitType.${u}`) }))}
            />
            <Button type="primary" icon={<DownloadOutlined />} loading={downloading} onClick={() => void download()} data-testid="liaison-export">
              {t('liaison.export')}
            </Button>
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
        <Table<LiaisonRow>
          data-testid="liaison-table"
          rowKey={(r) => r.unit.id}
          size="small"
          bordered
          loading={isLoading}
          columns={columns}
          dataSource={data?.rows ?? []}
          pagination={false}
          scroll={TABLE_SCROLL}
        />
      </Card>
    </div>
  );
}
