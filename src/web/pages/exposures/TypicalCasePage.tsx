/*
 * `/exposures/new?fromCase=<id>` and `/exposures/:typicalId`: one typical case (典型案例). The
 * office drafts it from verified cases, redacts its photos and sends it through the review chain;
 * reviewers pass or return it; the office publishes it and records where it ran. What the caller
 * may do is the server's answer (`canEdit`, `actions`, `canRecordRun`), never decided from roles.
 *
 * Test ids, each documented where it is rendered:
 *   this page: typical-page (data-typical-id, data-status), typical-back, typical-status
 *     (data-status), typical-package, typical-return-comment, typical-withdraw-reason,
 *     typical-photos-later (a new draft: photos come after the first save);
 *   TypicalForm: typical-title … typical-save; TypicalPhotos: typical-image-<id>,
 *   typical-evidence-<caseFileId>, redact-*; TypicalReview: typical-action-*, typical-history;
 *   TypicalRuns: typical-runs, run-outlet, run-date, run-link, run-add.
 */
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Col, Descriptions, Row } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { downloadTypicalPackage, useTypicalCase } from '../../api/exposures';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { useLang } from '../../i18n';
import { positiveParam } from '../../lib/paging';
import { TypicalContent, TypicalForm } from './TypicalForm';
import { TypicalPhotos } from './TypicalPhotos';
import { TypicalHistory, TypicalReview } from './TypicalReview';
import { TypicalRuns } from './TypicalRuns';
import { TypicalStatusTag, dayOf, useExposureCampaign } from './parts';
import { recordGate } from '../../components/RecordGate';

export default function TypicalCasePage() {
  const { typicalId } = useParams<{ typicalId: string }>();
  // A new draft and a saved case are different pages: nothing of the one is kept for the other.
  return <TypicalCaseView key={typicalId ?? 'new'} param={typicalId} />;
}

function TypicalCaseView({ param }: { param: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const can = useCan();
  const [search] = useSearchParams();
  const isNew = param === undefined;
  const id = !isNew && /^\d+$/.test(param) ? Number(param) : undefined;
  const fromCase = positiveParam(search.get('fromCase'));
  const { campaignId, reviewChain, outlets, error: campaignError } = useExposureCampaign();
  const { data: c, error, refetch } = useTypicalCase(campaignId, id);

  const back = (
    <Link to="/exposures" data-testid="typical-back">
      <Button icon={<ArrowLeftOutlined />}>{t('exposures.backToList')}</Button>
    </Link>
  );

  if (gate) return gate;

  if (isNew) {
    if (campaignId === undefined) return null;
    return (
      <div data-testid="typical-page" data-status="new">
        <PageHeader title={t('exposures.newTitle')} sub={t('exposures.newSub')} extra={back} />
        <ErrorAlert error={campaignError} />
        <Row gutter={12}>
          <Col xs={24} lg={16}>
            <TypicalForm campaignId={campaignId} fromCase={fromCase} reload={() => undefined} />
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={t('exposures.sectionPhotos')} style={{ marginBottom: 12 }}>
              <Alert type="info" showIcon data-testid="typical-photos-later" title={t('exposures.photosAfterSave')} />
            </Card>
          </Col>
        </Row>
      </div>
    );
  }

  const pending = recordGate({ badId: id === undefined, badIdText: t('exposures.badId'), error, ready: campaignId !== undefined && !!c, title: t('nav.exposures'), back });
  if (pending || !c || campaignId === undefined) return pending;

  const reload = () => void refetch();

  return (
    <div data-testid="typical-page" data-typical-id={c.id} data-status={c.status}>
      <PageHeader
        title={c.title}
        sub={[c.subject, c.sector].filter(Boolean).join(' · ')}
        extra={
          <>
            <DownloadButton data-testid="typical-package" download={() => downloadTypicalPackage(campaignId, c.id)}>
              {t('exposures.package')}
            </DownloadButton>
            {back}
          </>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'status', label: t('exposures.status'), children: <TypicalStatusTag status={c.status} stage={c.stage} testId="typical-status" /> },
            { key: 'published', label: t('exposures.publishedOn'), children: c.publishedAt ? dayOf(c.publishedAt, lang) : '—' },
            { key: 'updated', label: t('exposures.updatedAt'), children: dayOf(c.updatedAt, lang) },
            { key: 'runs', label: t('exposures.runsCount'), children: c.runs.length },
          ]}
        />
        {c.status === 'draft' && c.returnComment && (
          <Alert
            type="error"
            showIcon
            data-testid="typical-return-comment"
            style={{ marginTop: 8 }}
            title={t('exposures.returnedAlert')}
            description={<div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{c.returnComment}</div>}
          />
        )}
        {c.status === 'withdrawn' && (
          <Alert
            type="warning"
            showIcon
            data-testid="typical-withdraw-reason"
            style={{ marginTop: 8 }}
            title={c.withdrawnAt ? t('exposures.withdrawnAlertOn', { date: dayOf(c.withdrawnAt, lang) }) : t('exposures.withdrawnAlert')}
            description={c.withdrawReason ? <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{c.withdrawReason}</div> : undefined}
          />
        )}
      </Card>
      <TypicalReview campaignId={campaignId} typical={c} chain={reviewChain} reload={reload} />
      {error != null && <ErrorAlert error={error} />}
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          {c.canEdit ? <TypicalForm campaignId={campaignId} typical={c} reload={reload} /> : <TypicalContent typical={c} />}
          <TypicalPhotos campaignId={campaignId} typical={c} canPick={can('exposures.write')} />
        </Col>
        <Col xs={24} lg={10}>
          {(c.canRecordRun || c.status === 'published' || c.status === 'withdrawn' || c.runs.length > 0) && (
            <TypicalRuns campaignId={campaignId} typical={c} outlets={outlets} />
          )}
          <TypicalHistory events={c.events} chain={reviewChain} />
        </Col>
      </Row>
    </div>
  );
}
