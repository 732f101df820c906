import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadUnitTemplate, useCommitImport, usePreviewImport } from '../../api/units';
import type { ImportPreviewRow } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';

const ACTION_COLOR: Record<ImportPreviewRow['action'], string> = {
  create: 'green',
  update: 'blue',
  unchanged: 'default',
  error: 'red',
};

export default function UnitImportPage() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const preview = usePreviewImport();
  const commit = useCommitImport();

  const choose = (f: File) => {
    setFile(f);
    commit.reset();
    preview.mutate(f);
    return false; // keep the file here; nothing uploads until we say so
  };

  const hasErrors = (preview.data?.summary.error ?? 0) > 0;
  const nothingToDo = preview.data ? preview.data.summary.create + preview.data.summary.update === 0 : true;

  const fieldErrors = (r: ImportPreviewRow, field: string) => r.errors.filter((e) => e.field === field);
  const cell = (field: keyof ImportPreviewRow) => (v: string, r: ImportPreviewRow) => {
    const errs = fieldErrors(r, field);
    return errs.length > 0 ? <Typography.Text type="danger" strong>{v || '—'}</Typography.Text> : v;
  };

  const columns: TableColumnsType<ImportPreviewRow> = [
    { title: t('import.row'), dataIndex: 'row', key: 'row', width: 64 },
    {
      title: t('import.action'),
      dataIndex: 'action',
      key: 'action',
      width: 90,
      render: (a: ImportPreviewRow['action']) => <Tag color={ACTION_COLOR[a]}>{t(`import.actions.${a}`)}</Tag>,
    },
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
    {
      title: t('import.errors'),
      key: 'errors',
      width: 280,
      render: (_, r) =>
        r.errors.length === 0 ? null : (
          <ul style={{ margin: 0, paddingInlineStart: 16, color: '#cf1322', ...wrapCell(300) }}>
            {r.errors.map((e, i) => (
              <li key={i}>
                {e.field && <code>{e.field}</code>} {lang === 'en' ? e.messageEn || e.message : e.message}
              </li>
            ))}
          </ul>
        ),
    },
  ];

  const step = commit.data ? 2 : preview.data ? 1 : 0;

  return (
    <div>
      <PageHeader
        title={t('import.title')}
        extra={
          <Link to="/units">
            <Button icon={<ArrowLeftOutlined />}>{t('import.back')}</Button>
          </Link>
        }
      />
      <Card style={{ marginBottom: 12 }}>
        <Steps
          current={step}
          size="small"
          responsive
          items={[{ title: t('import.stepUpload') }, { title: t('import.stepPreview') }, { title: t('import.stepDone') }]}
        />
      </Card>
      {commit.data ? (
        <Card>
          <Result
            status="success"
            title={t('import.doneTitle')}
            subTitle={t('import.doneSummary', { created: commit.data.created, updated: commit.data.updated })}
            extra={
              <Space wrap>
                <Button type="primary" onClick={() => navigate('/units')}>
                  {t('import.back')}
                </Button>
                <Button
                  onClick={() => {
                    commit.reset();
                    preview.reset();
                    setFile(null);
                  }}
                >
                  {t('import.again')}
                </Button>
              </Space>
            }
          />
        </Card>
      ) : (
        <Card>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <div>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('import.intro')}
              </Typography.Paragraph>
              <Button
                icon={<DownloadOutlined />}
                data-testid="unit-import-template"
                onClick={() => {
                  setDownloadError(null);
                  downloadUnitTemplate().catch(setDownloadError);
                }}
              >
                {t('import.template')}
              </Button>
            </div>
            <ErrorAlert error={downloadError} />
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              beforeUpload={choose}
              data-testid="unit-import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? file.name : t('import.drop')}</p>
              <p className="ant-upload-hint">{t('import.dropHint')}</p>
            </Upload.Dragger>
            <ErrorAlert error={preview.error} />
            {preview.data && (
              <>
                <Space wrap>
                  <Tag color="green">{t('import.summary.create', { n: preview.data.summary.create })}</Tag>
                  <Tag color="blue">{t('import.summary.update', { n: preview.data.summary.update })}</Tag>
                  <Tag>{t('import.summary.unchanged', { n: preview.data.summary.unchanged })}</Tag>
                  <Tag color="red">{t('import.summary.error', { n: preview.data.summary.error })}</Tag>
                </Space>
                {hasErrors && <Alert type="error" showIcon title={t('import.fixErrors')} />}
                <Table<ImportPreviewRow>
                  data-testid="unit-import-preview"
                  rowKey="row"
                  size="small"
                  columns={columns}
                  dataSource={preview.data.rows}
                  pagination={preview.data.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                  scroll={TABLE_SCROLL}
                  onRow={(r) => (r.action === 'error' ? { style: { background: '#fff1f0' } } : {})}
                />
                <ErrorAlert error={commit.error} />
                <div style={{ textAlign: 'right' }}>
                  <Button
                    type="primary"
                    disabled={!file || hasErrors || nothingToDo}
                    loading={commit.isPending}
                    data-testid="unit-import-commit"
                    onClick={() => {
                      if (!file) return;
                      commit.mutate(file, {
                        onSuccess: (r) => void message.success(t('import.doneSummary', { created: r.created, updated: r.updated })),
                      });
                    }}
                  >
                    {t('import.confirm')}
                  </Button>
                </div>
              </>
            )}
          </Space>
        </Card>
      )}
    </div>
  );
}
