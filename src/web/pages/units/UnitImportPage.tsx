import type { TableColumnsType } from 'antd';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadUnitTemplate, useCommitImport, usePreviewImport } from '../../api/units';
import type { ImportPreviewRow } from '../../api/types';
import { ImportFlow } from '../../components/ImportFlow';

export default function UnitImportPage() {
  const { t, i18n } = useTranslation();
  const preview = usePreviewImport();
  const commit = useCommitImport();

  const cell = (field: keyof ImportPreviewRow) => (v: string, r: ImportPreviewRow) => {
    const bad = r.errors.some((e) => e.field === field);
    return bad ? <Typography.Text type="danger" strong>{v || '—'}</Typography.Text> : v;
  };

  const columns: TableColumnsType<ImportPreviewRow> = [
    { title: t('units.code'), dataIndex: 'code', key: 'code', width: 110, render: cell('code') },
    { title: t('units.name'), dataIndex: 'name', key: 'name', width: 200, render: cell('name') },
    { title: t('units.shortName'), dataIndex: 'shortName', key: 'shortName', width: 120, render: cell('shortName') },
    {
      title: t('units.type'),
      dataIndex: 'type',
      key: 'type',
      width: 110,
      // The server gives a known type as its key; show the label the clerk wrote, an unknown one as written.
      render: (v: string, r: ImportPreviewRow) =>
        cell('type')(i18n.exists(`unitType.${v}`) ? t(`unitType.${v}`) : v, r),
    },
    { title: t('import.parentCode'), dataIndex: 'parentCode', key: 'parentCode', width: 110, render: cell('parentCode') },
  ];

  return (
    <ImportFlow<ImportPreviewRow>
      testId="unit-import"
      title={t('import.title')}
      intro={t('import.intro')}
      back={{ to: '/units', label: t('import.back') }}
      template={{ label: t('import.template'), download: downloadUnitTemplate }}
      preview={preview}
      commit={commit}
      columns={columns}
      doneText={(r) => t('import.doneSummary', { created: r.created, updated: r.updated })}
    />
  );
}
