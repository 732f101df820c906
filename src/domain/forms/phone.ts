/*
 * Telephone numbers as people write them in a form or a sheet cell: mainland mobiles (with or
 * without +86, with spaces or dashes inside), landlines with or without their area code
 * ("0871-63612345", "(0871)63612345", "63612345"), extensions ("转8001", "-8001", "ext. 8001",
 * "分机 8001"), and several numbers in one cell separated as clerks do (、，,;；/ a line break or
 * spaces). One rule for the liaison form, its API and its import; the stored form is normalised:
 * "13812345678", "0871-63612345转8001", several joined by "、".
 */

export type PhoneKind = 'mobile' | 'landline';

export interface PhoneNumber {
  kind: PhoneKind;
  /** The normalised text: 13812345678, 0871-63612345, 63612345, each optionally followed by 转<ext>. */
  text: string;
}

export type PhoneResult =
  | { ok: true; numbers: PhoneNumber[]; normalised: string }
  /** `part` is the piece that is not a number, as written, for the message. */
  | { ok: false; part: string; reason: 'not_a_number' | 'not_mobile' };

/** Separators between numbers that never occur inside one. */
const LIST_SEPARATORS = /[、，,;；/／\n\r|]+/;
const EXTENSION = /^(.*?)(?:\s*(?:转|分机|ext\.?|x|#)\s*|-)(\d{1,6})$/i;
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
/** Beijing (010) and 020–029 have three-digit area codes; every other area code has four. */
const WITH_AREA = /^(0(?:10|2\d|[3-9]\d{2}))([1-9]\d{6,7})$/;
const LOCAL = /^[2-9]\d{6,7}$/;

function parseMain(text: string): PhoneNumber | null {
  // (0871)63612345, +86 138-1234-5678, 0871 6361 2345: brackets, spaces and dashes are layout.
  const bare = text.replace(/^\((0\d{2,3})\)/, '$1').replace(/[\s\-–—.]/g, '');
  if (!/^\+?\d+$/.test(bare)) return null;
  const mobile = MOBILE.exec(bare);
  if (mobile) return { kind: 'mobile', text: mobile[1]! };
  const area = WITH_AREA.exec(bare);
  if (area) return { kind: 'landline', text: `${area[1]}-${area[2]}` };
  if (LOCAL.test(bare)) return { kind: 'landline', text: bare };
  return null;
}

/** One number, optionally with an extension; null when the text is not one number. */
export function parsePhone(text: string): PhoneNumber | null {
  const s = text.normalize('NFKC').trim();
  if (!s) return null;
  const whole = parseMain(s);
  if (whole) return whole;
  const ext = EXTENSION.exec(s);
  if (!ext) return null;
  const main = parseMain(ext[1]!.trim());
  // A mobile takes no extension.
  if (!main || main.kind !== 'landline') return null;
  return { kind: 'landline', text: `${main.text}转${ext[2]}` };
}

/** A piece between list separators: one number, or several separated by spaces only. */
function parsePiece(piece: string): PhoneNumber[] | null {
  const one = parsePhone(piece);
  if (one) return [one];
  const words = piece.split(/\s+/).filter(Boolean);
  if (words.length < 2) return null;
  const out: PhoneNumber[] = [];
  for (const w of words) {
    const n = parsePhone(w);
    if (!n) return null;
    out.push(n);
  }
  return out;
}

/**
 * Every number in a cell or form field. `mobileOnly` is the rule of a 手机 field: each number
 * must be a mobile.
 */
export function parsePhones(input: string, opts: { mobileOnly?: boolean } = {}): PhoneResult {
  const pieces = input.normalize('NFKC').split(LIST_SEPARATORS).map((p) => p.trim()).filter(Boolean);
  const numbers: PhoneNumber[] = [];
  if (!pieces.length) return { ok: false, part: input.trim(), reason: 'not_a_number' };
  for (const p of pieces) {
    const got = parsePiece(p);
    if (!got) return { ok: false, part: p, reason: 'not_a_number' };
    const landline = got.find((n) => n.kind !== 'mobile');
    if (opts.mobileOnly && landline) return { ok: false, part: p, reason: 'not_mobile' };
    numbers.push(...got);
  }
  return { ok: true, numbers, normalised: numbers.map((n) => n.text).join('、') };
}
