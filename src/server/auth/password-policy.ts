import fs from 'node:fs';
import { fieldError } from '../http/errors';

/*
 * What a new password must not be: short, the user name, or one people pick first. The list ships
 * with the platform (common-passwords.txt, from scripts/common-passwords.mjs): breach-corpus
 * favourites, pinyin phrases (woaini1314), keyboard walks, digit runs and every yyyymmdd birthday.
 * A password that is a listed one with a few digits or symbols around it counts as listed, and so
 * does one built from the user name, the unit's code or the platform's own name.
 */

const MIN_LENGTH = 10;
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    fs.readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n').filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

/** The password stripped of the digits and symbols people wrap around a word ("Password123!" → "password"). */
const core = (p: string) => p.replace(/^[^a-z]+|[^a-z]+$/g, '');

export function isCommonPassword(password: string, own: string[] = []): boolean {
  const p = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(p)) return true;
  const c = core(p);
  if (c.length >= 3 && list.has(c)) return true;
  if (p.includes('safemonth')) return true;
  // The user name or unit code, repeated or with digits and symbols around it ("zhangsan2022", "530102530102").
  return own.some((w) => w.length >= 3 && p.includes(w.toLowerCase()) && (p.split(w.toLowerCase()).join('').match(/[a-z]/g) ?? []).length < 4);
}

/** The problems of a new password, each naming `field` as the form shows it. */
export function passwordProblems(password: string, ctx: { username: string; unitCode?: string }, field = 'newPassword') {
  const problems = [];
  if (password.length < MIN_LENGTH) problems.push(fieldError(field, 'password.too_short'));
  if (password.toLowerCase() === ctx.username.toLowerCase()) problems.push(fieldError(field, 'password.same_as_username'));
  else if (isCommonPassword(password, [ctx.username, ...(ctx.unitCode ? [ctx.unitCode] : [])])) problems.push(fieldError(field, 'password.common'));
  return problems;
}
