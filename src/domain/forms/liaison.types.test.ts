import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCampaign } from '../campaign/campaign.load';
import type { LiaisonField } from '../campaign/campaign.schema';
import { validateLiaisonValues } from './liaison.rules';

const field = (key: string, type: LiaisonField['type'], extra: Partial<LiaisonField> = {}): LiaisonField => ({
  key, label: { zh: key, en: key }, type, required: false, group: 'liaison', ...extra,
});
const FIELDS = [field('n', 'number'), field('d', 'date'), field('c', 'choice', { options: [{ zh: '正职', en: 'Head' }, { zh: '副职', en: 'Deputy' }] })];

describe('liaison fields of other types', () => {
  it('takes numbers as people write them, real days and the options given', () => {
    expect(validateLiaisonValues(FIELDS, { n: '12', d: '2024-02-29', c: '副职' })).toEqual([]);
    expect(validateLiaisonValues(FIELDS, { n: '-3.5' })).toEqual([]);
    expect(validateLiaisonValues(FIELDS, { n: '１２' })).toEqual([]);
  });

  it('refuses the rest, one error per field', () => {
    expect(validateLiaisonValues(FIELDS, { n: '12人', d: '2023-02-29', c: 'Deputy' })).toEqual([
      { key: 'n', code: 'number' }, { key: 'd', code: 'date' }, { key: 'c', code: 'choice' },
    ]);
    expect(validateLiaisonValues(FIELDS, { d: '2022/06/01' })).toEqual([{ key: 'd', code: 'date' }]);
  });

  it('the campaign must give a choice its options, and only a choice', () => {
    const c = parse(readFileSync(fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url)), 'utf8'));
    c.forms.liaison.fields.push({ key: 'rank', label: { zh: '级别', en: 'Rank' }, type: 'choice', required: true, group: 'leader' });
    c.forms.liaison.fields[0].options = [{ zh: 'x', en: 'x' }];
    const r = parseCampaign(c);
    expect(r.ok).toBe(false);
    const messages = r.ok ? [] : r.errors.map((e) => `${String(e.path)}: ${e.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      'forms.liaison.fields[0].options: only allowed when type is choice',
      `forms.liaison.fields[${c.forms.liaison.fields.length - 1}].options: required when type is choice`,
    ]));
  });
});
