/*
 * Whose table this is and where it stands, so the caller knows before typing whether the figures
 * can still change and why they came back.
 *
 * Test ids:
 *   stat-due (the unit and its deadline under the title), stat-unit, stat-status (data-status:
 *   draft … returned, or "none" before the first save), stat-late (data-late), stat-return-alert
 *   (the return comment), stat-state-hint, stat-subunits (the sub-units' note), stat-export.
 */
import type { ReactNode } from 'react';
import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadUnitStatistics, type UnitStatistics } from '../../api/statistics';
import { DownloadButton } from '../../components/DownloadButton';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { formatDateTime, formatDeadline } from '../../lib/format';
import { LateTag, StatisticsStatusTag } from './parts';

export function StatisticsHeader({ campaignId, data, actions }: { campaignId: number; data: UnitStatistics; actions: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const report = data.report;
  const editable = data.can.edit;

  // Said only when the caller cannot edit: otherwise the open form says it by itself.
  const stateHint = (() => {
    if (!report || editable) return null;
    if (report.status === 'submitted') return data.approvalRequired ? t('statistics.hint_submittedApproval') : t('statistics.hint_submitted');
    if (report.status === 'approved') return t('statistics.hint_approved');
    if (report.status === 'accepted') return t('statistics.hint_accepted');
    return null;
  })();

  return (
    <>
      <PageHeader
        title={t('statistics.title')}
        sub={
          <span data-testid="stat-due">
            {data.unit.name}
            {data.due ? ` · ${t('statistics.due')}${t('punct.colon')}${formatDeadline(data.due, lang)}` : ''}
          </span>
        }
        extra={
          <>
            {actions}
            {report && (
              <DownloadButton download={() => downloadUnitStatistics(campaignId, data.unit.id)} data-testid="stat-export">
                {t('statistics.export')}
              </DownloadButton>
            )}
          </>
        }
      />

      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('statistics.unit')}>
            <span data-testid="stat-unit">{data.unit.name}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('statistics.status')}>
            <Space size={4} wrap>
              {report ? (
                <StatisticsStatusTag status={report.status} testId="stat-status" />
              ) : (
                <Tag data-status="none" data-testid="stat-status">
                  {t('statistics.notStarted')}
                </Tag>
              )}
              {report?.firstSubmittedAt && <LateTag late={report.late} testId="stat-late" />}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('statistics.submittedAt')}>
            {report?.submittedAt ? formatDateTime(report.submittedAt, lang) : '—'}
            {report?.submittedBy ? ` · ${report.submittedBy.displayName || report.submittedBy.username}` : ''}
          </Descriptions.Item>
          {report?.firstSubmittedAt && report.firstSubmittedAt !== report.submittedAt && (
            <Descriptions.Item label={t('statistics.firstSubmittedAt')}>{formatDateTime(report.firstSubmittedAt, lang)}</Descriptions.Item>
          )}
        </Descriptions>
        {report?.status === 'returned' && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="stat-return-alert"
            title={t('statistics.returnedTitle')}
            description={
              report.returnComment ? (
                <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {t('statistics.returnComment')}
                  {t('punct.colon')}
                  {report.returnComment}
                </span>
              ) : undefined
            }
          />
        )}
        {stateHint && <Alert type="info" showIcon style={{ marginTop: 8 }} data-testid="stat-state-hint" title={stateHint} />}
        {editable && data.approvalRequired && (
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('statistics.approvalRequired')}
          </Typography.Paragraph>
        )}
        {data.subUnits.reports > 0 && (
          <Alert
            type="info"
            style={{ marginTop: 8 }}
            data-testid="stat-subunits"
            title={t('statistics.subUnitsNote', { n: data.subUnits.reports })}
          />
        )}
      </Card>
    </>
  );
}
