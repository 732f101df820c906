import { useEffect, useMemo } from 'react';
import { App as AntApp, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMyLiaison, useSubmitLiaison, type LiaisonField, type LiaisonValues, type LiaisonVersion } from '../../api/liaisons';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { TABLE_SCROLL, wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline, tx } from '../../lib/format';

const INPUT_MODE: Record<LiaisonField['type'], 'text' | 'tel' | 'email' | 'decimal'> = {
  text: 'text', mobile: 'tel', phone: 'tel', email: 'email', number: 'decimal', date: 'text', choice: 'text',
};

function placeholderOf(f: LiaisonField): string | undefined {
  if (f.type === 'mobile') return '13800000000';
  if (f.type === 'phone') return '0871-63104019';
  if (f.type === 'email') return 'name@example.gov.cn';
  if (f.type === 'date') return '2022-06-01';
  return undefined;
}

/** 附件1 联络员反馈表 for the caller's own unit: the form, its current version and the history. */
export default function LiaisonPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const { message } = AntApp.useApp();
  const { currentId } = useCurrentCampaign();
  const { data, isLoading, error } = useMyLiaison(currentId);
  const submit = useSubmitLiaison(currentId ?? 0);
  const [form] = Form.useForm<{ values: LiaisonValues }>();

  // The form starts from the current version, so a correction only changes what it must.
  const currentVersion = data?.current?.version;
  useEffect(() => {
    if (data) form.setFieldsValue({ values: { ...(data.current?.values ?? {}) } });
  }, [currentVersion, data === undefined]);

  const labelOf = useMemo(() => {
    const m = new Map((data?.fields ?? []).map((f) => [f.key, tx(f.label, lang)]));
    return (key: string) => m.get(key) ?? key;
  }, [data, lang]);

  if (gate) return gate;

  const onFinish = (v: { values?: LiaisonValues }) => {
    const values: LiaisonValues = {};
    for (const [k, val] of Object.entries(v.values ?? {})) if (typeof val === 'string') values[k] = val;
    submit.mutate(
      { unitId: data?.unit.id, values },
      { onSuccess: (r) => void message.success(t('liaison.submitted', { version: r.version })) },
    );
  };

  const groups: { key: LiaisonField['group']; title: string }[] = [
    { key: 'liaison', title: t('liaison.groupLiaison') },
    { key: 'leader', title: t('liaison.groupLeader') },
  ];

  const historyColumns: TableColumnsType<LiaisonVersion> = [
    { title: t('liaison.version'), dataIndex: 'version', key: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('liaison.submittedAt'), dataIndex: 'submittedAt', key: 'submittedAt', width: 170, render: (v: string) => formatDateTime(v, lang) },
    { title: t('liaison.submittedBy'), key: 'by', width: 140, render: (_, r) => r.submittedBy?.displayName || r.submittedBy?.username || '—' },
    {
      title: t('liaison.status'),
      key: 'late',
      width: 90,
      render: (_, r) => (r.late ? <Tag color="gold">{t('liaison.status_late')}</Tag> : <Tag color="green">{t('liaison.status_on_time')}</Tag>),
    },
    {
      title: t('liaison.changes'),
      key: 'changes',
      render: (_, r) =>
        r.changes.length === 0 ? (
          <Typography.Text type="secondary">{t('liaison.noChanges')}</Typography.Text>
        ) : (
          <div style={wrapCell(520)}>
            {r.changes.map((c) => (
              <div key={c.key}>
                <strong>{labelOf(c.key)}</strong>
                {t('punct.colon')}
                {c.before !== null && (
                  <>
                    <Typography.Text delete type="secondary">{c.before}</Typography.Text>{' → '}
                  </>
                )}
                {c.after ?? <Typography.Text type="secondary">{t('liaison.cleared')}</Typography.Text>}
              </div>
            ))}
          </div>
        ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('liaison.title')}
        sub={data ? `${data.unit.name}${data.due ? ` · ${t('liaison.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : ''}` : undefined}
      />
      <ErrorAlert error={error} />
      <Card loading={isLoading} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('liaison.currentVersion')}>
            <span data-testid="liaison-current-version">
              {data?.current ? `v${data.current.version}` : t('liaison.notSubmitted')}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('liaison.submittedAt')}>
            {data?.current ? formatDateTime(data.current.submittedAt, lang) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('liaison.status')}>
            {data?.versions.length ? (
              data.versions[data.versions.length - 1]!.late ? (
                <Tag color="gold" data-testid="liaison-status">{t('liaison.status_late')}</Tag>
              ) : (
                <Tag color="green" data-testid="liaison-status">{t('liaison.status_on_time')}</Tag>
              )
            ) : (
              <Tag data-testid="liaison-status">{t('liaison.status_missing')}</Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
        <ErrorAlert error={submit.error} form={form} />
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          data-testid="liaison-form"
          // The server judges the values; its message on a field goes once the field is edited.
          onValuesChange={(changed: { values?: LiaisonValues }) =>
            form.setFields(Object.keys(changed.values ?? {}).map((k) => ({ name: ['values', k], errors: [] })))
          }
        >
          <Row gutter={16}>
            {groups.map((g) => {
              const fields = (data?.fields ?? []).filter((f) => f.group === g.key);
              if (fields.length === 0) return null;
              return (
                <Col key={g.key} xs={24} lg={12}>
                  <Typography.Title level={5}>{g.title}</Typography.Title>
                  {fields.map((f) => (
                    <Form.Item key={f.key} name={['values', f.key]} label={tx(f.label, lang)} required={f.required}>
                      {f.type === 'choice' ? (
                        <Select
                          data-testid={`liaison-${f.key}`}
                          allowClear
                          options={(f.options ?? []).map((o) => ({ value: o.zh, label: tx(o, lang) }))}
                        />
                      ) : (
                        <Input
                          data-testid={`liaison-${f.key}`}
                          inputMode={INPUT_MODE[f.type]}
                          // A native date picker gives YYYY-MM-DD, the form the server takes, on phones too.
                          type={f.type === 'date' ? 'date' : f.type === 'email' ? 'text' : undefined}
                          placeholder={placeholderOf(f)}
                          maxLength={200}
                          autoComplete="off"
                        />
                      )}
                    </Form.Item>
                  ))}
                </Col>
              );
            })}
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="liaison-submit">
              {data?.current ? t('liaison.resubmit') : t('liaison.submit')}
            </Button>
            {data?.current && <Typography.Text type="secondary">{t('liaison.resubmitHint')}</Typography.Text>}
          </Space>
        </Form>
      </Card>
      <Card title={t('liaison.history')}>
        {data && data.versions.length === 0 ? (
          <Empty description={t('liaison.noHistory')} />
        ) : (
          <Table<LiaisonVersion>
            data-testid="liaison-history"
            rowKey="id"
            size="small"
            loading={isLoading}
            columns={historyColumns}
            dataSource={data?.versions ?? []}
            pagination={false}
            scroll={TABLE_SCROLL}
          />
        )}
      </Card>
    </div>
  );
}
