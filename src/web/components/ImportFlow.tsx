/*
 * Every sheet import reads the same way: upload, read the preview (what each row would do), confirm.
 * The server writes nothing while any row has an error, so confirming waits for a clean file that
 * changes something.
 *
 * Test ids, under the page's prefix <p>: <p>-back, <p>-template (when there is a template),
 * <p>-file (the upload area), <p>-summary, <p>-missing-columns, <p>-preview (table),
 * <p>-row-<row> (data-action), <p>-commit, <p>-done.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';
import { PageHeader } from './PageHeader';
import { TABLE_SCROLL, wrapCell } from './table';
import { useLang } from '../i18n';

export type ImportAction = 'create' | 'update' | 'unchanged' | 'skipped' | 'error';

export interface ImportRow {
  row: number;
  action: ImportAction;
  errors: { field: string; message: string; messageEn: string }[];
  /** Why an unchanged or skipped row is passed over (the 附件2 import says so). */
  note?: { zh: string; en: string } | null;
}

export interface ImportPreview<R extends ImportRow> {
  rows: R[];
  /** `skipped` only where the import skips rows (e.g. locked tables). */
  summary: Record<Exclude<ImportAction, 'skipped'>, number> & { skipped?: number };
  /** Columns the sheet lacks; only sheets with optional columns report them. */
  missingColumns?: string[];
}

export interface ImportResult {
  created: number;
  updated: number;
}

const ACTION_COLOR: Record<ImportAction, string> = {
  create: 'green',
  update: 'blue',
  unchanged: 'default',
  skipped: 'orange',
  error: 'red',
};

/** One value a preview row would change: its label, the old value struck through, the new one. */
export function ImportChange({ label, before, after }: { label: ReactNode; before: ReactNode | null; after: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div>
      {label}
      {t('punct.colon')}
      {before !== null && (
        <>
          <Typography.Text delete type="secondary">
            {before}
          </Typography.Text>
          {' → '}
        </>
      )}
      {after}
    </div>
  );
}

/** The office's choice for a row that would replace a unit's own filing. */
export type ImportChoice = 'unit' | 'file';

type FlaggableRow = ImportRow & { ownSubmission: { note: { zh: string; en: string } } | null };

/**
 * Rows the preview flags as replacing what a unit filed itself: the column that asks "keep the
 * unit's / take the file's" (test ids <p>-own-<row>, <p>-keep-<row>, <p>-take-<row>), the choices
 * for the confirmation, and what is still to choose. A new preview starts with no choice.
 */
export function useOwnSubmissionChoices<R extends FlaggableRow>(rows: R[] | undefined, testId: string) {
  const { t } = useTranslation();
  const lang = useLang();
  const [choices, setChoices] = useState<Record<number, ImportChoice>>({});
  const latest = useRef(choices);
  latest.current = choices;
  useEffect(() => setChoices({}), [rows]);
  const unchosen = (rows ?? []).filter((r) => r.ownSubmission && (r.action === 'create' || r.action === 'update') && !choices[r.row]).length;
  const column: TableColumnsType<R>[number] = {
    title: t('import.ownSubmission'),
    key: 'own',
    width: 220,
    render: (_, r) =>
      r.ownSubmission ? (
        <Space orientation="vertical" size={4} data-testid={`${testId}-own-${r.row}`}>
          <Tag color="gold">{lang === 'en' ? r.ownSubmission.note.en : r.ownSubmission.note.zh}</Tag>
          <Radio.Group size="small" value={choices[r.row]} onChange={(e) => setChoices((c) => ({ ...c, [r.row]: e.target.value as ImportChoice }))}>
            <Radio value="unit" data-testid={`${testId}-keep-${r.row}`}>{t('import.keepUnit')}</Radio>
            <Radio value="file" data-testid={`${testId}-take-${r.row}`}>{t('import.takeFile')}</Radio>
          </Radio.Group>
        </Space>
      ) : null,
  };
  return { current: () => latest.current, column, pending: unchosen > 0 ? t('import.chooseOwn', { n: unchosen }) : null };
}

export interface ImportFlowProps<R extends ImportRow> {
  testId: string;
  title: string;
  intro: string;
  /** Where the page came from: the header's link, the done card's button, and where `leaveWhenDone` goes. */
  back: { to: string; label: string };
  template?: { label: string; download: () => Promise<unknown> };
  preview: UseMutationResult<ImportPreview<R>, Error, File>;
  commit: UseMutationResult<ImportResult, Error, File>;
  /** The sheet's own columns, shown between the row's action and its errors. */
  columns: TableColumnsType<R>;
  /** The server names fields by key; the reader wants the column's label. */
  fieldLabel?: (field: string) => string;
  /** `code`: the field in code type before the message; `label`: the label in bold, a colon, the message. */
  fieldStyle?: 'code' | 'label';
  missingColumns?: { label: (column: string) => string; message: (names: string) => string };
  /** The counts of a saved import, for the success message and the done card. */
  doneText: (r: ImportResult) => string;
  /** Go back to `back.to` once saved: the list there already shows what the import did. */
  leaveWhenDone?: boolean;
  /** What the clerk must still do before confirming (e.g. choose for flagged rows); confirming waits for it. */
  pending?: string | null;
}

