import { fail, invalidFields } from '../../http/errors';
import { translate } from '../../http/messages';

/*
 * The office's choice, row by row, where an import would replace what a unit filed itself:
 * keep the unit's ("unit") or take the file's ("file"). Sent with the confirmation as the form
 * field `choices`, e.g. {"7": "file", "9": "unit"}. Shared by the 附件1 and 附件2 imports.
 */

export type ImportChoice = 'unit' | 'file';

export function parseChoices(text: string | undefined): Map<number, ImportChoice> {
  const out = new Map<number, ImportChoice>();
  if (text === undefined || text.trim() === '') return out;
  let parsed: unknown;
  try { parsed = JSON.parse(text); } catch { throw fail(400, 'import.choices_invalid', {}, 'choices'); }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail(400, 'import.choices_invalid', {}, 'choices');
  for (const [row, choice] of Object.entries(parsed)) {
    if (!/^\d{1,7}$/.test(row) || (choice !== 'unit' && choice !== 'file')) throw fail(400, 'import.choices_invalid', {}, 'choices');
    out.set(Number(row), choice);
  }
  return out;
}

/** A 400 naming every flagged row the confirmation gives no choice for (`choices.<row>`). */
export function refuseUnchosen(rows: readonly { row: number; action: string; ownSubmission: unknown }[], choices: Map<number, ImportChoice>): void {
  const unchosen = rows.filter((r) => r.ownSubmission && (r.action === 'create' || r.action === 'update') && !choices.has(r.row));
  if (!unchosen.length) return;
  throw invalidFields(unchosen.map((r) => {
    const t = translate('import.choice_required', { row: r.row });
    return { field: `choices.${r.row}`, message: t.zh, messageEn: t.en };
  }));
}
