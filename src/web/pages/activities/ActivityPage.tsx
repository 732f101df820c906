/*
 * One activity record: `/activities/new` (`?category=` preselects the task category) and
 * `/activities/:id`. The same form shows a record the caller can no longer change, read-only.
 * What the caller may do is the server's answer (`can`); the page never guesses it from roles.
 *
 * Test ids, each documented where it is rendered:
 *   this page: act-page (data-activity-id once saved), act-back, act-reload (after a conflict);
 *   ActivityStatusCard: act-status, act-return-alert, act-state-hint;
 *   ActivityDecision: act-accept, act-return, act-<action>-comment, act-<action>-confirm;
 *   ActivityFields: act-unit, act-category, act-forms, act-title, act-start, act-end, act-county,
 *     act-address, act-organiser, act-audience, act-participants, act-description, act-link-<n>,
 *     act-link-add, act-link-remove-<n>, act-public;
 *   AttachmentsField: act-upload, act-uploading, act-attachment-<n>, act-attachment-remove-<n>;
 *   ContributionsTable: act-contrib, act-contrib-<indicatorKey>, act-contrib-error-<indicatorKey>,
 *     act-contrib-reset;
 *   ActivityActions: act-save, act-submit, act-delete, act-delete-confirm, act-unsaved.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, Empty, Form, Spin } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useActivity, type Activity } from '../../api/activities';
import { useMe } from '../../api/auth';
import { ApiError } from '../../api/client';
import { useStatisticsForm, type StatisticsIndicator } from '../../api/statistics';
import type { CampaignDefinition } from '../../api/types';
import { useUnits } from '../../api/units';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';
import { ActivityActions } from './ActivityActions';
import { ActivityDecision } from './ActivityDecision';
import { ActivityFields } from './ActivityFields';
import { ActivityStatusCard } from './ActivityStatusCard';
import { AttachmentsField } from './AttachmentsField';
import { ContributionsTable } from './ContributionsTable';
import { useActivityCampaign, useCountyOptions } from './parts';
import { useActivityEditor, type ActivityFormValues } from './useActivityEditor';

const centred = (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

export default function ActivityPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { id: param } = useParams<{ id?: string }>();
  const [search] = useSearchParams();
  const id = param !== undefined && /^\d+$/.test(param) ? Number(param) : undefined;
  const { campaignId, def, categoryOptions, error: campaignError } = useActivityCampaign();
  const { data: activity, error, refetch } = useActivity(campaignId, id);
  const { data: statsForm } = useStatisticsForm(campaignId);
  // Bumped after a conflict: the editor starts again from what the server now has.
  const [generation, setGeneration] = useState(0);

  if (gate) return gate;
  if (param !== undefined && id === undefined) return <Empty description={t('activities.badId')} />;
  if (error || campaignError) {
    return (
      <div>
        <PageHeader title={t('nav.activities')} />
        <ErrorAlert error={error ?? campaignError} />
      </div>
    );
  }
  if (campaignId === undefined || !def || !statsForm || (id !== undefined && !activity)) return centred;

  const asked = search.get('category');
  const initialCategory = asked && def.taskCategories.some((c) => c.key === asked) ? asked : undefined;
  return (
    <ActivityEditorView
      key={`${campaignId}:${id ?? 'new'}:${generation}`}
      campaignId={campaignId}
      def={def}
      activity={activity}
      indicators={statsForm.indicators}
      categoryOptions={categoryOptions}
      initialCategory={initialCategory}
      reload={() => void refetch().then(() => setGeneration((g) => g + 1))}
    />
  );
}

function initialValues(activity: Activity | undefined, unit: { id: number; code: string; type: string } | undefined, category: string | undefined): ActivityFormValues {
  if (!activity) {
    return {
      unitId: unit?.id,
      category,
      forms: [],
      participants: 0,
      // A county's activities are most often on its own ground.
      countyCode: unit?.type === 'county' ? unit.code : undefined,
      links: [],
      isPublic: false,
    };
  }
  return {
    category: activity.category.key,
    forms: activity.forms.map((f) => f.key),
    title: activity.title,
    startsOn: dayjs(activity.startsOn),
    endsOn: dayjs(activity.endsOn),
    countyCode: activity.place.county?.code ?? undefined,
    address: activity.place.address ?? '',
    organiser: activity.organiser ?? '',
    audience: activity.audience ?? '',
    participants: activity.participants,
    description: activity.description ?? '',
    links: activity.links,
    isPublic: activity.isPublic,
  };
}

function ActivityEditorView({
  campaignId,
  def,
  activity,
  indicators,
  categoryOptions,
  initialCategory,
  reload,
}: {
  campaignId: number;
  def: CampaignDefinition;
  activity: Activity | undefined;
  indicators: StatisticsIndicator[];
  categoryOptions: { value: string; label: string }[];
  initialCategory: string | undefined;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: me } = useMe();
  const { data: units } = useUnits();
  const countyOptions = useCountyOptions(def);
  const editor = useActivityEditor({ campaignId, def, activity, defaultUnitId: me?.unit.id });
  // Read once: later answers from the server must not overwrite what the user is typing.
  const [initial] = useState(() => initialValues(activity, me?.unit, initialCategory));
  const category = Form.useWatch('category', editor.form);
  const conflict = editor.error instanceof ApiError && editor.error.code === 'activity.conflict';
  const title = activity?.title ?? t('activities.newTitle');

  return (
    <div data-testid="act-page" data-activity-id={activity?.id}>
      <PageHeader
        title={title}
        sub={activity ? `${activity.unit.name} · ${tx(activity.category.name, lang)}` : undefined}
        extra={
          <>
            {activity && <ActivityDecision campaignId={campaignId} activity={activity} />}
            <Link to="/activities" data-testid="act-back">
              <Button icon={<ArrowLeftOutlined />}>{t('activities.backToList')}</Button>
            </Link>
          </>
        }
      />
      <ActivityStatusCard activity={activity} />
      <ErrorAlert error={editor.error} form={editor.form} listFields onClose={editor.dismissError} />
      {conflict && (
        <Button style={{ marginBottom: 12 }} data-testid="act-reload" onClick={reload}>
          {t('activities.reload')}
        </Button>
      )}
      <Form<ActivityFormValues>
        form={editor.form}
        layout="vertical"
        initialValues={initial}
        disabled={!editor.editable}
        onValuesChange={editor.touch}
        data-testid="act-form"
      >
        <Card size="small" title={t('activities.sectionRecord')} style={{ marginBottom: 12 }}>
          <ActivityFields def={def} categoryOptions={categoryOptions} countyOptions={countyOptions} showUnit={!activity && (units?.length ?? 0) > 1} />
        </Card>
        <Card size="small" title={t('activities.sectionMedia')} style={{ marginBottom: 12 }}>
          <AttachmentsField editor={editor} />
        </Card>
        <Card size="small" title={t('activities.sectionContributions')} style={{ marginBottom: 12 }}>
          <ContributionsTable editor={editor} indicators={indicators} category={category} />
        </Card>
      </Form>
      {editor.editable && <ActivityActions campaignId={campaignId} activity={activity} editor={editor} />}
    </div>
  );
}
