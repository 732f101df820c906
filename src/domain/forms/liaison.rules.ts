import type { LiaisonField } from '../campaign/campaign.schema';
import { isDay } from '../time';

/*
 * 附件1 联络员反馈表: the fields are the campaign's (forms.liaison.fields), so next year's form
 * may add or drop a field without a code change. The rules here only know field types.
 */

export type LiaisonValues = Record<string, string>;

export type LiaisonErrorCode = 'required' | 'mobile' | 'phone' | 'email' | 'number' | 'date' | 'choice' | 'too_long' | 'unknown_field';

export interface LiaisonError {
  key: string;
  code: LiaisonErrorCode;
}

/** A mainland mobile number: 11 digits starting 13–19. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;
/** An office phone with its area code, e.g. 0871-63104019, optionally an extension (-123). */
export const PHONE_RE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
/** A practical e-mail check: one @, no spaces, a dot in the domain. */
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_VALUE_LENGTH = 200;
/** A figure as a person writes it: digits, an optional decimal part, an optional sign. */
export const NUMBER_RE = /^[+-]?\d+(\.\d+)?$/;


/** Trims every value and drops empty ones, so "  " and a missing key mean the same. */
export function normaliseLiaisonValues(values: Record<string, unknown>): LiaisonValues {
  const out: LiaisonValues = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') continue;
    const s = v.trim();
    if (s) out[k] = s;
  }
  return out;
}

/** Every problem with the values, in the order of the fields; an empty list means they are valid. */
export function validateLiaisonValues(fields: readonly LiaisonField[], values: LiaisonValues): LiaisonError[] {
  const errors: LiaisonError[] = [];
  const known = new Set(fields.map((f) => f.key));
  for (const f of fields) {
    const v = (values[f.key] ?? '').trim();
    if (!v) {
      if (f.required) errors.push({ key: f.key, code: 'required' });
      continue;
    }
    if (v.length > MAX_VALUE_LENGTH) { errors.push({ key: f.key, code: 'too_long' }); continue; }
    if (f.type === 'mobile' && !MOBILE_RE.test(v)) errors.push({ key: f.key, code: 'mobile' });
    else if (f.type === 'phone' && !PHONE_RE.test(v)) errors.push({ key: f.key, code: 'phone' });
    else if (f.type === 'email' && !EMAIL_RE.test(v)) errors.push({ key: f.key, code: 'email' });
    else if (f.type === 'number' && !NUMBER_RE.test(v.normalize('NFKC'))) errors.push({ key: f.key, code: 'number' });
    else if (f.type === 'date' && !isDay(v)) errors.push({ key: f.key, code: 'date' });
    // A choice is stored as its option's Chinese label, as the paper form prints it.
    else if (f.type === 'choice' && !f.options?.some((o) => o.zh === v)) errors.push({ key: f.key, code: 'choice' });
  }
  for (const k of Object.keys(values)) if (!known.has(k)) errors.push({ key: k, code: 'unknown_field' });
  return errors;
}

export interface ValueChange {
  key: string;
  before: string | null;
  after: string | null;
}

/** What changed from one version to the next, key by key (sorted by key for a stable answer). */
export function diffValues(before: LiaisonValues | null | undefined, after: LiaisonValues): ValueChange[] {
  const prev = before ?? {};
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(after)])].sort();
  const out: ValueChange[] = [];
  for (const key of keys) {
    const b = prev[key] ?? null;
    const a = after[key] ?? null;
    if (b !== a) out.push({ key, before: b, after: a });
  }
  return out;
}
