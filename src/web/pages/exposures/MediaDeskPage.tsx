/*
 * `/media-desk`: the media partner's desk (媒体工作台). The typical cases the office has published
 * (nothing else reaches a medium), each with its blurred photos, its material package
 * (典型案例.docx and the photos) and the form to record where it ran; and the feed (订阅源) a
 * newsroom's system reads: a new token is shown once, and the previous one stops working.
 *
 * Test ids:
 *   media-cases (data-count), media-empty, media-case-<id> (a card), media-package-<id>,
 *   media-run-<id> (opens the run dialog: media-run-modal with RunForm's run-outlet, run-date,
 *   run-link, run-add), media-image-<imageId>, typical-runs (inside each card);
 *   the feed: feed-token-create, feed-token, feed-url (exactly the address, copy button beside it).
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Empty, Modal, Row, Space, Spin, Tag, Typography } from 'antd';
import { EditOutlined, KeyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  downloadTypicalPackage,
  useCreateFeedToken,
  useTypicalCase,
  useTypicalCases,
  type TypicalSummary,
} from '../../api/exposures';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { RunForm, RunList } from './TypicalRuns';
import { blurredSrc, dayOf, useExposureCampaign } from './parts';

export default function MediaDeskPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { campaignId, outlets } = useExposureCampaign();
  const { data: items, isLoading, error } = useTypicalCases(campaignId, 'published');
  const [recording, setRecording] = useState<TypicalSummary | null>(null);

  if (gate) return gate;

  return (
    <div>
      <PageHeader title={t('nav.mediaDesk')} sub={t('exposures.mediaSub')} />
      <ErrorAlert error={error} />
      {isLoading ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : (items ?? []).length === 0 ? (
        <Card style={{ marginBottom: 12 }}>
          <Empty data-testid="media-empty" description={t('exposures.mediaEmpty')} />
        </Card>
      ) : (
        <div data-testid="media-cases" data-count={items?.length ?? 0}>
          <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
            {(items ?? []).map((c) => (
              <Col xs={24} xl={12} key={c.id}>
                {campaignId !== undefined && <MediaCaseCard campaignId={campaignId} summary={c} onRecord={() => setRecording(c)} />}
              </Col>
            ))}
          </Row>
        </div>
      )}
      <FeedCard />
      {recording && campaignId !== undefined && (
        <Modal open title={t('exposures.runTitle', { title: recording.title })} onCancel={() => setRecording(null)} footer={null} maskClosable={false}>
          <div data-testid="media-run-modal">
            <RunForm campaignId={campaignId} typical={recording} outlets={outlets} onDone={() => setRecording(null)} />
          </div>
        </Modal>
      )}
    </div>
  );
}

function MediaCaseCard({ campaignId, summary, onRecord }: { campaignId: number; summary: TypicalSummary; onRecord: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: c, error } = useTypicalCase(campaignId, summary.id);
  const text = (s: string) => <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{s}</div>;
  return (
    <Card
      size="small"
      data-testid={`media-case-${summary.id}`}
      title={<span style={{ whiteSpace: 'normal', wordBreak: 'break-word' }}>{summary.title}</span>}
      style={{ height: '100%' }}
    >
      <Space size={[8, 4]} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>{summary.subject}</Typography.Text>
        {summary.sector && <Tag style={{ marginInlineEnd: 0 }}>{summary.sector}</Tag>}
        {summary.publishedAt && (
          <Typography.Text type="secondary">{t('exposures.publishedOnDay', { date: dayOf(summary.publishedAt, lang) })}</Typography.Text>
        )}
      </Space>
      <ErrorAlert error={error} />
      {c ? (
        <>
          {c.images.length > 0 && (
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(120px, 1fr))', gap: 6, marginBottom: 8 }}>
              {c.images.map((img) => (
                <a key={img.id} href={blurredSrc(img)} target="_blank" rel="noopener noreferrer" title={img.caption ?? undefined}>
                  <img
                    data-testid={`media-image-${img.id}`}
                    src={blurredSrc(img)}
                    alt={img.caption ?? t('exposures.photoAlt', { id: img.id })}
                    loading="lazy"
                    style={{ display: 'block', width: '100%', aspectRatio: '4 / 3', objectFit: 'cover', borderRadius: 4, background: '#fafafa' }}
                  />
                </a>
              ))}
            </div>
          )}
          <Collapse
            size="small"
            style={{ marginBottom: 8 }}
            items={[
              {
                key: 'text',
                label: t('exposures.mediaText'),
                children: (
                  <div>
                    <Typography.Text strong>{t('exposures.fields.facts')}</Typography.Text>
                    {text(c.facts)}
                    <Typography.Text strong>{t('exposures.fields.violations')}</Typography.Text>
                    {text(c.violations)}
                    <Typography.Text strong>{t('exposures.fields.handling')}</Typography.Text>
                    {text(c.handling)}
                    <Space size={6} wrap>
                      {c.dualPenalty && <Tag color="red">{t('exposures.fields.dualPenalty')}</Tag>}
                      {c.criminalTransfer && <Tag color="red">{t('exposures.fields.criminalTransfer')}</Tag>}
                    </Space>
                    <div>
                      <Typography.Text strong>{t('exposures.fields.lesson')}</Typography.Text>
                    </div>
                    {text(c.lesson)}
                  </div>
                ),
              },
              {
                key: 'runs',
                label: t('exposures.sectionRunsCount', { n: c.runs.length }),
                children: <RunList runs={c.runs} />,
              },
            ]}
          />
        </>
      ) : (
        !error && <Spin size="small" />
      )}
      <Space wrap>
        <DownloadButton type="primary" data-testid={`media-package-${summary.id}`} download={() => downloadTypicalPackage(campaignId, summary.id)}>
          {t('exposures.package')}
        </DownloadButton>
        {(c?.canRecordRun ?? true) && (
          <Button icon={<EditOutlined />} data-testid={`media-run-${summary.id}`} onClick={onRecord}>
            {t('exposures.runRecord')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

function FeedCard() {
  const { t } = useTranslation();
  const create = useCreateFeedToken();
  const token = create.data;
  const url = token ? (token.feedUrl.startsWith('/') ? `${window.location.origin}${token.feedUrl}` : token.feedUrl) : '';
  return (
    <Card size="small" title={t('exposures.feedTitle')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('exposures.feedExplain')}</Typography.Paragraph>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('exposures.feedWarning')} />
      <ErrorAlert error={create.error} />
      {token && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('exposures.feedCreated')}
          description={
            <div style={{ minWidth: 0 }}>
              <Typography.Text type="secondary">{t('exposures.feedUrl')}</Typography.Text>
              <Typography.Paragraph
                code
                copyable={{ text: url, tooltips: [t('common.copy'), t('common.copied')] }}
                style={{ wordBreak: 'break-all', marginBottom: 8 }}
              >
                <span data-testid="feed-url">{url}</span>
              </Typography.Paragraph>
              <Typography.Text type="secondary">{t('exposures.feedToken')}</Typography.Text>
              <Typography.Paragraph
                code
                copyable={{ text: token.token, tooltips: [t('common.copy'), t('common.copied')] }}
                style={{ wordBreak: 'break-all', marginBottom: 0 }}
              >
                <span data-testid="feed-token">{token.token}</span>
              </Typography.Paragraph>
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {t('exposures.feedOnce')}
              </Typography.Text>
            </div>
          }
        />
      )}
      <Button icon={<KeyOutlined />} data-testid="feed-token-create" loading={create.isPending} onClick={() => create.mutate()}>
        {token ? t('exposures.feedRenew') : t('exposures.feedCreate')}
      </Button>
    </Card>
  );
}
