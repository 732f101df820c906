import type { Text } from '../text';

/*
 * The life of an activity record:
 *
 *   (none) ─create→ draft ─submit→ submitted ─accept→ accepted (locked)
 *                    ↑ update          │
 *                    └── returned ←────┘ return (with a comment); update, submit again
 *
 * Who may take each step (the city office, or an approver above the unit where the campaign
 * says so) is the policy's business; this module only knows which step may follow which.
 */

export const activityStatuses = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

export const activityStatusLabels: Record<ActivityStatus, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  accepted: { zh: '已接收', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
};

export const activityActions = ['create', 'update', 'submit', 'accept', 'return', 'delete'] as const;
export type ActivityAction = (typeof activityActions)[number];

export type ActivityWorkflowError = 'locked' | 'not_editable' | 'wrong_state';

/** `status: null` after a delete: the record is gone. */
export type ActivityStep = { ok: true; status: ActivityStatus | null } | { ok: false; error: ActivityWorkflowError };

const to = (status: ActivityStatus | null): ActivityStep => ({ ok: true, status });
const refuse = (error: ActivityWorkflowError): ActivityStep => ({ ok: false, error });

/** The unit may still change the record (its fields and its attachments). */
export const isActivityEditable = (s: ActivityStatus | null) => s === 'draft' || s === 'returned';

/** What a step does to an activity in `status` (null: it does not exist yet). */
export function activityStep(status: ActivityStatus | null, action: ActivityAction): ActivityStep {
  const notEditable = () => refuse(status === 'accepted' ? 'locked' : status === null ? 'wrong_state' : 'not_editable');
  switch (action) {
    case 'create':
      return status === null ? to('draft') : refuse('wrong_state');
    case 'update':
      return isActivityEditable(status) ? to(status) : notEditable();
    case 'submit':
      return isActivityEditable(status) ? to('submitted') : notEditable();
    case 'accept':
      if (status === 'submitted') return to('accepted');
      return refuse(status === 'accepted' ? 'locked' : 'wrong_state');
    case 'return':
      if (status === 'submitted') return to('returned');
      return refuse(status === 'accepted' ? 'locked' : 'wrong_state');
    case 'delete':
      // Once submitted, the record is part of what the office saw: it is returned, never deleted.
      return status === 'draft' ? to(null) : notEditable();
  }
}

/** Only accepted activities feed the statistics pre-fill, the coverage obligation and the public page. */
export const isActivityCounted = (s: ActivityStatus) => s === 'accepted';
