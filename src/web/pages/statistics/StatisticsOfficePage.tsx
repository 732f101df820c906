/*
 * The office's view of 附件2: how many units of each type have reported and on time, every unit's
 * status with a link to its table, the units still missing, and the consolidated roll-up.
 *
 * Test ids:
 *   stat-office-unit-type (filter), stat-office-export-xlsx, stat-office-export-csv,
 *   stat-office-import (city_admin only), stat-completeness-overall, stat-completeness-<unitType>,
 *   stat-office-tabs, stat-office-table, stat-office-row-<unitCode> (data-status),
 *   stat-office-open-<unitCode>, stat-office-overrides-<unitCode> (figures changed from the
 *   activities' pre-fill), stat-office-missing, stat-rollup-table,
 *   stat-rollup-row-<unitCode>, stat-rollup-subtotal-<unitType>, stat-rollup-total.
 */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Empty, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  downloadStatisticsSheet,
  useStatisticsOffice,
  useStatisticsRollup,
  type OfficeStatus,
  type StatisticsCounts,
  type StatisticsOfficeRow,
  type StatisticsUnit,
} from '../../api/statistics';
import type { UnitType } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { CompletenessCards } from '../../components/CompletenessCards';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { filingColumns } from '../../components/filingColumns';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { UnitTable } from '../../components/UnitTable';
import { REPORTING_UNIT_TYPES, UnitTypeFilter } from '../../components/UnitTypeFilter';
import { useLang } from '../../i18n';
import { formatDeadline, tx } from '../../lib/format';
import { StatisticsStatusTag } from './parts';
import { indicatorDecimals } from '../../../domain/forms/indicator';

type RollupLine =
  | { kind: 'unit'; key: string; unit: StatisticsUnit; status: OfficeStatus; reports: number; total: StatisticsCounts }
  | { kind: 'subtotal'; key: string; type: UnitType; units: number; reports: number; total: StatisticsCounts }
  | { kind: 'total'; key: string; reports: number; total: StatisticsCounts };

