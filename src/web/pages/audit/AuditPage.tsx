import { TABLE_SCROLL } from '../../components/table';
import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAudit, type AuditFilter } from '../../api/audit';
import type { AuditItem } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { addDays, formatDateTime, shanghaiDayStart } from '../../lib/format';
import { auditActionLabel, auditActionLabels, auditEntityLabel, auditEntityLabels } from '../../../domain/audit/audit.vocabulary';

/** The filter offers words; the value sent to the API is the code. */
function wordOptions(table: Record<string, { zh: string; en: string }>, lang: 'zh' | 'en') {
  return Object.entries(table)
    .map(([code, words]) => ({ value: code, label: words[lang] }))
    .sort((a, b) => a.label.localeCompare(b.label, lang === 'zh' ? 'zh-CN' : 'en'));
}

function show(v: unknown): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v, null, 1);
}

interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
  inBefore: boolean;
  inAfter: boolean;
}

export function diffRows(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffRow[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((key) => {
    const b = before?.[key];
    const a = after?.[key];
    const inBefore = before !== null && key in before;
    const inAfter = after !== null && key in after;
    return { key, before: b, after: a, inBefore, inAfter, changed: JSON.stringify(b) !== JSON.stringify(a) };
  });
}

function Diff({ item }: { item: AuditItem }) {
  const { t } = useTranslation();
  const rows = diffRows(item.before, item.after);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noData')}</Typography.Text>;
  const cellStyle = { whiteSpace: 'pre-wrap' as const, wordBreak: 'break-all' as const, maxWidth: 360, minWidth: 120, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 };
  return (
    <Table<DiffRow>
      data-testid="audit-diff"
      size="small"
      rowKey="key"
      pagination={false}
      scroll={TABLE_SCROLL}
      dataSource={rows}
      onRow={(r) => (r.changed ? { style: { background: '#fffbe6' } } : {})}
      columns={[
        { title: t('audit.field'), dataIndex: 'key', key: 'key', width: 160, render: (k: string, r) => (r.changed ? <strong>{k}</strong> : k) },
        {
          title: t('audit.before'),
          key: 'before',
          width: 280,
          render: (_, r) =>
            r.inBefore ? (
              <div style={{ ...cellStyle, color: r.changed ? '#cf1322' : undefined, textDecoration: r.changed ? 'line-through' : undefined }}>
                {show(r.before)}
              </div>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
        {
          title: t('audit.after'),
          key: 'after',
          width: 280,
          render: (_, r) =>
            r.inAfter ? (
              <div style={{ ...cellStyle, color: r.changed ? '#389e0d' : undefined }}>{show(r.after)}</div>
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            ),
        },
      ]}
    />
  );
}

interface FilterValues {
  actor?: string;
  action?: string;
  entityType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: 20 });
  const { data, isFetching, error } = useAudit(filter);

  const apply = (v: FilterValues) => {
    const from = v.range?.[0]?.format('YYYY-MM-DD');
    const to = v.range?.[1]?.format('YYYY-MM-DD');
    setFilter({
      page: 1,
      pageSize: filter.pageSize,
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      entityType: v.entityType?.trim() || undefined,
      // Days are Shanghai days; "to" includes the whole of its day.
      from: from ? shanghaiDayStart(from) : undefined,
      to: to ? shanghaiDayStart(addDays(to, 1)) : undefined,
    });
  };

  const columns: TableColumnsType<AuditItem> = [
    { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span> },
    {
      title: t('audit.actor'),
      key: 'actor',
      width: 120,
      render: (_, r) => r.actor?.username ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>,
    },
    { title: t('audit.unit'), key: 'unit', width: 160, render: (_, r) => r.unit?.name ?? '—' },
    { title: t('audit.action'), dataIndex: 'action', key: 'action', width: 180, render: (v: string) => <Tag title={v}>{auditActionLabel(v, lang)}</Tag> },
    { title: t('audit.entityType'), dataIndex: 'entityType', key: 'entityType', width: 120, render: (v: string) => <span title={v}>{auditEntityLabel(v, lang)}</span> },
    { title: t('audit.entityId'), dataIndex: 'entityId', key: 'entityId', width: 100, render: (v: unknown) => (v === null || v === undefined ? '—' : String(v)) },
  ];

  return (
    <div>
      <PageHeader title={t('nav.audit')} />
      <Card style={{ marginBottom: 12 }}>
        <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }} data-testid="audit-filter">
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear showSearch optionFilterProp="label" data-testid="audit-action-filter"
              placeholder={t('audit.anyAction')} style={{ width: 200 }} options={wordOptions(auditActionLabels, lang)}
            />
          </Form.Item>
          <Form.Item name="entityType" label={t('audit.entityType')}>
            <Select
              allowClear showSearch optionFilterProp="label" data-testid="audit-type-filter"
              placeholder={t('audit.anyType')} style={{ width: 160 }} options={wordOptions(auditEntityLabels, lang)}
            />
          </Form.Item>
          <Form.Item name="range" label={t('audit.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ maxWidth: '100%' }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              {t('common.search')}
            </Button>
          </Form.Item>
          <Form.Item>
            <Button
              onClick={() => {
                form.resetFields();
                setFilter({ page: 1, pageSize: filter.pageSize });
              }}
            >
              {t('common.reset')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={error} />
      <Card>
        <Table<AuditItem>
          data-testid="audit-table"
          rowKey="id"
          size="middle"
          loading={isFetching}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={TABLE_SCROLL}
          expandable={{ expandedRowRender: (r) => <Diff item={r} />, rowExpandable: (r) => r.before !== null || r.after !== null }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (n) => t('common.totalItems', { n }),
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
          }}
        />
      </Card>
    </div>
  );
}
