/*
 * Whose summary this is and where it stands, so the caller knows before writing whether the text
 * can still change and why it came back.
 *
 * Test ids:
 *   sum-due (the unit and its deadline under the title), sum-unit, sum-status (data-status:
 *   draft … returned, or "none" before the first save), sum-late (data-late), sum-return-alert
 *   (the return comment), sum-state-hint, sum-export (the unit's .docx).
 */
import type { ReactNode } from 'react';
import { Alert, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadUnitSummary, type UnitSummary } from '../../api/summaries';
import { DownloadButton } from '../../components/DownloadButton';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { LateTag } from '../statistics/parts';
import { SummaryStatusTag } from './parts';

export function SummaryHeader({ campaignId, data, actions }: { campaignId: number; data: UnitSummary; actions: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const summary = data.summary;

  // Said only when the caller cannot edit: otherwise the open editors say it by themselves.
  const stateHint = (() => {
    if (!summary || data.can.edit) return null;
    if (summary.status === 'submitted') return t('summary.hint_submitted');
    if (summary.status === 'accepted') return t('summary.hint_accepted');
    return null;
  })();

  return (
    <>
      <PageHeader
        title={t('summary.title')}
        sub={
          <span data-testid="sum-due">
            {data.unit.name}
            {data.due ? ` · ${t('summary.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : ''}
          </span>
        }
        extra={
          <>
            {actions}
            {data.can.export && (
              <DownloadButton download={() => downloadUnitSummary(campaignId, data.unit.id)} data-testid="sum-export">
                {t('summary.export')}
              </DownloadButton>
            )}
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('summary.unit')}>
            <span data-testid="sum-unit">{data.unit.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('summary.status')}>
            <Space size={4} wrap>
              {summary ? (
                <SummaryStatusTag status={summary.status} testId="sum-status" />
              ) : (
                <Tag data-status="none" data-testid="sum-status" style={{ marginInlineEnd: 0 }}>
                  {t('summary.notStarted')}
                </Tag>
              )}
              {summary?.firstSubmittedAt && <LateTag late={summary.late} testId="sum-late" />}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('summary.submittedAt')}>
            {summary?.submittedAt ? formatDateTime(summary.submittedAt, lang) : '—'}
            {summary?.submittedBy ? ` · ${summary.submittedBy.displayName || summary.submittedBy.username}` : ''}
          </Descriptions.Item>
          {summary?.firstSubmittedAt && summary.firstSubmittedAt !== summary.submittedAt && (
            <Descriptions.Item label={t('summary.firstSubmittedAt')}>{formatDateTime(summary.firstSubmittedAt, lang)}</Descriptions.Item>
          )}
        </Descriptions>
        {summary?.status === 'returned' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="sum-return-alert"
            title={t('summary.returnedTitle')}
            description={
              summary.returnComment ? (
                <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {t('summary.returnComment')}
                  {t('punct.colon')}
                  {summary.returnComment}
                </span>
              ) : undefined
            }
          />
        )}
        {stateHint && <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="sum-state-hint" title={stateHint} />}
      </Card>
    </>
  );
}
