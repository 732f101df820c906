import type { Role } from '../accounts/roles';
import type { Text } from '../text';

/*
 * The review of a typical case (典型案例, §六) before mainstream media expose it. The plan asks for
 * exposures "经筛选审核后" — after screening and review — so nothing reaches a media partner that
 * has not passed every step of the campaign's review chain (`exposure.reviewChain` in the YAML):
 *
 *   draft ─submit→ in_review #0 ─pass→ in_review #1 ─pass→ … ─pass→ approved ─publish→ published ─withdraw→ withdrawn
 *     ↑ edit             │                  │                          │
 *     └──── return (with a comment) ────────┴──────────────────────────┘
 *
 * The city office (city_admin) drafts from verified cases, submits, publishes and withdraws; each
 * review step is passed, or returned, by the role the chain names for it.
 *
 * Stored in two columns: `status` (one of five fixed words) and `stage` (the index in the chain of
 * the step awaited, set only while `in_review`, null otherwise). An index rather than a status per
 * step (`pending:screen`) keeps the set of statuses fixed whatever chain a campaign configures, so
 * the database can CHECK it and filters and labels never depend on the campaign.
 */

export const exposureStatuses = ['draft', 'in_review', 'approved', 'published', 'withdrawn'] as const;
export type ExposureStatus = (typeof exposureStatuses)[number];

export const exposureStatusLabels: Record<ExposureStatus, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In review' },
  approved: { zh: '待发布', en: 'Approved' },
  published: { zh: '已曝光', en: 'Published' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export interface ExposureState {
  status: ExposureStatus;
  /** While `in_review`: the index of the awaited step in the chain. Null in every other status. */
  stage: number | null;
}

/** Where every typical case starts. */
export const DRAFT: ExposureState = { status: 'draft', stage: null };

/** One step of the review chain: who passes it, and what the page calls it. */
export interface ExposureReviewStep {
  key: string;
  role: Role;
  name: Text;
}

/** The review steps in order; the campaign guarantees at least one. */
export type ExposureReviewChain = readonly ExposureReviewStep[];

export const exposureReviewActions = ['edit', 'submit', 'pass', 'return', 'publish', 'withdraw'] as const;
export type ExposureReviewAction = (typeof exposureReviewActions)[number];

/** A return says what to fix; a withdrawal says why the exposure was retracted. */
export const commentRequired: ReadonlySet<ExposureReviewAction> = new Set(['return', 'withdraw']);

/**
 * wrong_state: the action does not apply to the case's status; wrong_role: none of the actor's roles
 * may take it; comment_required: a return or withdrawal without a reason; locked: an edit after the
 * case left draft (a published case is withdrawn, never changed under the media's feet).
 */
export type ExposureReviewError = 'wrong_state' | 'wrong_role' | 'comment_required' | 'locked';

export type ExposureReviewResult = { ok: true; state: ExposureState } | { ok: false; error: ExposureReviewError };

/** The city office drafts the case from a verified one and answers for what is published. */
const OFFICE: Role = 'city_admin';

const to = (state: ExposureState): ExposureReviewResult => ({ ok: true, state });
const refuse = (error: ExposureReviewError): ExposureReviewResult => ({ ok: false, error });

function checkChain(chain: ExposureReviewChain): void {
  if (chain.length === 0) throw new RangeError('a review chain needs at least one step');
}

/**
 * The index of the step a case in review awaits. A campaign edit may shorten the chain while a case
 * is in review: a stage past the end waits on the last step, so a shorter chain never skips the
 * final approval.
 */
function stageOf(state: ExposureState, chain: ExposureReviewChain): number {
  return Math.min(Math.max(state.stage ?? 0, 0), chain.length - 1);
}

/** The step a case in review awaits, or null when it is not in review. */
export function currentReviewStep(state: ExposureState, chain: ExposureReviewChain): ExposureReviewStep | null {
  if (state.status !== 'in_review' || chain.length === 0) return null;
  return chain[stageOf(state, chain)] ?? null;
}

/** What `action`, taken by an account holding `roles`, does to a typical case in `state`. */
export function reviewStep(
  state: ExposureState,
  action: ExposureReviewAction,
  roles: readonly Role[],
  chain: ExposureReviewChain,
  input: { comment?: string } = {},
): ExposureReviewResult {
  checkChain(chain);
  const holds = (role: Role) => roles.includes(role);
  const hasComment = (input.comment ?? '').trim() !== '';
  switch (action) {
    case 'edit':
      if (state.status !== 'draft') return refuse('locked');
      return holds(OFFICE) ? to(DRAFT) : refuse('wrong_role');
    case 'submit':
      if (state.status !== 'draft') return refuse('wrong_state');
      return holds(OFFICE) ? to({ status: 'in_review', stage: 0 }) : refuse('wrong_role');
    case 'pass': {
      const step = currentReviewStep(state, chain);
      if (step === null) return refuse('wrong_state');
      if (!holds(step.role)) return refuse('wrong_role');
      const next = stageOf(state, chain) + 1;
      return to(next < chain.length ? { status: 'in_review', stage: next } : { status: 'approved', stage: null });
    }
    case 'return': {
      // In review, the awaited step's role sends it back. Once approved, the office may still find
      // a face left unblurred before publishing, and the last approver may take the approval back.
      const step = currentReviewStep(state, chain);
      const mayReturn: Role[] | null =
        step !== null ? [step.role] : state.status === 'approved' ? [OFFICE, chain[chain.length - 1]!.role] : null;
      if (mayReturn === null) return refuse('wrong_state');
      if (!mayReturn.some(holds)) return refuse('wrong_role');
      return hasComment ? to(DRAFT) : refuse('comment_required');
    }
    case 'publish':
      if (state.status !== 'approved') return refuse('wrong_state');
      return holds(OFFICE) ? to({ status: 'published', stage: null }) : refuse('wrong_role');
    case 'withdraw':
      if (state.status !== 'published') return refuse('wrong_state');
      if (!holds(OFFICE)) return refuse('wrong_role');
      return hasComment ? to({ status: 'withdrawn', stage: null }) : refuse('comment_required');
  }
}

/** The actions an account may take now: what its page offers (return and withdraw then ask for a comment). */
export function availableReviewActions(state: ExposureState, roles: readonly Role[], chain: ExposureReviewChain): ExposureReviewAction[] {
  return exposureReviewActions.filter((a) => reviewStep(state, a, roles, chain, { comment: 'offered' }).ok);
}

/** Only a draft may be changed, its text and its photos' redaction boxes alike. */
export const isEditable = (state: Pick<ExposureState, 'status'>) => state.status === 'draft';

/** Media partners see published cases only: a draft or a withdrawn case is the office's business. */
export const canMediaSee = (state: Pick<ExposureState, 'status'>) => state.status === 'published';
