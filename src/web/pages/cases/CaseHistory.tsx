/*
 * Every step the case went through, newest first: what was done, by whom and for which unit,
 * the state it led to, and the comment left with it.
 *
 * Test ids:
 *   case-history (the timeline; each entry carries data-action and data-to-status).
 */
import { Card, Empty, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATUSES, type CaseEvent, type CaseStatus } from '../../api/cases';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { CaseStatusTag } from './parts';
import { HistoryEntry } from '../../components/HistoryEntry';

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
  // Newest first. The server gives the case's own order: a reporter's steps are dated to the day
  // only and ids are random, so neither the time nor the id can order them.
  const ordered = [...events].reverse();
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
                <HistoryEntry
                  action={e.action}
                  toStatus={e.toStatus}
                  title={t(`cases.eventActions.${e.action}`, { defaultValue: e.action })}
                  tag={isStatus(e.toStatus) && e.toStatus !== e.fromStatus && <CaseStatusTag status={e.toStatus} />}
                  meta={[formatDateTime(e.at, lang), e.actor?.displayName, e.unit?.name]}
                  comment={e.comment}
                />
              ),
            }))}
          />
        </div>
      )}
    </Card>
  );
}
