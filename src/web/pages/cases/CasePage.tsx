/*
 * `/cases/:caseId`: one case for its handlers. Where it stands (status, deadline, overdue,
 * escalated), what the caller may do now (exactly the server's `actions`), the facts, the
 * reporter (or that only the office's case desk may see who it is), the files, the two separate
 * conversations and the history. Nothing here is decided from roles: the server's answer is.
 *
 * Test ids, each documented where it is rendered:
 *   this page: case-page (data-case-id, data-status), case-back, case-draft-typical (the office, on a
 *     verified case: drafts a typical case from it), case-status (data-status),
 *     case-deadline (data-overdue), case-escalated, case-merged-alert;
 *   CaseActions: case-actions, case-action-<action>, case-action-submit, case-reason, … ;
 *   CaseFacts: case-facts, case-whistleblower, case-reporter, case-reporter-hidden, case-outcome;
 *   CaseFiles: case-files-evidence, case-files-rectification, case-file-<id>, case-upload-evidence;
 *   CaseMessages: case-messages-reporter, case-message-reporter-input, case-message-reporter-send,
 *     case-notes, case-note-input, case-note-send, case-message-<id>;
 *   CaseHistory: case-history.
 */
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Row } from 'antd';
import { ArrowLeftOutlined, NotificationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCase } from '../../api/cases';
import { isVerifiedCase } from '../../api/exposures';
import { useCan } from '../../components/RequireRole';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { CaseActions } from './CaseActions';
import { CaseFacts, CaseOutcome, CaseReporter } from './CaseFacts';
import { CaseFiles } from './CaseFiles';
import { CaseHistory } from './CaseHistory';
import { CaseMessages } from './CaseMessages';
import { CaseStatusTag, DeadlineCell, dayOf, useCaseCampaign } from './parts';
import { recordGate } from '../../components/RecordGate';

export default function CasePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const { caseId: param } = useParams<{ caseId: string }>();
  const id = param !== undefined && /^\d+$/.test(param) ? Number(param) : undefined;
  const { campaignId, rectifyDays } = useCaseCampaign();
  const { data: c, error, refetch } = useCase(campaignId, id);
  const can = useCan();

  const back = (
    <Link to="/cases" data-testid="case-back">
      <Button icon={<ArrowLeftOutlined />}>{t('cases.backToList')}</Button>
    </Link>
  );

  if (gate) return gate;
  const pending = recordGate({ badId: id === undefined, badIdText: t('cases.badId'), error, ready: campaignId !== undefined && !!c, title: t('nav.cases'), back });
  if (pending || !c || campaignId === undefined) return pending;

  return (
    <div data-testid="case-page" data-case-id={c.id} data-status={c.status}>
      <PageHeader
        title={c.reference}
        sub={[tx(c.category.name, lang), c.county?.name].filter(Boolean).join(' · ')}
        extra={
          <>
            {/* A verified case may become a typical case (典型案例) for the media: the office drafts it. */}
            {can('exposures.write') && isVerifiedCase(c.status) && (
              <Link to={`/exposures/new?fromCase=${c.id}`} data-testid="case-draft-typical">
                <Button icon={<NotificationOutlined />}>{t('exposures.draftFromCase')}</Button>
              </Link>
            )}
            {back}
          </>
        }
      />
      {c.mergedInto && (
        <Alert
          type="info"
          showIcon
          data-testid="case-merged-alert"
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('cases.mergedIntoAlert')}
              <Link to={`/cases/${c.mergedInto.id}`}>{c.mergedInto.reference}</Link>
            </span>
          }
        />
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'status', label: t('cases.status'), children: <CaseStatusTag status={c.status} testId="case-status" /> },
            { key: 'deadline', label: t('cases.deadline'), children: <DeadlineCell c={c} testId="case-deadline" /> },
            { key: 'received', label: t('cases.receivedOn'), children: dayOf(c.receivedOn, lang) },
            { key: 'assigned', label: t('cases.assignedUnit'), children: c.assignedUnit?.name ?? '—' },
          ]}
        />
        {c.escalated && (
          <Alert type="error" showIcon data-testid="case-escalated" style={{ marginTop: 8 }} title={t('cases.escalatedAlert')} />
        )}
      </Card>
      <CaseActions campaignId={campaignId} c={c} rectifyDays={rectifyDays} reload={() => void refetch()} />
      {error != null && <ErrorAlert error={error} />}
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <CaseFacts c={c} />
          <CaseReporter c={c} />
          <CaseOutcome c={c} />
          <CaseFiles campaignId={campaignId} c={c} canUpload={c.actions.length > 0 || c.canMessage} />
        </Col>
        <Col xs={24} lg={10}>
          <CaseMessages campaignId={campaignId} c={c} />
          <CaseHistory events={c.events} />
        </Col>
      </Row>
    </div>
  );
}
