/*
 * Every step the case went through, newest first: what was done, by whom and for which unit,
 * the state it led to, and the comment left with it.
 *
 * Test ids:
 *   case-history (the timeline; each entry carries data-action and data-to-status).
 */
import { Card, Empty, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseEvent, type CaseStatus } from '../../api/cases';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { CaseStatusTag } from './parts';

const COLOR: Record<string, string> = {
  reject: 'red',
  escalate: 'red',
  merge: 'gray',
  close: 'green',
  rectify: 'green',
  verify: 'blue',
};

const isStatus = (s: string): s is CaseStatus => (CASE_STATUSES as readonly string[]).includes(s);

export function CaseHistory({ events }: { events: CaseEvent[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const ordered = [...events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id));
  return (
    <Card size="small" title={t('cases.history')} style={{ marginBottom: 12 }}>
      {ordered.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.noHistory')} />
      ) : (
        <div data-testid="case-history">
          <Timeline
            items={ordered.map((e) => ({
              key: e.id,
              color: COLOR[e.action] ?? 'blue',
              content: (
                <div data-action={e.action} data-to-status={e.toStatus}>
                  <Space size={6} wrap>
                    <strong>{t(`cases.eventActions.${e.action}`, { defaultValue: e.action })}</strong>
                    {isStatus(e.toStatus) && e.toStatus !== e.fromStatus && <CaseStatusTag status={e.toStatus} />}
                  </Space>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[formatDateTime(e.at, lang), e.actor?.displayName, e.unit?.name].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  </div>
                  {e.comment && <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{e.comment}</div>}
                </div>
              ),
            }))}
          />
        </div>
      )}
    </Card>
  );
}
