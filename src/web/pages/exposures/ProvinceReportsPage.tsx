/*
 * `/province-reports`: 曝光报送, the monthly report of exposures to the province office
 * (曝光情况报送表). One row per month of the Tour: how many cases were exposed, whether it has been
 * sent (when, to whom), a preview of its rows, the xlsx and docx; the city office marks a month
 * sent, after which its content is frozen as it was sent.
 *
 * Test ids:
 *   province-table, province-month-<YYYY-MM> (a row; data-sent), province-status-<YYYY-MM>
 *   (data-status sent|unsent), province-preview-<YYYY-MM>, province-xlsx-<YYYY-MM>,
 *   province-docx-<YYYY-MM>, province-send-<YYYY-MM>; the preview: province-preview (data-month,
 *   data-count), province-row-<n>, province-frozen; the send dialog: province-send-modal,
 *   province-sent-to, province-sent-on, province-send-submit, province-send-cancel.
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Grid, Input, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EyeOutlined, LockOutlined, SendOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  downloadProvinceReport,
  useProvinceReport,
  useProvinceReports,
  useSendProvinceReport,
  type ProvinceMonth,
  type ProvinceRow,
} from '../../api/exposures';
import { useCampaign } from '../../api/campaigns';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { todayInShanghai } from '../../lib/format';
import { dayOf, formatMonth, useExposureCampaign } from './parts';

/** Where the report goes unless the office says otherwise. */