export function ImportFlow<R extends ImportRow>({
  testId,
  title,
  intro,
  back,
  template,
  preview,
  commit,
  columns,
  fieldLabel = (field) => field,
  fieldStyle = 'code',
  missingColumns,
  doneText,
  leaveWhenDone = false,
  pending = null,
}: ImportFlowProps<R>) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const choose = (f: File) => {
    setFile(f);
    commit.reset();
    preview.mutate(f);
    return false; // keep the file here; nothing uploads until we say so
  };

  const summary = preview.data?.summary;
  const hasErrors = (summary?.error ?? 0) > 0;
  const nothingToDo = summary ? summary.create + summary.update === 0 : true;
  const missing = preview.data?.missingColumns ?? [];

  const allColumns: TableColumnsType<R> = [
    { title: t('import.row'), dataIndex: 'row', key: 'row', width: 64 },
    {
      title: t('import.action'),
      dataIndex: 'action',
      key: 'action',
      width: 90,
      render: (a: ImportAction) => (
        <Tag color={ACTION_COLOR[a]} data-action={a}>
          {t(`import.actions.${a}`)}
        </Tag>
      ),
    },
    ...columns,
    {
      title: t('import.errors'),
      key: 'errors',
      width: 280,
      render: (_, r) =>
        r.errors.length === 0 ? (
          r.note ? <Typography.Text type="secondary" data-testid={`${testId}-note-${r.row}`}>{lang === 'en' ? r.note.en : r.note.zh}</Typography.Text> : null
        ) : (
          <ul style={{ margin: 0, paddingInlineStart: 16, color: '#cf1322', ...wrapCell(300) }}>
            {r.errors.map((e, i) => (
              <li key={i}>
                {fieldStyle === 'label' ? (
                  <>
                    <strong>{fieldLabel(e.field)}</strong>
                    {t('punct.colon')}
                  </>
                ) : (
                  <>{e.field && <code>{fieldLabel(e.field)}</code>} </>
                )}
                {lang === 'en' ? e.messageEn || e.message : e.message}
              </li>
            ))}
          </ul>
        ),
    },
  ];

  // Without a done card the last step is the saving itself.
  const step = (leaveWhenDone ? commit.isPending : commit.data) ? 2 : preview.data ? 1 : 0;

  const again = () => {
    commit.reset();
    preview.reset();
    setFile(null);
  };

  const confirm = () => {
    if (!file) return;
    commit.mutate(file, {
      onSuccess: (r) => {
        void message.success(doneText(r));
        if (leaveWhenDone) navigate(back.to);
      },
    });
  };

  return (
    <div>
      <PageHeader
        title={title}
        extra={
          <Link to={back.to} data-testid={`${testId}-back`}>
            <Button icon={<ArrowLeftOutlined />}>{back.label}</Button>
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
      {commit.data && !leaveWhenDone ? (
        <Card data-testid={`${testId}-done`}>
          <Result
            status="success"
            title={t('import.doneTitle')}
            subTitle={doneText(commit.data)}
            extra={
              <Space wrap>
                <Button type="primary" onClick={() => navigate(back.to)}>
                  {back.label}
                </Button>
                <Button onClick={again}>{t('import.again')}</Button>
              </Space>
            }
          />
        </Card>
      ) : (
        <Card>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {template ? (
              <>
                <div>
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                    {intro}
                  </Typography.Paragraph>
                  <Button
                    icon={<DownloadOutlined />}
                    data-testid={`${testId}-template`}
                    onClick={() => {
                      setDownloadError(null);
                      template.download().catch(setDownloadError);
                    }}
                  >
                    {template.label}
                  </Button>
                </div>
                <ErrorAlert error={downloadError} />
              </>
            ) : (
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {intro}
              </Typography.Paragraph>
            )}
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              beforeUpload={choose}
              data-testid={`${testId}-file`}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{file ? file.name : t('import.drop')}</p>
              <p className="ant-upload-hint">{t('import.dropHint')}</p>
            </Upload.Dragger>
            <ErrorAlert error={preview.error} />
            {preview.data && summary && (
              <>
                <Space wrap data-testid={`${testId}-summary`}>
                  <Tag color="green">{t('import.summary.create', { n: summary.create })}</Tag>
                  <Tag color="blue">{t('import.summary.update', { n: summary.update })}</Tag>
                  <Tag>{t('import.summary.unchanged', { n: summary.unchanged })}</Tag>
                  {summary.skipped !== undefined && <Tag color="orange">{t('import.summary.skipped', { n: summary.skipped })}</Tag>}
                  <Tag color="red">{t('import.summary.error', { n: summary.error })}</Tag>
                </Space>
                {missingColumns && missing.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    data-testid={`${testId}-missing-columns`}
                    title={missingColumns.message(missing.map(missingColumns.label).join(lang === 'en' ? ', ' : '、'))}
                  />
                )}
                {hasErrors && <Alert type="error" showIcon title={t('import.fixErrors')} />}
                {!hasErrors && pending && <Alert type="warning" showIcon data-testid={`${testId}-pending`} title={pending} />}
                <Table<R>
                  data-testid={`${testId}-preview`}
                  rowKey="row"
                  size="small"
                  columns={allColumns}
                  dataSource={preview.data.rows}
                  pagination={preview.data.rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
                  scroll={TABLE_SCROLL}
                  onRow={(r) =>
                    ({
                      'data-testid': `${testId}-row-${r.row}`,
                      'data-action': r.action,
                      style: r.action === 'error' ? { background: '#fff1f0' } : undefined,
                    }) as React.HTMLAttributes<HTMLElement>
                  }
                />
                <ErrorAlert error={commit.error} />
                <div style={{ textAlign: 'right' }}>
                  <Button
                    type="primary"
                    disabled={!file || hasErrors || nothingToDo || Boolean(pending)}
                    loading={commit.isPending}
                    data-testid={`${testId}-commit`}
                    onClick={confirm}
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
