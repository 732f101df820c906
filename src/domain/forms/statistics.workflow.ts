import type { Text } from '../text';

/*
 * The life of a unit's statistics table:
 *
 *   (none) ─save→ draft ─submit→ submitted ─[approve]→ approved ─accept→ accepted (locked)
 *                   ↑                 │                    │               │
 *                   └──── returned ←──┴──── return ────────┘     reopen ───┘
 *
 * The approve step exists only for unit types the campaign names (forms.statistics.approval).
 * Who may take each step is the policy's business; this module only knows which step may follow which.
 */

export const statisticsStatuses = ['draft', 'submitted', 'approved', 'accepted', 'returned'] as const;
export type StatisticsStatus = (typeof statisticsStatuses)[number];

export const statisticsStatusLabels: Record<StatisticsStatus, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  approved: { zh: '已审核', en: 'Approved' },
  accepted: { zh: '已接收', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
};

export const statisticsActions = ['save', 'submit', 'approve', 'accept', 'return', 'reopen'] as const;
export type StatisticsAction = (typeof statisticsActions)[number];

export type WorkflowError = 'locked' | 'not_editable' | 'no_approval' | 'wrong_state';

export type Step = { ok: true; status: StatisticsStatus } | { ok: false; error: WorkflowError };

const to = (status: StatisticsStatus): Step => ({ ok: true, status });
const refuse = (error: WorkflowError): Step => ({ ok: false, error });

/** The unit may still change its figures. */
export const isEditable = (s: StatisticsStatus | null) => s === null || s === 'draft' || s === 'returned';

/** What a step does to a table in `status` (null: the unit has no table yet). */
export function step(status: StatisticsStatus | null, action: StatisticsAction, approvalRequired: boolean): Step {
  switch (action) {
    case 'save':
      if (isEditable(status)) return to(status ?? 'draft');
      return refuse(status === 'accepted' ? 'locked' : 'not_editable');
    case 'submit':
      if (isEditable(status)) return to('submitted');
      return refuse(status === 'accepted' ? 'locked' : 'not_editable');
    case 'approve':
      if (!approvalRequired) return refuse('no_approval');
      return status === 'submitted' ? to('approved') : refuse(status === 'accepted' ? 'locked' : 'wrong_state');
    case 'accept':
      if (status === (approvalRequired ? 'approved' : 'submitted')) return to('accepted');
      return refuse(status === 'accepted' ? 'locked' : 'wrong_state');
    case 'return':
      if (status === 'submitted' || status === 'approved') return to('returned');
      return refuse(status === 'accepted' ? 'locked' : 'wrong_state');
    case 'reopen':
      return status === 'accepted' ? to('returned') : refuse('wrong_state');
  }
}

/* Whether a table counts as reported is decided in reporting.ts, for every view alike. */