function RollupTab({ campaignId, unitType }: { campaignId: number; unitType?: UnitType }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, isLoading, error } = useStatisticsRollup(campaignId, unitType);

  // Units of a type, then that type's subtotal, and the grand total last, as on the paper sheet.
  const lines = useMemo<RollupLine[]>(() => {
    if (!data) return [];
    const out: RollupLine[] = [];
    const seen = new Set<UnitType>();
    for (const s of data.subtotals) {
      seen.add(s.type);
      for (const r of data.rows.filter((x) => x.unit.type === s.type)) out.push({ kind: 'unit', key: `u${r.unit.id}`, ...r });
      out.push({ kind: 'subtotal', key: `s${s.type}`, ...s });
    }
    for (const r of data.rows.filter((x) => !seen.has(x.unit.type))) out.push({ kind: 'unit', key: `u${r.unit.id}`, ...r });
    out.push({ kind: 'total', key: 'total', reports: data.reports, total: data.total });
    return out;
  }, [data]);

  const columns = useMemo<TableColumnsType<RollupLine>>(() => {
    if (!data) return [];
    const label = (l: RollupLine) =>
      l.kind === 'unit' ? (
        <div style={wrapCell(200)}>
          <div>{l.unit.name}</div>
          <StatisticsStatusTag status={l.status} />
        </div>
      ) : l.kind === 'subtotal' ? (
        <strong>{t('statistics.subtotal', { type: t(`unitType.${l.type}`) })}</strong>
      ) : (
        <strong>{t('statistics.grandTotal')}</strong>
      );
    return [
      { title: t('statistics.unit'), key: 'unit', fixed: 'left', width: 200, render: (_, l) => label(l) },
      { title: t('statistics.reports'), key: 'reports', width: 80, align: 'right', render: (_, l) => l.reports },
      ...data.categories
        .map((c) => ({ c, indicators: data.indicators.filter((i) => i.category === c.key) }))
        .filter((g) => g.indicators.length > 0)
        .map((g) => ({
          title: `${g.c.section} ${tx(g.c.name, lang)}`,
          key: g.c.key,
          children: g.indicators.map((i) => ({
            title: (
              <div style={wrapCell(120)}>
                {tx(i.label, lang)}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('punct.paren', { x: tx(i.measure, lang) })}
                </Typography.Text>
              </div>
            ),
            key: i.key,
            width: 110,
            align: 'right' as const,
            // A money or decimal figure shows its places (12.50 万元), as the xlsx prints it.
            render: (_: unknown, l: RollupLine) => (l.kind === 'unit' && l.reports === 0 ? '' : (l.total[i.key] ?? 0).toFixed(indicatorDecimals(i))),
          })),
        })),
    ];
  }, [data, lang, t]);

  return (
    <>
      <ErrorAlert error={error} />
      <Typography.Paragraph type="secondary">{t('statistics.rollupNote')}</Typography.Paragraph>
      <Table<RollupLine>
        data-testid="stat-rollup-table"
        rowKey="key"
        size="small"
        bordered
        loading={isLoading}
        columns={columns}
        dataSource={lines}
        pagination={false}
        scroll={TABLE_SCROLL}
        onRow={(l) =>
          ({
            'data-testid': l.kind === 'unit' ? `stat-rollup-row-${l.unit.code}` : l.kind === 'subtotal' ? `stat-rollup-subtotal-${l.type}` : 'stat-rollup-total',
            style: l.kind === 'unit' ? undefined : { background: l.kind === 'total' ? '#e8eef7' : '#fafafa', fontWeight: 600 },
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </>
  );
}

export default function StatisticsOfficePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const can = useCan();
  const { currentId } = useCurrentCampaign();
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const [tab, setTab] = useState('units');
  const { data, isLoading, error } = useStatisticsOffice(currentId, unitType);

  const columns: TableColumnsType<StatisticsOfficeRow> = useMemo(
    () => [
      ...filingColumns<StatisticsOfficeRow>(t, lang, 'statistics', (r) => <StatisticsStatusTag status={r.status} />),
      {
        title: t('statistics.explained'),
        key: 'explained',
        width: 80,
        align: 'right',
        render: (_, r) => (r.explained > 0 ? <Tag color="gold">{r.explained}</Tag> : '—'),
      },
      {
        title: t('statistics.overridesColumn'),
        key: 'overrides',
        width: 90,
        align: 'right',
        render: (_, r) =>
          r.overrides > 0 ? (
            <Tag color="orange" data-testid={`stat-office-overrides-${r.unit.code}`}>
              {r.overrides}
            </Tag>
          ) : (
            '—'
          ),
      },
      {
        title: t('common.actions'),
        key: 'open',
        width: 80,
        render: (_, r) => (
          <Link to={`/statistics/${r.unit.id}`} data-testid={`stat-office-open-${r.unit.code}`}>
            {t('statistics.open')}
          </Link>
        ),
      },
    ],
    [lang, t],
  );

  if (gate) return gate;

  return (
    <div>
      <PageHeader
        title={t('statistics.officeTitle')}
        sub={data?.due ? `${t('statistics.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : undefined}
        extra={
          <>
            <UnitTypeFilter
              value={unitType}
              onChange={setUnitType}
              types={REPORTING_UNIT_TYPES}
              style={{ width: 200, maxWidth: '100%' }}
              testId="stat-office-unit-type"
            />
            <DownloadButton
              type="primary"
              download={() => downloadStatisticsSheet(currentId!, 'xlsx', unitType)}
              data-testid="stat-office-export-xlsx"
            >
              {t('statistics.exportXlsx')}
            </DownloadButton>
            <DownloadButton download={() => downloadStatisticsSheet(currentId!, 'csv', unitType)} data-testid="stat-office-export-csv">
              {t('statistics.exportCsv')}
            </DownloadButton>
            {can('statistics.import') && (
              <Link to="/statistics/import" data-testid="stat-office-import">
                <Button icon={<UploadOutlined />}>{t('statistics.import')}</Button>
              </Link>
            )}
          </>
        }
      />
      <ErrorAlert error={error} />
      {data && <CompletenessCards completeness={data.completeness} testIdPrefix="stat" texts="statistics" />}
      <Card>
        <Tabs
          data-testid="stat-office-tabs"
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'units',
              label: t('statistics.tabUnits'),
              children: (
                <>
                  <UnitTable<StatisticsOfficeRow>
                    data-testid="stat-office-table"
                    loading={isLoading}
                    columns={columns}
                    dataSource={data?.rows ?? []}
                    onRow={(r) =>
                      ({ 'data-testid': `stat-office-row-${r.unit.code}`, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>
                    }
                  />
                  <div data-testid="stat-office-missing" style={{ marginTop: 16 }}>
                    <Typography.Title level={5}>{t('statistics.missingTitle', { n: data?.missing.length ?? 0 })}</Typography.Title>
                    {data && data.missing.length === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('statistics.noMissing')} />
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
                </>
              ),
            },
            {
              key: 'rollup',
              label: t('statistics.tabRollup'),
              // Mounted only when opened: the roll-up is the heavier query.
              children: tab === 'rollup' && currentId !== undefined ? <RollupTab campaignId={currentId} unitType={unitType} /> : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
