import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatReceipt, newReceipt, normaliseReceipt } from './case.receipt';
import { leadingZeroBits, meetsDifficulty, powInput, solvePow } from './case.pow';
import { availableActions, canEscalate, caseActions, caseStatuses, caseStep, type CaseAction, type CaseSide, type CaseStatus } from './case.workflow';
import { calendarDeadline, isOverdue, isWorkingDay, NO_EXCEPTIONS, workingDaysAfter, workingDeadline } from './case.deadlines';
import { checkMerge, resolveMerged, type MergeableCase } from './case.merge';

/** Every legal step, as the plan's handling reads; anything not listed here must be refused. */
const LEGAL: [CaseStatus, CaseAction, CaseSide[], CaseStatus][] = [
  ['received', 'accept', ['office'], 'accepted'],
  ['received', 'reject', ['office'], 'not_accepted'],
  ['accepted', 'assign', ['office'], 'assigned'],
  ['assigned', 'reassign', ['office'], 'assigned'],
  ['assigned', 'verify', ['office', 'unit'], 'founded'],
  ['founded', 'order_rectification', ['office', 'unit'], 'rectifying'],
  ['rectifying', 'rectify', ['office', 'unit'], 'rectified'],
  ['rectified', 'close', ['office', 'unit'], 'closed'],
  ['unfounded', 'close', ['office', 'unit'], 'closed'],
  ...(['received', 'accepted', 'assigned', 'founded', 'unfounded', 'rectifying', 'rectified'] as const).map(
    (s) => [s, 'merge', ['office'], 'merged'] as [CaseStatus, CaseAction, CaseSide[], CaseStatus],
  ),
];

describe('the case workflow', () => {
  it('allows every legal step to the right side, and refuses every other (status × action × side)', () => {
    const refusedFor = new Map<string, string>();
    for (const status of caseStatuses) {
      for (const action of caseActions) {
        for (const side of ['office', 'unit'] as const) {
          const legal = LEGAL.find(([s, a, sides]) => s === status && a === action && sides.includes(side));
          const r = caseStep(status, action, side, { founded: true });
          if (legal) expect(r, `${status} ${action} by ${side}`).toEqual({ ok: true, status: legal[3] });
          else {
            expect(r.ok, `${status} ${action} by ${side} must be refused`).toBe(false);
            refusedFor.set(`${status}:${action}:${side}`, (r as { error: string }).error);
          }
        }
      }
    }
    // 10 states × 9 actions × 2 sides, minus the legal ones.
    expect(refusedFor.size).toBe(10 * 9 * 2 - LEGAL.reduce((n, [, , sides]) => n + sides.length, 0));
  });

  it('a verification says founded or unfounded, and leads on accordingly', () => {
    expect(caseStep('assigned', 'verify', 'unit', { founded: false })).toEqual({ ok: true, status: 'unfounded' });
    expect(caseStep('assigned', 'verify', 'unit')).toEqual({ ok: false, error: 'verification_result_required' });
  });

  it('names why a step is refused: the wrong side, the wrong state, or a case already ended', () => {
    expect(caseStep('received', 'accept', 'unit')).toEqual({ ok: false, error: 'wrong_side' });
    expect(caseStep('accepted', 'close', 'office')).toEqual({ ok: false, error: 'wrong_state' });
    expect(caseStep('closed', 'accept', 'office')).toEqual({ ok: false, error: 'closed' });
    expect(caseStep('merged', 'merge', 'office')).toEqual({ ok: false, error: 'closed' });
  });

  it('offers each side only its own next steps', () => {
    expect(availableActions('received', 'office')).toEqual(['accept', 'reject', 'merge']);
    expect(availableActions('received', 'unit')).toEqual([]);
    expect(availableActions('assigned', 'unit')).toEqual(['verify']);
    expect(availableActions('closed', 'office')).toEqual([]);
  });
});

describe('deadlines over working days (Asia/Shanghai)', () => {
  // 2022: 端午节 Friday 6/3 is a holiday; Sunday 4/24 was worked (调休 for 劳动节).
  const calendar = { holidays: ['2022-06-03'], workdays: ['2022-04-24'] };

  it('weekends are off, Monday to Friday are working days, the calendar overrides both', () => {
    expect(isWorkingDay('2022-06-04', NO_EXCEPTIONS)).toBe(false); // Saturday
    expect(isWorkingDay('2022-06-06', NO_EXCEPTIONS)).toBe(true); // Monday
    expect(isWorkingDay('2022-06-03', calendar)).toBe(false);
    expect(isWorkingDay('2022-04-24', calendar)).toBe(true);
  });

  it('five working days from a Friday evening end the next Friday; the weekend does not count', () => {
    // Friday 2022-06-10 23:30 in Shanghai (15:30 UTC).
    const friday = new Date('2022-06-10T15:30:00Z');
    expect(workingDaysAfter(friday, 5, NO_EXCEPTIONS)).toBe('2022-06-17');
    expect(workingDeadline(friday, 5, NO_EXCEPTIONS).toISOString()).toBe('2022-06-17T16:00:00.000Z');
  });

  it('a report on Saturday counts from Monday', () => {
    expect(workingDaysAfter(new Date('2022-06-11T02:00:00Z'), 1, NO_EXCEPTIONS)).toBe('2022-06-13');
  });

  it('a holiday is skipped and a worked Sunday counts', () => {
    // Wednesday 6/1 + 5 working days: Thu 6/2, (Fri 6/3 holiday), Mon 6/6 … Thu 6/9.
    expect(workingDaysAfter(new Date('2022-06-01T02:00:00Z'), 5, calendar)).toBe('2022-06-09');
    // Friday 4/22 + 1: Saturday off, Sunday 4/24 worked.
    expect(workingDaysAfter(new Date('2022-04-22T02:00:00Z'), 1, calendar)).toBe('2022-04-24');
  });

  it('fifteen working days to verify span three weekends', () => {
    expect(workingDaysAfter(new Date('2022-06-13T02:00:00Z'), 15, NO_EXCEPTIONS)).toBe('2022-07-04');
  });

  it('a UTC date that is already the next day in Shanghai counts from the Shanghai day', () => {
    // 2022-06-10T16:30Z is Saturday 00:30 in Shanghai.
    expect(workingDaysAfter(new Date('2022-06-10T16:30:00Z'), 1, NO_EXCEPTIONS)).toBe('2022-06-13');
  });

  it('rectification deadlines are calendar days; overdue from the deadline instant on', () => {
    const deadline = calendarDeadline(new Date('2022-06-13T02:00:00Z'), 30);
    expect(deadline.toISOString()).toBe('2022-07-13T16:00:00.000Z');
    expect(isOverdue(deadline, new Date('2022-07-13T15:59:59Z'))).toBe(false);
    expect(isOverdue(deadline, new Date('2022-07-13T16:00:00Z'))).toBe(true);
    expect(isOverdue(null, new Date())).toBe(false);
    expect(() => workingDaysAfter(new Date(), -1, NO_EXCEPTIONS)).toThrow(RangeError);
  });
});

