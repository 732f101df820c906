/*
 * `/cases/posters`: 举报海报. Each unit's poster carries a QR code to the public report form with
 * the unit's code, so the reports it brings in count for the unit's publicity work; the code names
 * the poster, never the person who scans it. The office downloads any unit's; a unit its own.
 *
 * Test ids:
 *   posters-table, poster-row-<unitCode>, poster-png-<unitCode>, poster-pdf-<unitCode>,
 *   posters-search.
 */
import { useMemo, useState } from 'react';
import { Alert, Card, Input, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { downloadPoster } from '../../api/cases';
import type { Unit } from '../../api/types';
import { useUnits } from '../../api/units';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { UnitTypeTag } from '../../components/tags';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useIsOffice } from './parts';

type Row = Pick<Unit, 'id' | 'code' | 'name' | 'type'>;

export default function PostersPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId: campaignId } = useCurrentCampaign();
  const { data: me } = useMe();
  const office = useIsOffice();
  const { data: units, isLoading, error } = useUnits();
  const [q, setQ] = useState('');

  const rows = useMemo<Row[]>(() => {
    if (!me) return [];
    if (!office) {
      // A unit prints its own poster.
      const own = units?.find((u) => u.id === me.unit.id);
      return [own ?? { id: me.unit.id, code: me.unit.code, name: me.unit.name, type: me.unit.type }];
    }
    const needle = q.trim().toLowerCase();
    return (units ?? [])
      .filter((u) => u.active)
      .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.shortName.toLowerCase().includes(needle) || u.code.toLowerCase().includes(needle));
  }, [me, office, units, q]);

  const columns = useMemo<TableColumnsType<Row>>(
    () => [
      { title: t('cases.unitCode'), key: 'code', render: (_, u) => <span style={{ whiteSpace: 'nowrap' }}>{u.code}</span> },
      { title: t('cases.unitName'), key: 'name', render: (_, u) => <div style={wrapCell(280)}>{u.name}</div> },
      { title: t('cases.unitType'), key: 'type', render: (_, u) => <UnitTypeTag type={u.type} /> },
      {
        title: t('cases.downloadPoster'),
        key: 'download',
        render: (_, u) =>
          campaignId === undefined ? null : (
            <Space size={6}>
              <DownloadButton size="small" data-testid={`poster-png-${u.code}`} download={() => downloadPoster(campaignId, u, 'png')}>
                PNG
              </DownloadButton>
              <DownloadButton size="small" data-testid={`poster-pdf-${u.code}`} download={() => downloadPoster(campaignId, u, 'pdf')}>
                PDF
              </DownloadButton>
            </Space>
          ),
      },
    ],
    [t, campaignId],
  );

  if (gate) return gate;

  return (
    <div>
      <PageHeader title={t('nav.casePosters')} sub={office ? t('cases.postersSubOffice') : t('cases.postersSubUnit')} />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cases.postersExplainTitle')} description={t('cases.postersExplain')} />
      <ErrorAlert error={error} />
      <Card>
        {office && (
          <Input.Search
            data-testid="posters-search"
            allowClear
            placeholder={t('cases.postersSearch')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260, maxWidth: '100%', marginBottom: 12 }}
          />
        )}
        <Table<Row>
          data-testid="posters-table"
          rowKey="id"
          size="middle"
          loading={isLoading}
          columns={columns}
          dataSource={rows}
          scroll={TABLE_SCROLL}
          onRow={(u) => ({ 'data-testid': `poster-row-${u.code}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={office ? { defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => t('common.totalItems', { n }) } : false}
          locale={{ emptyText: <Typography.Text type="secondary">{t('cases.postersEmpty')}</Typography.Text> }}
        />
      </Card>
    </div>
  );
}
