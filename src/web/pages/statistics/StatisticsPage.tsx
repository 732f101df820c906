/*
 * 附件2 活动进展情况统计表 of one unit: `/statistics` is the caller's own unit, `/statistics/:unitId`
 * any unit the caller may read (the office opens units from its list). What the caller may do is
 * the server's answer (`can`); the page never guesses it from roles.
 *
 * Test ids, each documented where it is rendered:
 *   StatisticsHeader: stat-due, stat-unit, stat-status, stat-late, stat-return-alert,
 *     stat-state-hint, stat-subunits, stat-export;
 *   DecisionActions: stat-approve, stat-accept, stat-return, stat-reopen, stat-<action>-comment,
 *     stat-<action>-confirm;
 *   EditorActionError: stat-action-error;
 *   CategoryPanel: stat-category-<categoryKey>, stat-input-<indicatorKey>, stat-error-<indicatorKey>;
 *   PrefillHint: stat-prefill-<indicatorKey>, stat-override-<indicatorKey>;
 *   OverridesAlert: stat-overrides, stat-overrides-<indicatorKey>;
 *   FindingNote: stat-finding-<findingKey>, stat-comment-<findingKey>, stat-comment-error-<findingKey>;
 *   SubmitBar: stat-save, stat-submit, stat-submit-blocked, stat-checking;
 *   StatisticsHistory: stat-history.
 */
import { useMemo } from 'react';
import { Collapse, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnitStatistics, type UnitStatistics } from '../../api/statistics';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { useCampaignGate } from '../../components/NoCampaign';
import { recordGate } from '../../components/RecordGate';
import { useFilingUnit } from '../../components/useFilingUnit';
import { useLang } from '../../i18n';
import { EditorActionError } from '../../components/EditorActionError';
import { categoryGroups, categoryItem } from './CategoryPanel';
import { DecisionActions } from './DecisionActions';
import { OverridesAlert } from './OverridesAlert';
import { StatisticsHeader } from './StatisticsHeader';
import { StatisticsHistory } from './StatisticsHistory';
import { SubmitBar } from './SubmitBar';
import { useStatisticsEditor } from './useStatisticsEditor';

export default function StatisticsPage() {
  const { t } = useTranslation();
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  const { unitId, badUnit } = useFilingUnit();
  const { data, isLoading, error, refetch } = useUnitStatistics(currentId, unitId);

  if (gate) return gate;
  const waiting = recordGate({
    badId: badUnit, badIdText: t('statistics.badUnit'), error, ready: !isLoading && !!data && currentId !== undefined, title: t('statistics.title'), back: null,
  });
  if (waiting || !data || currentId === undefined) return waiting;
  // A fresh editor per unit and campaign, so nothing typed for one unit shows on another.
  return <UnitTable key={`${currentId}:${data.unit.id}`} campaignId={currentId} data={data} reload={() => void refetch()} />;
}

function UnitTable({ campaignId, data, reload }: { campaignId: number; data: UnitStatistics; reload: () => void }) {
  const lang = useLang();
  const editor = useStatisticsEditor(campaignId, data);
  const { t } = useTranslation();
  const groups = useMemo(() => categoryGroups(data.categories, data.indicators, lang), [data.categories, data.indicators, lang]);

  return (
    <div>
      <StatisticsHeader
        campaignId={campaignId}
        data={data}
        actions={<DecisionActions campaignId={campaignId} unitId={data.unit.id} can={data.can} onDone={editor.clearErrors} />}
      />
      <OverridesAlert data={data} />
      <EditorActionError editor={editor} reload={reload} testId="stat-action-error" reloadLabel={t('statistics.conflictReload')} showFieldNames />
      <Form layout="vertical" component={false}>
        <Collapse
          defaultActiveKey={groups.map((g) => g.key)}
          style={{ marginBottom: 12, background: '#fff' }}
          items={groups.map((g) => categoryItem(g, editor, data.subUnits))}
        />
      </Form>
      {editor.editable && <SubmitBar editor={editor} />}
      <StatisticsHistory events={data.events} />
    </div>
  );
}