export default function ProvinceReportsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const can = useCan();
  const { campaignId } = useExposureCampaign();
  const { data: months, isFetching, error } = useProvinceReports(campaignId);
  const [preview, setPreview] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const isPhone = !Grid.useBreakpoint().md;

  const status = (m: ProvinceMonth) => (
    <div data-testid={`province-status-${m.month}`} data-status={m.sent ? 'sent' : 'unsent'} style={wrapCell(260)}>
      {m.sent ? (
        <Space size={4} wrap>
          <Tag color="green" icon={<LockOutlined />} style={{ marginInlineEnd: 0 }}>
            {t('exposures.sent')}
          </Tag>
          <Typography.Text type="secondary">{t('exposures.sentOnTo', { date: dayOf(m.sent.at, lang), to: m.sent.to })}</Typography.Text>
        </Space>
      ) : (
        <Tag style={{ marginInlineEnd: 0 }}>{t('exposures.unsent')}</Tag>
      )}
    </div>
  );
  const actions = (m: ProvinceMonth) => (
    <Space size={6} wrap>
      <Button size="small" icon={<EyeOutlined />} data-testid={`province-preview-${m.month}`} onClick={() => setPreview(m.month)}>
        {t('exposures.preview')}
      </Button>
      {campaignId !== undefined && (
        <>
          <DownloadButton size="small" data-testid={`province-xlsx-${m.month}`} download={() => downloadProvinceReport(campaignId, m.month, 'xlsx')}>
            xlsx
          </DownloadButton>
          <DownloadButton size="small" data-testid={`province-docx-${m.month}`} download={() => downloadProvinceReport(campaignId, m.month, 'docx')}>
            docx
          </DownloadButton>
        </>
      )}
      {can('exposures.send') && !m.sent && (
        <Button size="small" type="primary" icon={<SendOutlined />} data-testid={`province-send-${m.month}`} onClick={() => setSending(m.month)}>
          {t('exposures.markSent')}
        </Button>
      )}
    </Space>
  );

  const columns: TableColumnsType<ProvinceMonth> = [
    { title: t('exposures.month'), key: 'month', render: (_, m) => <span style={{ whiteSpace: 'nowrap' }}>{formatMonth(m.month, lang)}</span> },
    { title: t('exposures.casesExposed'), key: 'cases', align: 'right', render: (_, m) => <span data-testid={`province-cases-${m.month}`}>{m.cases}</span> },
    { title: t('exposures.sentStatus'), key: 'sent', render: (_, m) => status(m) },
    { title: t('common.actions'), key: 'actions', render: (_, m) => actions(m) },
  ];

  if (gate) return gate;

  return (
    <div>
      <PageHeader title={t('nav.provinceReports')} sub={t('exposures.provinceSub')} />
      <ErrorAlert error={error} />
      {isPhone ? (
        // A phone shows each month as a card, its buttons in reach without scrolling sideways.
        <div data-testid="province-table">
          {isFetching && !months && <Spin />}
          {(months ?? []).map((m) => (
            <Card
              key={m.month}
              size="small"
              data-testid={`province-month-${m.month}`}
              data-sent={m.sent ? 'true' : 'false'}
              style={{ marginBottom: 8 }}
              title={formatMonth(m.month, lang)}
              extra={<span data-testid={`province-cases-${m.month}`}>{t('exposures.casesExposedN', { n: m.cases })}</span>}
            >
              <div style={{ marginBottom: 8 }}>{status(m)}</div>
              {actions(m)}
            </Card>
          ))}
        </div>
      ) : (
        <Card>
          <Table<ProvinceMonth>
            data-testid="province-table"
            rowKey="month"
            size="middle"
            loading={isFetching}
            columns={columns}
            dataSource={months ?? []}
            scroll={TABLE_SCROLL}
            pagination={false}
            locale={{ emptyText: <Typography.Text type="secondary">{t('exposures.provinceEmpty')}</Typography.Text> }}
            onRow={(m) => ({ 'data-testid': `province-month-${m.month}`, 'data-sent': m.sent ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}
      {preview && campaignId !== undefined && <PreviewModal campaignId={campaignId} month={preview} onClose={() => setPreview(null)} />}
      {sending && campaignId !== undefined && <SendModal campaignId={campaignId} month={sending} onClose={() => setSending(null)} />}
    </div>
  );
}

function PreviewModal({ campaignId, month, onClose }: { campaignId: number; month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: report, error, isLoading } = useProvinceReport(campaignId, month);

  const columns = useMemo<TableColumnsType<ProvinceRow & { n: number }>>(
    () => [
      { title: t('exposures.rowNumber'), key: 'n', render: (_, r) => r.n },
      { title: t('exposures.fields.title'), key: 'title', render: (_, r) => <div style={wrapCell(220)}>{r.title}</div> },
      {
        title: t('exposures.fields.subject'),
        key: 'subject',
        render: (_, r) => (
          <div style={wrapCell(180)}>
            {r.subject}
            {r.sector && <Typography.Text type="secondary">{` · ${r.sector}`}</Typography.Text>}
          </div>
        ),
      },
      { title: t('exposures.publishedOn'), key: 'publishedOn', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{dayOf(r.publishedOn, lang)}</span> },
      {
        title: t('exposures.outlets'),
        key: 'outlets',
        render: (_, r) => (
          <div style={wrapCell(260)}>
            {r.outlets.length === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              r.outlets.map((o, i) => (
                <div key={i} style={{ wordBreak: 'break-all' }}>
                  {o.outlet} · {dayOf(o.ranOn, lang)}
                  {o.link && (
                    <>
                      {' · '}
                      <a href={o.link} target="_blank" rel="noopener noreferrer">
                        {t('exposures.link')}
                      </a>
                    </>
                  )}
                </div>
              ))
            )}
          </div>
        ),
      },
      {
        title: t('exposures.fields.handling'),
        key: 'handling',
        render: (_, r) => (
          <div style={wrapCell(320)}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{r.handling}</div>
            <Space size={4} wrap>
              {r.dualPenalty && <Tag color="red">{t('exposures.fields.dualPenalty')}</Tag>}
              {r.criminalTransfer && <Tag color="red">{t('exposures.fields.criminalTransfer')}</Tag>}
            </Space>
          </div>
        ),
      },
    ],
    [t, lang],
  );

  return (
    <Modal
      open
      width={1100}
      style={{ maxWidth: 'calc(100vw - 16px)', top: 24 }}
      title={t('exposures.previewTitle', { month: formatMonth(month, lang) })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.done')}</Button>}
    >
      <ErrorAlert error={error} />
      {isLoading || !report ? (
        !error && <Spin />
      ) : (
        <div data-testid="province-preview" data-month={month} data-count={report.rows.length}>
          {report.sent && (
            <Alert
              type="success"
              showIcon
              icon={<LockOutlined />}
              data-testid="province-frozen"
              style={{ marginBottom: 12 }}
              title={t('exposures.frozen', {
                date: dayOf(report.sent.at, lang),
                to: report.sent.to,
                by: report.sent.by?.displayName ?? '—',
              })}
            />
          )}
          <Table<ProvinceRow & { n: number }>
            rowKey="n"
            size="small"
            columns={columns}
            dataSource={report.rows.map((r, i) => ({ ...r, n: i + 1 }))}
            scroll={TABLE_SCROLL}
            pagination={false}
            locale={{ emptyText: <Typography.Text type="secondary">{t('exposures.monthEmpty')}</Typography.Text> }}
            onRow={(r) => ({ 'data-testid': `province-row-${r.n}` }) as React.HTMLAttributes<HTMLElement>}
          />
        </div>
      )}
    </Modal>
  );
}

function SendModal({ campaignId, month, onClose }: { campaignId: number; month: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = AntApp.useApp();
  const send = useSendProvinceReport(campaignId);
  const [form] = Form.useForm<{ sentTo?: string; sentOn?: Dayjs | null }>();
  // The recipient the plan names (identity.reportsTo), in the report's language (Chinese).
  const recipient = useCampaign(campaignId).data?.definition.identity.reportsTo?.zh ?? '';

  const submit = async () => {
    let v: { sentTo?: string; sentOn?: Dayjs | null };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    send.mutate(
      { month, sentTo: (v.sentTo ?? '').trim(), sentOn: v.sentOn ? v.sentOn.format('YYYY-MM-DD') : undefined },
      {
        onSuccess: () => {
          void message.success(t('exposures.sentDone', { month: formatMonth(month, lang) }));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('exposures.sendTitle', { month: formatMonth(month, lang) })}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Space>
          <Button data-testid="province-send-cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" data-testid="province-send-submit" loading={send.isPending} onClick={() => void submit()}>
            {t('exposures.markSent')}
          </Button>
        </Space>
      }
    >
      <div data-testid="province-send-modal">
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('exposures.sendHint')} />
        <ErrorAlert error={send.error} form={form} listFields />
        <Form form={form} layout="vertical" initialValues={{ sentTo: recipient, sentOn: dayjs(todayInShanghai()) }} disabled={send.isPending}>
          <Form.Item
            name="sentTo"
            label={t('exposures.fields.sentTo')}
            rules={[
              { required: true, whitespace: true, message: t('exposures.requiredInput', { field: t('exposures.fields.sentTo') }) },
              { max: 200, message: t('exposures.tooLong', { field: t('exposures.fields.sentTo'), n: 200 }) },
            ]}
          >
            <Input data-testid="province-sent-to" maxLength={200} />
          </Form.Item>
          <Form.Item name="sentOn" label={t('exposures.fields.sentOn')}>
            <DatePicker data-testid="province-sent-on" style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(todayInShanghai()), 'day')} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
