import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCampaignFile } from '../campaign/campaign.load';
import {
  checkPicks, checkSections, hasContent, htmlText, isBlankHtml, isSummaryEditable, MAX_SECTION_CHARS, orderedSections, summaryStep,
} from './summary.rules';

const referencePath = fileURLToPath(new URL('../../../campaigns/kunming-2022.yaml', import.meta.url));

function sections() {
  const r = loadCampaignFile(referencePath);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.campaign.forms.summary.sections;
}

describe('the reference plan\'s summary sections', () => {
  it('are the six of §七(四) and custom, in order, each with a hint', () => {
    const s = sections();
    expect(s.map((x) => x.name.zh)).toEqual(['开展情况', '经验做法', '特色亮点', '重要事项', '存在问题', '下步打算']);
    expect(s.map((x) => x.key)).toEqual(['overview', 'experience', 'highlights', 'important_matters', 'problems', 'next_steps']);
    expect(s.every((x) => x.hint?.zh && x.hint.en)).toBe(true);
  });
});

describe('sections', () => {
  it('keeps known sections, drops blank ones, names unknown and oversized ones', () => {
    const r = checkSections(sections(), {
      overview: '<p>全区开展活动12场</p>',
      experience: '<p> &nbsp; </p><p></p>',
      shoe_size: '<p>42</p>',
      problems: `<p>${'问'.repeat(MAX_SECTION_CHARS)}</p>`,
    });
    expect(r.sections).toEqual({ overview: '<p>全区开展活动12场</p>' });
    expect(r.errors).toEqual([{ key: 'shoe_size', code: 'unknown_section' }, { key: 'problems', code: 'too_long' }]);
  });

  it('measures at the limit exactly', () => {
    const at = 'x'.repeat(MAX_SECTION_CHARS);
    expect(checkSections(sections(), { overview: at }).errors).toEqual([]);
    expect(checkSections(sections(), { overview: `${at}x` }).errors).toEqual([{ key: 'overview', code: 'too_long' }]);
  });

  it('reads the text of sanitised HTML: tags gone, entities read, blocks on their own lines', () => {
    expect(htmlText('<p>甲&amp;乙 &lt;丙&gt;</p><ul><li>一</li><li>二</li></ul><p>a<br />b&#x4e01;&#19969;</p>')).toBe('甲&乙 <丙>\n一\n二\na\nb丁丁\n');
    expect(isBlankHtml('<p><strong> </strong></p><br />')).toBe(true);
    expect(hasContent({ overview: '<p></p>' })).toBe(false);
    expect(hasContent({ overview: '<p></p>', problems: '<p>无</p>' })).toBe(true);
  });

  it('orders what was written as the campaign orders its sections', () => {
    const o = orderedSections(sections(), { next_steps: '<p>继续</p>', overview: '<p>开展</p>' });
    expect(o.map((x) => [x.key, x.html])).toEqual([
      ['overview', '<p>开展</p>'], ['experience', ''], ['highlights', ''], ['important_matters', ''], ['problems', ''], ['next_steps', '<p>继续</p>'],
    ]);
  });
});

describe('media picks', () => {
  const usable = new Map([[1, { kind: 'image' }], [2, { kind: 'video' }], [3, { kind: 'document' }]]);

  it('takes photos and videos of the unit, each once', () => {
    expect(checkPicks([{ id: 1, caption: '启动仪式' }, { id: 2, caption: null }], usable)).toEqual([]);
    expect(checkPicks([{ id: 9, caption: null }, { id: 3, caption: null }, { id: 1, caption: null }, { id: 1, caption: 'x' }], usable)).toEqual([
      { index: 0, code: 'media_unknown' }, { index: 1, code: 'media_kind' }, { index: 3, code: 'media_twice' },
    ]);
  });
});

describe('workflow (the statistics workflow without approval)', () => {
  it('draft → submitted → accepted, locked until reopened; returned goes back to the unit', () => {
    expect(summaryStep(null, 'save')).toEqual({ ok: true, status: 'draft' });
    expect(summaryStep('draft', 'submit')).toEqual({ ok: true, status: 'submitted' });
    expect(summaryStep('submitted', 'save')).toEqual({ ok: false, error: 'not_editable' });
    expect(summaryStep('submitted', 'return')).toEqual({ ok: true, status: 'returned' });
    expect(summaryStep('returned', 'submit')).toEqual({ ok: true, status: 'submitted' });
    expect(summaryStep('submitted', 'accept')).toEqual({ ok: true, status: 'accepted' });
    for (const a of ['save', 'submit', 'accept', 'return'] as const) expect(summaryStep('accepted', a)).toEqual({ ok: false, error: 'locked' });
    expect(summaryStep('accepted', 'reopen')).toEqual({ ok: true, status: 'returned' });
    expect(summaryStep('draft', 'accept')).toEqual({ ok: false, error: 'wrong_state' });
    expect(summaryStep(null, 'accept')).toEqual({ ok: false, error: 'wrong_state' });
    expect([null, 'draft', 'returned', 'submitted', 'accepted'].map((s) => isSummaryEditable(s as never))).toEqual([true, true, true, false, false]);
  });
});
