import { wrapCell } from '../../components/table';
import { useMemo, useState } from 'react';
import { App as AntApp, Card, Col, DatePicker, Form, Input, Modal, Progress, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useObligationMatrix, useRecordFulfilment } from '../../api/obligations';
import { OBLIGATION_STATUSES, type MatrixCell, type ObligationMatrix, type UnitType } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { STATUS_COLOR, UnitTypeTag } from '../../components/tags';
import { UnitTable } from '../../components/UnitTable';
import { UnitTypeFilter } from '../../components/UnitTypeFilter';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline, tx } from '../../lib/format';

type Row = ObligationMatrix['rows'][number];

interface RecordTarget {
  key: string;
  obligation: string;
  unitId: number;
  unitName: string;
}

function RecordModal({ campaignId, target, onClose }: { campaignId: number; target: RecordTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ at?: Dayjs; note?: string }>();
  const record = useRecordFulfilment(campaignId);
  const submit = async () => {
    const v = await form.validateFields();
    record.mutate(
      { key: target.key, unitId: target.unitId, at: v.at ? v.at.toISOString() : undefined, note: v.note?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t('matrix.recorded'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open
      title={t('matrix.recordTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ loading: record.isPending }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {target.unitName} · {target.obligation}
      </Typography.Paragraph>
      <ErrorAlert error={record.error} form={form} />
      <Form form={form} layout="vertical">
        <Form.Item name="at" label={t('matrix.receivedAt')} extra={t('matrix.receivedAtHint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('matrix.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ObligationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const [unitType, setUnitType] = useState<UnitType | undefined>(undefined);
  const { data, isLoading, error } = useObligationMatrix(currentId, unitType);
  const [target, setTarget] = useState<RecordTarget | null>(null);
  const mayRecord = can('obligations.record');

  const columns: TableColumnsType<Row> = useMemo(() => {
    const obligations = data?.obligations ?? [];
    return [
      {
        title: t('matrix.unit'),
        key: 'unit',
        fixed: 'left',
        width: 150,
        render: (_, r) => (
          <div style={wrapCell(160)}>
            <div style={{ fontWeight: 500 }}>{r.unit.shortName || r.unit.name}</div>
            <UnitTypeTag type={r.unit.type} />
          </div>
        ),
      },
      ...obligations.map((o) => ({
        key: o.key,
        width: 140,
        title: (
          <div style={wrapCell(160)}>
            <div>{tx(o.name, lang)}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {formatDeadline(o.due, lang)}
            </Typography.Text>
          </div>
        ),
        render: (_: unknown, r: Row) => {
          const cell: MatrixCell | null | undefined = r.cells[o.key];
          if (!cell) {
            return (
              <Typography.Text type="secondary" data-cell="na" data-testid={`matrix-cell-${r.unit.code}-${o.key}`}>
                {t('matrix.notApplicable')}
              </Typography.Text>
            );
          }
          // A returned form waits for the unit's correction: nothing for the office to record offline.
          const done = cell.status === 'done_on_time' || cell.status === 'done_late' || cell.status === 'returned';
          const tag = (
            <Tag
              color={STATUS_COLOR[cell.status]}
              data-cell={cell.status}
              data-testid={`matrix-cell-${r.unit.code}-${o.key}`}
              style={{ marginInlineEnd: 0, cursor: mayRecord && !done ? 'pointer' : undefined }}
              onClick={
                mayRecord && !done
                  ? () => setTarget({ key: o.key, obligation: tx(o.name, lang), unitId: r.unit.id, unitName: r.unit.name })
                  : undefined
              }
            >
              {t(`status.${cell.status}`)}
              {cell.count > 1 ? ` ×${cell.count}` : ''}
            </Tag>
          );
          const tip = cell.fulfilledAt
            ? `${t(cell.status === 'returned' ? 'todo.firstSubmittedAt' : 'todo.fulfilledAt')}${t('punct.colon')}${formatDateTime(cell.fulfilledAt, lang)}`
            : mayRecord
              ? t('matrix.clickToRecord')
              : undefined;
          return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
        },
      })),
    ];
  }, [data, lang, t, mayRecord]);

  if (gate) return gate;

  const obligations = data?.obligations ?? [];

  return (
    <div>
      <PageHeader
        title={t('nav.obligations')}
        extra={
          <UnitTypeFilter value={unitType} onChange={setUnitType} testId="matrix-unit-type" />
        }
      />
      <ErrorAlert error={error} />
      {obligations.length > 0 && data && (
        <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="matrix-summary">
          {obligations.map((o) => {
            const s = data.summary[o.key] ?? { applicable: 0, done: 0, onTime: 0, overdue: 0 };
            const pct = s.applicable ? Math.round((s.done / s.applicable) * 100) : 0;
            return (
              <Col key={o.key} xs={12} md={8} xl={6}>
                <Card size="small" style={{ height: '100%' }}>
                  <div style={{ fontWeight: 500, marginBottom: 4 }}>{tx(o.name, lang)}</div>
                  <Progress percent={pct} size="small" status={s.overdue > 0 ? 'exception' : undefined} />
                  <Space wrap size={4} style={{ fontSize: 12 }}>
                    <span>{t('matrix.done', { done: s.done, applicable: s.applicable })}</span>
                    <Tag color="green">{t('matrix.onTime', { n: s.onTime })}</Tag>
                    <Tag color="red">{t('matrix.overdue', { n: s.overdue })}</Tag>
                  </Space>
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <Card>
        <Space wrap size={4} style={{ marginBottom: 12 }}>
          <Typography.Text type="secondary">{t('matrix.legend')}{t('punct.colon')}</Typography.Text>
          {OBLIGATION_STATUSES.map((s) => (
            <Tag key={s} color={STATUS_COLOR[s]}>
              {t(`status.${s}`)}
            </Tag>
          ))}
          <Typography.Text type="secondary">— {t('matrix.notApplicable')}</Typography.Text>
        </Space>
        <UnitTable<Row>
          data-testid="matrix-table"
          loading={isLoading}
          columns={columns}
          dataSource={data?.rows ?? []}
          summary={() =>
            obligations.length > 0 && data ? (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <strong>{t('matrix.completion')}</strong>
                  </Table.Summary.Cell>
                  {obligations.map((o, i) => {
                    const s = data.summary[o.key];
                    return (
                      <Table.Summary.Cell key={o.key} index={i + 1}>
                        {s ? `${s.done}/${s.applicable}` : '—'}
                      </Table.Summary.Cell>
                    );
                  })}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </Card>
      {target && currentId !== undefined && <RecordModal campaignId={currentId} target={target} onClose={() => setTarget(null)} />}
    </div>
  );
}
