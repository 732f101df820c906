/*
 * 活动情况总结报告 of one unit: `/summary` is the caller's own unit, `/summary/:unitId` any unit the
 * caller may read (the office opens units from its list). One column on every screen, so a unit
 * can write it on a phone. What the caller may do is the server's answer (`can`), never a guess
 * from roles.
 *
 * Test ids, each documented where it is rendered:
 *   SummaryHeader: sum-due, sum-unit, sum-status, sum-late, sum-return-alert, sum-state-hint, sum-export;
 *   SummaryDecisions: sum-accept, sum-return, sum-reopen, sum-<action>-comment, sum-<action>-confirm;
 *   EditorActionError: sum-action-error;
 *   SectionEditor: sum-section-<key>, sum-section-<key>-toolbar, sum-count-<key>, sum-section-error-<key>;
 *   MediaPicker: sum-media, sum-media-count, sum-media-<mediaId>, sum-caption-<mediaId>, sum-media-error-<mediaId>;
 *   SummarySubmitBar: sum-save, sum-submit, sum-blocked, sum-unsaved;
 *   SummaryHistory: sum-history.
 */
import { useTranslation } from 'react-i18next';
import { useUnitSummary, type UnitSummary } from '../../api/summaries';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useCampaignGate } from '../../components/NoCampaign';
import { recordGate } from '../../components/RecordGate';
import { useFilingUnit } from '../../components/useFilingUnit';
import { MediaPicker } from './MediaPicker';
import { SectionEditor } from './SectionEditor';
import { EditorActionError } from '../../components/EditorActionError';
import { SummaryDecisions } from './SummaryDecisions';
import { SummaryHeader } from './SummaryHeader';
import { SummaryHistory } from './SummaryHistory';
import { SummarySubmitBar } from './SummarySubmitBar';
import { useSummaryEditor } from './useSummaryEditor';

export default function SummaryPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const { unitId, badUnit } = useFilingUnit();
  const { data, isLoading, error, refetch } = useUnitSummary(currentId, unitId);

  if (gate) return gate;
  const waiting = recordGate({
    badId: badUnit, badIdText: t('summary.badUnit'), error, ready: !isLoading && !!data && currentId !== undefined, title: t('summary.title'), back: null,
  });
  if (waiting || !data || currentId === undefined) return waiting;
  // A fresh editor per unit and campaign, so nothing typed for one unit shows on another.
  return <UnitSummaryView key={`${currentId}:${data.unit.id}`} campaignId={currentId} data={data} reload={() => void refetch()} />;
}

function UnitSummaryView({ campaignId, data, reload }: { campaignId: number; data: UnitSummary; reload: () => void }) {
  const { t } = useTranslation();
  const editor = useSummaryEditor(campaignId, data);
  return (
    <div style={{ maxWidth: 960 }}>
      <SummaryHeader
        campaignId={campaignId}
        data={data}
        actions={<SummaryDecisions campaignId={campaignId} unitId={data.unit.id} can={data.can} onDone={editor.clearErrors} />}
      />
      <EditorActionError editor={editor} reload={reload} testId="sum-action-error" reloadLabel={t('summary.conflictReload')} />
      {data.sections.map((s, n) => (
        <SectionEditor key={s.key} index={n} section={s} editor={editor} max={data.limits.sectionChars} />
      ))}
      <MediaPicker campaignId={campaignId} data={data} editor={editor} />
      {editor.editable && <SummarySubmitBar editor={editor} />}
      <SummaryHistory events={data.events} />
    </div>
  );
}
