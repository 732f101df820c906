import { lazy, Suspense, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Collapse, Descriptions, Empty, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { CopyOutlined, EditOutlined, EnvironmentOutlined, GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useArchiveCampaign, useCampaign } from '../../api/campaigns';
import type { Campaign } from '../../api/types';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { RequireRole } from '../../components/RequireRole';
import { UnitTypeTag } from '../../components/tags';
import { BRAND_RED } from '../../components/theme';
import { useLang } from '../../i18n';
import { formatDay, formatDayRange, ordinalEn, tx, type Lang } from '../../lib/format';

const EditCampaignDrawer = lazy(() => import('./EditCampaignDrawer'));
const CopyCampaignModal = lazy(() => import('./CopyCampaignModal'));

function Hero({ campaign, lang }: { campaign: Campaign; lang: Lang }) {
  const { t } = useTranslation();
  const id = campaign.definition.identity;
  return (
    <Card style={{ borderTop: `3px solid ${BRAND_RED}` }} data-testid="campaign-hero">
      <div style={{ textAlign: 'center' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 8 }} data-testid="campaign-title">
          {tx(id.title, lang)}
        </Typography.Title>
        <div style={{ color: 'rgba(0,0,0,0.65)' }} data-testid="campaign-edition">
          {lang === 'zh' ? t('overview.edition', { n: id.edition }) : t('overview.edition', { n: ordinalEn(id.edition) })}
          {campaign.status === 'archived' && (
            <Tag style={{ marginInlineStart: 8 }}>{t('campaign.archived')}</Tag>
          )}
        </div>
        <div
          data-testid="campaign-theme"
          style={{
            margin: '16px auto 8px',
            color: BRAND_RED,
            fontSize: 22,
            fontWeight: 700,
            lineHeight: 1.5,
            letterSpacing: lang === 'zh' ? 2 : 0,
          }}
        >
          {t('overview.theme')}{t('punct.colon')}{lang === 'zh' ? `「${tx(id.theme, lang)}」` : `“${tx(id.theme, lang)}”`}
        </div>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 3 }}
        style={{ marginTop: 12 }}
        items={[
          { key: 'issuer', label: t('overview.issuer'), children: tx(id.issuer, lang) },
          { key: 'doc', label: t('overview.documentNumber'), children: <span data-testid="campaign-docno">{id.documentNumber}</span> },
          { key: 'issued', label: t('overview.issuedOn'), children: formatDay(id.issuedOn, lang) },
        ]}
      />
      {id.legalBasis.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('overview.legalBasis')}{t('punct.colon')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
            {id.legalBasis.map((b, i) => (
              <li key={i}>
                {tx(b.title, lang)}
                {b.documentNumber && <Typography.Text type="secondary">{t('punct.paren', { x: b.documentNumber })}</Typography.Text>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const lang = useLang();
  const d = campaign.definition;
  const periodName = (key: string) => tx(d.periods.find((p) => p.key === key)?.name, lang) || key;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Hero campaign={campaign} lang={lang} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('overview.periods')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={d.periods.map((p) => ({
                key: p.key,
                label: tx(p.name, lang),
                children: (
                  <span>
                    {formatDayRange(p.start, p.end, lang)} <Typography.Text type="secondary">{p.section}</Typography.Text>
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.milestones')} style={{ height: '100%' }}>
            {d.milestones.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                data-testid="milestones"
                items={[...d.milestones]
                  .sort((a, b) => a.date.localeCompare(b.date))
                  .map((m) => ({
                    key: m.key,
                    color: 'red',
                    content: (
                      <div>
                        <div style={{ fontWeight: 600 }}>
                          {formatDay(m.date, lang)}
                          {m.approximate && ` ${t('overview.approximate')}`} · {tx(m.name, lang)}
                        </div>
                        {m.place && (
                          <div>
                            <EnvironmentOutlined /> {tx(m.place, lang)}
                          </div>
                        )}
                        {m.description && <Typography.Text type="secondary">{tx(m.description, lang)}</Typography.Text>}
                      </div>
                    ),
                  }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.leadingGroup')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'leader',
                  label: t('overview.leader'),
                  children: `${d.leadingGroup.leader.name}${t('punct.paren', { x: tx(d.leadingGroup.leader.position, lang) })}`,
                },
                {
                  key: 'deputies',
                  label: t('overview.deputies'),
                  children: (
                    <div>
                      {d.leadingGroup.deputies.map((p, i) => (
                        <div key={i}>
                          {p.name}
                          {t('punct.paren', { x: tx(p.position, lang) })}
                        </div>
                      ))}
                    </div>
                  ),
                },
                ...(d.leadingGroup.duty
                  ? [{ key: 'duty', label: t('overview.groupDuty'), children: tx(d.leadingGroup.duty, lang) }]
                  : []),
                { key: 'office', label: t('overview.office'), children: tx(d.leadingGroup.office, lang) },
                { key: 'officeDuty', label: t('overview.officeDuty'), children: tx(d.leadingGroup.officeDuty, lang) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.contact')} style={{ height: '100%' }}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'org', label: t('overview.contactOrg'), children: tx(d.contact.organisation, lang) },
                { key: 'person', label: t('overview.contactPerson'), children: d.contact.person },
                { key: 'phone', label: t('overview.phone'), children: d.contact.phone },
                ...(d.contact.fax ? [{ key: 'fax', label: t('overview.fax'), children: d.contact.fax }] : []),
                {
                  key: 'email',
                  label: t('overview.email'),
                  children: <a href={`mailto:${d.contact.email}`}>{d.contact.email}</a>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('overview.taskCategories')}>
        <Collapse
          data-testid="task-categories"
          items={d.taskCategories.map((c) => ({
            key: c.key,
            label: (
              <span>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
                  {c.section}
                </Typography.Text>
                {tx(c.name, lang)}
                <Tag style={{ marginInlineStart: 8 }}>{periodName(c.period)}</Tag>
              </span>
            ),
            children: (
              <div>
                <Typography.Paragraph>{tx(c.summary, lang)}</Typography.Paragraph>
                <Typography.Text type="secondary">{t('overview.forms')}{t('punct.colon')}</Typography.Text>
                <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
                  {c.forms.map((f) => (
                    <Tag key={f.key} color="blue" style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                      {tx(f.name, lang)}
                    </Tag>
                  ))}
                </div>
              </div>
            ),
          }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('overview.tour')} style={{ height: '100%' }}>
            <Typography.Text type="secondary">{t('overview.tourForms')}{t('punct.colon')}</Typography.Text>
            <div style={{ margin: '4px 0 12px', display: 'flex', flexWrap: 'wrap', gap: 6 }}>
              {d.tour.forms.map((f) => (
                <Tag key={f.key} color="geekblue" style={{ marginInlineEnd: 0 }}>
                  {tx(f.name, lang)}
                </Tag>
              ))}
            </div>
            <Typography.Text type="secondary">{t('overview.tourThemes')}{t('punct.colon')}</Typography.Text>
            <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
              {d.tour.themes.map((f) => (
                <li key={f.key}>{tx(f.name, lang)}</li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('overview.participants')} style={{ height: '100%' }}>
            {d.participantGroups.map((g) => (
              <div key={g.key} style={{ marginBottom: 8 }}>
                <div style={{ fontWeight: 500 }}>{tx(g.name, lang)}</div>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 2 }}>
                  {g.unitTypes.map((u) => (
                    <UnitTypeTag key={u} type={u} />
                  ))}
                </div>
              </div>
            ))}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

export default function OverviewPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId, setCurrentId } = useCurrentCampaign();
  const { data: campaign, isLoading, error } = useCampaign(currentId);
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);
  const archive = useArchiveCampaign(currentId ?? 0);
  const { message, modal } = AntApp.useApp();

  if (gate) return gate;
  if (isLoading) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (error || !campaign) return <ErrorAlert error={error} />;
  const archived = campaign.status === 'archived';

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'flex-end', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <RequireRole permission="activities.office" fallback={null}>
          {/* The page the public sees, opened beside the platform so the office can check it or pass the link on. */}
          <Button
            href={`/campaign/${encodeURIComponent(campaign.code)}`}
            target="_blank"
            rel="noopener"
            icon={<GlobalOutlined />}
            data-testid="overview-public-page"
          >
            {t('overview.publicPage')}
          </Button>
        </RequireRole>
        <RequireRole permission="campaign.edit" fallback={null}>
          <Button icon={<CopyOutlined />} onClick={() => setCopying(true)} data-testid="campaign-copy">
            {t('overview.copyToYear')}
          </Button>
          <Button
            loading={archive.isPending}
            data-testid={archived ? 'campaign-unarchive' : 'campaign-archive'}
            onClick={() => modal.confirm({
              title: t(archived ? 'overview.unarchive' : 'overview.archive'),
              content: t(archived ? 'overview.unarchiveConfirm' : 'overview.archiveConfirm'),
              okButtonProps: { 'data-testid': 'campaign-archive-confirm' } as never,
              onOk: () => archive.mutateAsync(!archived).then(
                (c) => {
                  // Stay on this campaign: archiving changes which one is shown by default.
                  setCurrentId(c.id);
                  void message.success(t(archived ? 'overview.unarchivedDone' : 'overview.archivedDone'));
                },
                (e: Error) => void message.error(e.message),
              ),
            })}
          >
            {t(archived ? 'overview.unarchive' : 'overview.archive')}
          </Button>
          {!archived && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="campaign-edit">
              {t('common.edit')}
            </Button>
          )}
        </RequireRole>
      </div>
      {archived && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('overview.archivedNotice')} data-testid="campaign-archived-notice" />}
      <RequireRole permission="campaign.edit" fallback={null}>
        <Suspense fallback={null}>
          {editing && <EditCampaignDrawer campaign={campaign} open={editing} onClose={() => setEditing(false)} />}
          {copying && <CopyCampaignModal campaign={campaign} open={copying} onClose={() => setCopying(false)} />}
        </Suspense>
      </RequireRole>
      <CampaignView campaign={campaign} />
    </div>
  );
}
