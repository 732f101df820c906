/*
 * What the case says happened, who reported it (or that only the office's case desk may know),
 * and what the handling has produced so far (refusal, findings, requirement, report, reply).
 *
 * Test ids:
 *   case-facts, case-whistleblower (the 内部吹哨人 tag), case-description, case-reporter,
 *   case-reporter-hidden, case-reporter-name, case-reporter-phone, case-outcome,
 *   case-merged-into, case-merged-<id>.
 */
import { Link } from 'react-router-dom';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Case } from '../../api/cases';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { CaseSourceTag, dayOf } from './parts';

const long: React.CSSProperties = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' };

export function CaseFacts({ c }: { c: Case }) {
  const { t } = useTranslation();
  const lang = useLang();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;

  const items: DescriptionsProps['items'] = [
    { key: 'category', label: t('cases.category'), children: tx(c.category.name, lang) },
    {
      key: 'source',
      label: t('cases.source'),
      children: (
        <Space size={4} wrap>
          <CaseSourceTag source={c.source} />
          {c.whistleblower && (
            <Tag color="red" data-testid="case-whistleblower" style={{ marginInlineEnd: 0 }}>
              {t('cases.whistleblowerTag')}
            </Tag>
          )}
        </Space>
      ),
    },
    { key: 'county', label: t('cases.county'), children: c.county?.name ?? dash },
    { key: 'address', label: t('cases.fields.address'), children: c.address ? <span style={long}>{c.address}</span> : dash },
    ...(c.latitude !== null && c.longitude !== null
      ? [{ key: 'coords', label: t('cases.coordinates'), children: `${c.latitude.toFixed(6)}, ${c.longitude.toFixed(6)}` }]
      : []),
    { key: 'enterprise', label: t('cases.fields.enterprise'), children: c.enterprise ? <span style={long}>{c.enterprise}</span> : dash },
    { key: 'occurredOn', label: t('cases.fields.occurredOn'), children: c.occurredOn ? dayOf(c.occurredOn, lang) : dash },
    { key: 'receivedOn', label: t('cases.receivedOn'), children: dayOf(c.receivedOn, lang) },
    ...(c.filedByUnit ? [{ key: 'filedBy', label: t('cases.filedByUnit'), children: c.filedByUnit.name }] : []),
    ...(c.posterUnit ? [{ key: 'poster', label: t('cases.posterUnit'), children: c.posterUnit.name }] : []),
    {
      key: 'description',
      label: t('cases.fields.description'),
      span: 'filled' as const,
      children: (
        <div style={long} data-testid="case-description">
          {c.description}
        </div>
      ),
    },
  ];

  return (
    <Card size="small" title={t('cases.sectionFacts')} data-testid="case-facts" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={items} />
    </Card>
  );
}

export function CaseReporter({ c }: { c: Case }) {
  const { t } = useTranslation();
  let body: React.ReactNode;
  if (c.reporterHidden) {
    body = (
      <Typography.Text type="secondary" data-testid="case-reporter-hidden">
        <LockOutlined style={{ marginInlineEnd: 6 }} />
        {t('cases.reporterHidden')}
      </Typography.Text>
    );
  } else if (!c.reporter || (!c.reporter.name && !c.reporter.phone)) {
    body = <Typography.Text type="secondary">{t('cases.reporterAnonymous')}</Typography.Text>;
  } else {
    body = (
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'name',
            label: t('cases.fields.reporterName'),
            children: <span data-testid="case-reporter-name">{c.reporter.name ?? '—'}</span>,
          },
          {
            key: 'phone',
            label: t('cases.fields.reporterPhone'),
            children: c.reporter.phone ? (
              <a href={`tel:${c.reporter.phone}`} data-testid="case-reporter-phone">
                {c.reporter.phone}
              </a>
            ) : (
              '—'
            ),
          },
        ]}
      />
    );
  }
  return (
    <Card
      size="small"
      title={t('cases.reporterTitle')}
      data-testid="case-reporter"
      data-hidden={c.reporterHidden ? 'true' : 'false'}
      style={{ marginBottom: 12 }}
      extra={!c.reporterHidden && c.reporter ? <Typography.Text type="warning">{t('cases.reporterConfidential')}</Typography.Text> : undefined}
    >
      {body}
    </Card>
  );
}

/** What the handling has produced: shown once there is something. */
export function CaseOutcome({ c }: { c: Case }) {
  const { t } = useTranslation();
  const text = (key: string, label: string, value: string | null) =>
    value ? [{ key, label, span: 'filled' as const, children: <div style={long} data-testid={`case-outcome-${key}`}>{value}</div> }] : [];
  // The verification's result, from its step in the history (a closed case may have been either).
  const verified = [...c.events].reverse().find((e) => e.action === 'verify');
  const verdict = verified?.toStatus === 'founded' || verified?.toStatus === 'unfounded' ? verified.toStatus : null;
  const items: DescriptionsProps['items'] = [
    ...text('rejectReason', t('cases.fields.reasonReject'), c.rejectReason),
    ...(c.assignedUnit ? [{ key: 'assigned', label: t('cases.assignedUnit'), span: 'filled' as const, children: c.assignedUnit.name }] : []),
    ...(verdict
      ? [
          {
            key: 'verdict',
            label: t('cases.fields.founded'),
            span: 'filled' as const,
            children: <span data-testid="case-outcome-verdict" data-founded={verdict === 'founded' ? 'true' : 'false'}>{t(`cases.statuses.${verdict}`)}</span>,
          },
        ]
      : []),
    ...text('findings', t('cases.fields.findings'), c.findings),
    ...text('requirement', t('cases.fields.requirement'), c.rectificationRequired),
    ...text('report', t('cases.fields.report'), c.rectificationReport),
    ...text('reply', c.hasReceipt ? t('cases.fields.reply') : t('cases.fields.replyNoReceipt'), c.reply),
    ...(c.mergedInto
      ? [
          {
            key: 'mergedInto',
            label: t('cases.mergedInto'),
            span: 'filled' as const,
            children: (
              <Link to={`/cases/${c.mergedInto.id}`} data-testid="case-merged-into">
                {c.mergedInto.reference}
              </Link>
            ),
          },
        ]
      : []),
    ...(c.merged.length > 0
      ? [
          {
            key: 'merged',
            label: t('cases.mergedHere'),
            span: 'filled' as const,
            children: (
              <Space size={8} wrap>
                {c.merged.map((m) => (
                  <Link key={m.id} to={`/cases/${m.id}`} data-testid={`case-merged-${m.id}`}>
                    {m.reference}
                  </Link>
                ))}
              </Space>
            ),
          },
        ]
      : []),
  ];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('cases.sectionOutcome')} data-testid="case-outcome" style={{ marginBottom: 12 }}>
      <Descriptions size="small" column={1} items={items} />
    </Card>
  );
}
