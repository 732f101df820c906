/*
 * Starting a package: every unit that owes a summary, or one of them. The server answers an
 * identical package still being made instead of queuing a second, so a double click costs nothing.
 *
 * Test ids:
 *   pkg-start-all, pkg-unit (the unit select; its options are the units that owe a summary),
 *   pkg-start-unit, pkg-start-error.
 */
import { useMemo, useState } from 'react';
import { App as AntApp, Button, Card, Select, Space, Typography } from 'antd';
import { FileZipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useStartPackage } from '../../api/packages';
import { useSummaryOffice } from '../../api/summaries';
import { ErrorAlert } from '../../components/ErrorAlert';

export function StartPackage({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const start = useStartPackage(campaignId);
  const { data: owing, isLoading } = useSummaryOffice(campaignId);
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [asked, setAsked] = useState<'all' | 'unit' | null>(null);
  const options = useMemo(
    () => (owing?.rows ?? []).map((r) => ({ value: r.unit.id, label: `${r.unit.name} · ${r.unit.code}` })),
    [owing],
  );

  const run = (which: 'all' | 'unit') => {
    setAsked(which);
    start.mutate(which === 'all' ? undefined : unitId, { onSuccess: () => void message.success(t('packages.started')) });
  };

  return (
    <Card size="small" title={t('packages.startTitle')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('packages.intro')}</Typography.Paragraph>
      <ErrorAlert error={start.error} />
      <Space wrap size={[8, 8]} style={{ width: '100%' }}>
        <Button
          type="primary"
          icon={<FileZipOutlined />}
          data-testid="pkg-start-all"
          loading={start.isPending && asked === 'all'}
          disabled={start.isPending}
          onClick={() => run('all')}
        >
          {t('packages.startAll')}
        </Button>
        <Typography.Text type="secondary">{t('packages.or')}</Typography.Text>
        <Select<number>
          data-testid="pkg-unit"
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          loading={isLoading}
          placeholder={t('packages.chooseUnit')}
          aria-label={t('packages.unit')}
          value={unitId}
          onChange={(v) => setUnitId(v ?? undefined)}
          options={options}
          popupMatchSelectWidth={false}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Button
          icon={<FileZipOutlined />}
          data-testid="pkg-start-unit"
          loading={start.isPending && asked === 'unit'}
          disabled={unitId === undefined || start.isPending}
          onClick={() => run('unit')}
        >
          {t('packages.startUnit')}
        </Button>
      </Space>
    </Card>
  );
}
