/*
 * 媒体刊播记录: where and when a published typical case ran, with its link. The office or a media
 * partner records a run (`canRecordRun`); the outlet is typed or picked from the campaign's
 * mainstream media (`exposure.outlets`), the day defaults to today.
 *
 * Test ids:
 *   typical-runs (the list, data-count), typical-run-<id>; RunForm: run-form, run-outlet (the
 *   input), run-date, run-link, run-add.
 */
import { App as AntApp, AutoComplete, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useAddRun, type Typical, type TypicalRun } from '../../api/exposures';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { todayInShanghai } from '../../lib/format';
import { dayOf } from './parts';

interface Values {
  outlet?: string;
  ranOn?: Dayjs | null;
  link?: string;
}

const LINK = /^https?:\/\/[^\s]+$/i;

export function RunList({ runs }: { runs: TypicalRun[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ordered = [...runs].sort((a, b) => (a.ranOn < b.ranOn ? 1 : a.ranOn > b.ranOn ? -1 : b.id - a.id));
  return (
    <div data-testid="typical-runs" data-count={runs.length}>
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('exposures.noRuns')} />
      ) : (
        ordered.map((r) => (
          <div key={r.id} data-testid={`typical-run-${r.id}`} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0', minWidth: 0 }}>
            <Space size={8} wrap>
              <Typography.Text strong>{r.outlet}</Typography.Text>
              <Typography.Text type="secondary">{dayOf(r.ranOn, lang)}</Typography.Text>
            </Space>
            {r.link && (
              <div style={{ wordBreak: 'break-all' }}>
                <a href={r.link} target="_blank" rel="noopener noreferrer">
                  {r.link}
                </a>
              </div>
            )}
            {r.recordedBy && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('exposures.recordedBy', { name: r.recordedBy.displayName })}
              </Typography.Text>
            )}
          </div>
        ))
      )}
    </div>
  );
}

export function RunForm({ campaignId, typical, outlets, onDone }: { campaignId: number; typical: Pick<Typical, 'id'>; outlets: string[]; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const add = useAddRun(campaignId, typical.id);
  const typed = Form.useWatch('outlet', form) ?? '';

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    add.mutate(
      { outlet: (v.outlet ?? '').trim(), ranOn: (v.ranOn ?? dayjs(todayInShanghai())).format('YYYY-MM-DD'), link: v.link?.trim() ? v.link.trim() : null },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('exposures.runAdded'));
          onDone?.();
        },
      },
    );
  };

  const options = outlets.filter((o) => !typed || o.includes(typed.trim())).map((o) => ({ value: o }));

  return (
    <Form<Values> form={form} layout="vertical" data-testid="run-form" initialValues={{ ranOn: dayjs(todayInShanghai()) }} disabled={add.isPending}>
      <ErrorAlert error={add.error} form={form} listFields />
      <Row gutter={12}>
        <Col xs={24}>
          <Form.Item
            name="outlet"
            label={t('exposures.fields.outlet')}
            rules={[
              { required: true, whitespace: true, message: t('exposures.requiredInput', { field: t('exposures.fields.outlet') }) },
              { max: 100, message: t('exposures.tooLong', { field: t('exposures.fields.outlet'), n: 100 }) },
            ]}
          >
            <AutoComplete options={options} popupMatchSelectWidth={false}>
              <Input data-testid="run-outlet" maxLength={100} placeholder={t('exposures.outletPlaceholder')} />
            </AutoComplete>
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item
            name="ranOn"
            label={t('exposures.fields.ranOn')}
            rules={[{ required: true, message: t('exposures.requiredSelect', { field: t('exposures.fields.ranOn') }) }]}
          >
            <DatePicker data-testid="run-date" style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(todayInShanghai()), 'day')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="link" label={t('exposures.fields.link')} rules={[{ pattern: LINK, message: t('exposures.linkInvalid') }]}>
            <Input data-testid="run-link" maxLength={500} inputMode="url" placeholder="https://" />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" data-testid="run-add" loading={add.isPending} onClick={() => void submit()}>
        {t('exposures.runAdd')}
      </Button>
    </Form>
  );
}

export function TypicalRuns({ campaignId, typical, outlets }: { campaignId: number; typical: Typical; outlets: string[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('exposures.sectionRuns')} style={{ marginBottom: 12 }}>
      <RunList runs={typical.runs} />
      {typical.canRecordRun && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
            {t('exposures.runNew')}
          </Typography.Text>
          <RunForm campaignId={campaignId} typical={typical} outlets={outlets} />
        </div>
      )}
    </Card>
  );
}