describe('merging duplicates', () => {
  const c = (id: number, status: MergeableCase['status'], mergedInto: number | null = null): MergeableCase => ({ id, status, mergedInto });

  it('merges an open case into another open one, not into itself, a closed or a merged case', () => {
    expect(checkMerge(c(1, 'received'), c(2, 'assigned'))).toBeNull();
    expect(checkMerge(c(1, 'received'), c(1, 'received'))).toBe('same_case');
    expect(checkMerge(c(1, 'closed'), c(2, 'assigned'))).toBe('source_closed');
    expect(checkMerge(c(1, 'received'), c(2, 'closed'))).toBe('target_closed');
    expect(checkMerge(c(1, 'received'), c(2, 'merged', 3))).toBe('target_merged');
  });

  it('a receipt of a merged case leads to the case it went into, through a chain, without looping', () => {
    const cases = new Map([[1, c(1, 'merged', 2)], [2, c(2, 'merged', 3)], [3, c(3, 'assigned')], [7, c(7, 'merged', 8)], [8, c(8, 'merged', 7)]]);
    expect(resolveMerged(1, (id) => cases.get(id))).toBe(3);
    expect(resolveMerged(3, (id) => cases.get(id))).toBe(3);
    expect([7, 8]).toContain(resolveMerged(7, (id) => cases.get(id)));
  });
});

describe('receipts', () => {
  it('are 20 symbols in groups of four, from 32 symbols without I, L, O or U', () => {
    const r = newReceipt();
    expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(new Set(Array.from({ length: 50 }, () => newReceipt())).size).toBe(50);
  });

  it('are read back forgivingly: case, spaces, dashes, O for 0, I and L for 1', () => {
    const r = formatReceipt('0123456789ABCDEFGHJK');
    expect(normaliseReceipt(r)).toBe('0123456789ABCDEFGHJK');
    expect(normaliseReceipt(' o123 4567 89ab cdef ghjk ')).toBe('0123456789ABCDEFGHJK');
    expect(normaliseReceipt('L123-4567-89AB-CDEF-GHJK')).toBe('1123456789ABCDEFGHJK');
    expect(normaliseReceipt('0123-4567-89AB-CDEF-GHJ')).toBeNull();
    expect(normaliseReceipt('0123-4567-89AB-CDEF-GHJU')).toBeNull();
    expect(normaliseReceipt('')).toBeNull();
  });
});

describe('proof of work', () => {
  const sha = (s: string) => new Uint8Array(crypto.createHash('sha256').update(s).digest());

  it('counts leading zero bits across bytes', () => {
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0x01]))).toBe(7);
    expect(leadingZeroBits(new Uint8Array([0x00, 0x20]))).toBe(10);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('finds a nonce that meets the difficulty, which the check accepts and a harder one refuses', async () => {
    const nonce = await solvePow('challenge-1', 10, sha);
    const digest = sha(powInput('challenge-1', nonce));
    expect(meetsDifficulty(digest, 10)).toBe(true);
    expect(leadingZeroBits(digest)).toBeLessThan(24);
    expect(meetsDifficulty(sha(powInput('challenge-2', nonce)), 10) && meetsDifficulty(sha(powInput('challenge-1', nonce + 1)), 10)).toBe(false);
  });
});

describe('escalation', () => {
  const due = new Date('2022-06-10T00:00:00+08:00');
  it('is for an open case whose running deadline has passed, once', () => {
    expect(canEscalate('assigned', due, new Date('2022-06-10T09:00:00+08:00'), false)).toBeNull();
    expect(canEscalate('assigned', due, new Date('2022-06-09T23:00:00+08:00'), false)).toBe('not_overdue');
    expect(canEscalate('assigned', due, new Date('2022-06-11T09:00:00+08:00'), true)).toBe('wrong_state');
    expect(canEscalate('closed', due, new Date('2022-06-11T09:00:00+08:00'), false)).toBe('closed');
    expect(canEscalate('founded', null, new Date('2022-06-11T09:00:00+08:00'), false)).toBe('not_overdue');
  });
});
