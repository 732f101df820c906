/*
 * Accepting or returning a submitted record, offered when the server says the caller may decide
 * it (`can.decide`: the city office, or an approver above a township where the campaign says
 * so). The dialog is the shared DecisionSteps.
 *
 * Test ids:
 *   act-accept, act-return (each opens a dialog with act-<action>-comment and
 *   act-<action>-confirm; a refusal is shown in the dialog).
 */
import { useDecideActivity, type Activity } from '../../api/activities';
import { DecisionSteps } from '../../components/DecisionSteps';
import { useCan } from '../../components/RequireRole';

export function ActivityDecision({ campaignId, activity }: { campaignId: number; activity: Activity }) {
  const can = useCan();
  const decide = useDecideActivity(campaignId);
  if (!activity.can.decide || !can('activities.decide')) return null;
  return (
    <DecisionSteps
      ns="activities"
      testPrefix="act"
      offered={['accept', 'return']}
      acceptHint
      runner={{ ...decide, run: (action, comment, onSuccess) => decide.mutate({ id: activity.id, action, comment }, { onSuccess }) }}
    />
  );
}
