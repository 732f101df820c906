/*
 * The one life of a case (a public report, a unit's violation lead, a hotline call), in the
 * spirit of 12350 practice: accept it or say why not, hand it to the responsible unit, verify,
 * order rectification, check the evidence, close with a public reply.
 *
 *   received ─accept→ accepted ─assign→ assigned ─verify→ founded ─order→ rectifying ─rectify→ rectified ─close→ closed
 *      │                                   │  ↺reassign        └─verify→ unfounded ────────────────close→ closed
 *      └─reject→ not_accepted              any open state ─merge→ merged (into another case)
 *
 * Who takes a step is a "side": the city office's desk, or the unit the case is assigned to.
 * The server maps accounts to sides (roles and the unit tree); this module only says which side
 * may take which step from which state.
 */

export const caseStatuses = [
  'received', 'not_accepted', 'accepted', 'assigned', 'founded', 'unfounded', 'rectifying', 'rectified', 'closed', 'merged',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseActions = ['accept', 'reject', 'assign', 'reassign', 'verify', 'order_rectification', 'rectify', 'close', 'merge'] as const;
export type CaseAction = (typeof caseActions)[number];

/** office: the city office's case desk (city_admin, case_handler of the city office); unit: the assigned unit's handlers. */
export type CaseSide = 'office' | 'unit';

export const terminalStatuses: ReadonlySet<CaseStatus> = new Set(['not_accepted', 'closed', 'merged']);
export const isOpen = (s: CaseStatus) => !terminalStatuses.has(s);

interface Rule {
  from: readonly CaseStatus[];
  to: CaseStatus | ((input: StepInput) => CaseStatus);
  sides: readonly CaseSide[];
}

export interface StepInput {
  /** For verify: whether the report proved true. */
  founded?: boolean;
}

const OPEN: readonly CaseStatus[] = caseStatuses.filter((s) => isOpen(s));

const RULES: Record<CaseAction, Rule> = {
  accept: { from: ['received'], to: 'accepted', sides: ['office'] },
  reject: { from: ['received'], to: 'not_accepted', sides: ['office'] },
  assign: { from: ['accepted'], to: 'assigned', sides: ['office'] },
  // A wrongly routed case goes back to the office's choice of unit; the unit cannot pass it on itself.
  reassign: { from: ['assigned'], to: 'assigned', sides: ['office'] },
  verify: { from: ['assigned'], to: (i) => (i.founded ? 'founded' : 'unfounded'), sides: ['unit', 'office'] },
  order_rectification: { from: ['founded'], to: 'rectifying', sides: ['unit', 'office'] },
  rectify: { from: ['rectifying'], to: 'rectified', sides: ['unit', 'office'] },
  close: { from: ['rectified', 'unfounded'], to: 'closed', sides: ['unit', 'office'] },
  merge: { from: OPEN, to: 'merged', sides: ['office'] },
};

export type CaseStepError = 'wrong_state' | 'wrong_side' | 'closed' | 'verification_result_required';

export type CaseStep = { ok: true; status: CaseStatus } | { ok: false; error: CaseStepError };

/** What `action` by `side` does to a case in `status`. */
export function caseStep(status: CaseStatus, action: CaseAction, side: CaseSide, input: StepInput = {}): CaseStep {
  const rule = RULES[action];
  if (!rule.from.includes(status)) return { ok: false, error: isOpen(status) ? 'wrong_state' : 'closed' };
  if (!rule.sides.includes(side)) return { ok: false, error: 'wrong_side' };
  if (action === 'verify' && input.founded === undefined) return { ok: false, error: 'verification_result_required' };
  return { ok: true, status: typeof rule.to === 'function' ? rule.to(input) : rule.to };
}

/** The steps `side` may take now: what a handler's page offers. */
export function availableActions(status: CaseStatus, side: CaseSide): CaseAction[] {
  return caseActions.filter((a) => RULES[a].from.includes(status) && RULES[a].sides.includes(side));
}

/** Which deadline runs in each state; a case in a state with none is waiting on no one. */
export const deadlineOf: Partial<Record<CaseStatus, 'accept' | 'verify' | 'rectify'>> = {
  received: 'accept',
  assigned: 'verify',
  rectifying: 'rectify',
};

/**
 * Escalation (督办): an open case whose running deadline has passed can be raised by the office
 * to the leader. It changes no status: the same side still owes the same step, now watched.
 */
export function canEscalate(status: CaseStatus, deadline: Date | null, now: Date, alreadyEscalated: boolean): CaseStepError | 'not_overdue' | null {
  if (!isOpen(status)) return 'closed';
  if (alreadyEscalated) return 'wrong_state';
  if (!deadlineOf[status] || deadline === null || now.getTime() < deadline.getTime()) return 'not_overdue';
  return null;
}
