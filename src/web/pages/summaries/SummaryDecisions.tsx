/*
 * The city office's steps on a unit's summary, as the server allows them (`can`): accept, return,
 * reopen. The dialog is the shared DecisionSteps.
 *
 * Test ids:
 *   sum-accept, sum-return, sum-reopen (each opens a dialog with sum-<action>-comment and
 *   sum-<action>-confirm; a refused step is shown in the dialog).
 */
import { useDecideSummary, type SummaryDecision, type UnitSummary } from '../../api/summaries';
import { DecisionSteps } from '../../components/DecisionSteps';

export function SummaryDecisions({ campaignId, unitId, can, onDone }: { campaignId: number; unitId: number; can: UnitSummary['can']; onDone: () => void }) {
  const decide = useDecideSummary(campaignId, unitId);
  const offered: SummaryDecision[] = [...(can.decide ? ['accept' as const, 'return' as const] : []), ...(can.reopen ? ['reopen' as const] : [])];
  return (
    <DecisionSteps
      ns="summary"
      testPrefix="sum"
      offered={offered}
      onDone={onDone}
      runner={{ ...decide, run: (action, text, onSuccess) => decide.mutate({ action, text }, { onSuccess }) }}
    />
  );
}
