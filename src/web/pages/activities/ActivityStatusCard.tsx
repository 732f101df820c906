/*
 * Where the record stands and how it got there: its status, the unit, who created, submitted
 * and decided it and when, the return comment while it waits for a correction, and what the
 * status means for the unit.
 *
 * Test ids:
 *   act-status (data-status: draft | submitted | accepted | returned, or "new" before the first
 *   save), act-return-alert (the return comment), act-state-hint.
 */
import { Alert, Card, Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../api/activities';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { ActivityStatusTag } from './parts';

const who = (p: Activity['createdBy']) => (p ? p.displayName || p.username : '');

export function ActivityStatusCard({ activity }: { activity: Activity | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();

  if (!activity) {
    return (
      <Card size="small" style={{ marginBottom: 12 }}>
        <Tag data-testid="act-status" data-status="new" style={{ marginInlineEnd: 8 }}>
          {t('activities.statusNew')}
        </Tag>
        {t('activities.newHint')}
      </Card>
    );
  }

  const hint =
    activity.status === 'submitted'
      ? t('activities.hint_submitted')
      : activity.status === 'accepted'
        ? t('activities.hint_accepted')
        : activity.status === 'draft'
          ? t('activities.hint_draft')
          : null;

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          { key: 'status', label: t('activities.status'), children: <ActivityStatusTag status={activity.status} testId="act-status" /> },
          { key: 'unit', label: t('activities.unit'), children: activity.unit.name },
          {
            key: 'created',
            label: t('activities.createdAt'),
            children: `${formatDateTime(activity.createdAt, lang)}${activity.createdBy ? ` · ${who(activity.createdBy)}` : ''}`,
          },
          ...(activity.submittedAt
            ? [{ key: 'submitted', label: t('activities.submittedAt'), children: formatDateTime(activity.submittedAt, lang) }]
            : []),
          ...(activity.decidedAt
            ? [
                {
                  key: 'decided',
                  label: activity.status === 'returned' ? t('activities.returnedAt') : t('activities.decidedAt'),
                  children: `${formatDateTime(activity.decidedAt, lang)}${activity.decidedBy ? ` · ${who(activity.decidedBy)}` : ''}`,
                },
              ]
            : []),
          { key: 'updated', label: t('activities.updatedAt'), children: formatDateTime(activity.updatedAt, lang) },
        ]}
      />
      {activity.status === 'returned' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="act-return-alert"
          title={t('activities.returnedTitle')}
          description={
            activity.returnComment ? (
              <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {t('activities.returnComment')}
                {t('punct.colon')}
                {activity.returnComment}
              </span>
            ) : undefined
          }
        />
      )}
      {hint && <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="act-state-hint" title={hint} />}
    </Card>
  );
}
