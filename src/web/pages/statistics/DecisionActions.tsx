/*
 * The workflow steps the server lets the caller take on a unit's table (`can`): an approver's
 * approval; the office's acceptance, return and reopening. The dialog is the shared DecisionSteps.
 *
 * Test ids:
 *   stat-approve, stat-accept, stat-return, stat-reopen (each opens a dialog with
 *   stat-<action>-comment and stat-<action>-confirm; a refused step is shown in the dialog).
 */
import { useDecideStatistics, type StatisticsDecision, type UnitStatistics } from '../../api/statistics';
import { DecisionSteps } from '../../components/DecisionSteps';

export function DecisionActions({ campaignId, unitId, can, onDone }: { campaignId: number; unitId: number; can: UnitStatistics['can']; onDone: () => void }) {
  const decide = useDecideStatistics(campaignId, unitId);
  const offered: StatisticsDecision[] = [
    ...(can.approve ? ['approve' as const] : []),
    ...(can.decide ? ['accept' as const, 'return' as const] : []),
    ...(can.reopen ? ['reopen' as const] : []),
  ];
  return (
    <DecisionSteps
      ns="statistics"
      testPrefix="stat"
      offered={offered}
      onDone={onDone}
      runner={{ ...decide, run: (action, text, onSuccess) => decide.mutate({ action, text }, { onSuccess }) }}
    />
  );
}
