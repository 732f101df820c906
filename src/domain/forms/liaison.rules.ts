import type { LiaisonField } from '../campaign/campaign.schema';
import { parsePhones } from './phone';
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
  /** For a phone or mobile: the piece of the value that is not a number, as written. */
  part?: string;
}

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

/**
 * Phone and mobile values in their stored form (phone.ts): "+86 138-1234-5678" and
 * "13812345678" are one number. A value that is not a number is left as typed for the check to name.
 */
export function normalisePhoneValues(fields: readonly LiaisonField[], values: LiaisonValues): LiaisonValues {
  const out: LiaisonValues = { ...values };
  for (const f of fields) {
    const v = out[f.key];
    if (!v || (f.type !== 'phone' && f.type !== 'mobile')) continue;
    const parsed = parsePhones(v, { mobileOnly: f.type === 'mobile' });
    if (parsed.ok) out[f.key] = parsed.normalised;
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
    if (f.type === 'mobile' || f.type === 'phone') {
      const parsed = parsePhones(v, { mobileOnly: f.type === 'mobile' });
      if (!parsed.ok) errors.push({ key: f.key, code: f.type, part: parsed.part });
    } else if (f.type === 'email' && !EMAIL_RE.test(v)) errors.push({ key: f.key, code: 'email' });
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
