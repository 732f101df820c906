import { describe, expect, it } from 'vitest';
import { richTextBlocks, sanitizeRichText } from './rich-text';

describe('sanitising summary HTML', () => {
  it('removes scripts, handlers, javascript: links, images, frames and every attribute', () => {
    const dirty = [
      '<p onclick="steal()" style="color:red" class="x">开展<script>alert(1)</script>活动</p>',
      '<img src=x onerror="alert(document.cookie)">',
      '<p><a href="javascript:alert(1)">点此</a>查看</p>',
      '<iframe src="https://evil.example/"><p>框内</p></iframe>',
      '<svg onload="alert(1)"><circle/></svg>',
      '<p><img src="data:image/png;base64,AAAA"></p>',
      '<style>p{display:none}</style><object data="x.swf"></object><embed src="x">',
      '<form action="/api/x"><input name="a" value="b"><button>提交</button></form>',
    ].join('');
    const clean = sanitizeRichText(dirty);
    expect(clean).toBe('<p>开展活动</p><p>点此查看</p><p></p>');
    for (const bad of ['script', 'onerror', 'onclick', 'javascript:', '<img', '<iframe', 'style', 'class', 'href', 'src=', '<svg', 'alert']) {
      expect(clean).not.toContain(bad);
    }
  });

  it('keeps the allowed structure and turns pasted headings and divs into it', () => {
    expect(sanitizeRichText('<h1>标题</h1><div>一段<b>加粗</b><em>强调</em><u>下划线</u><s>删除</s><br>换行</div><ol><li>一</li></ol><ul><li>二</li></ul><blockquote>引文</blockquote><h4>小标题</h4>'))
      .toBe('<h3>标题</h3><p>一段<b>加粗</b><em>强调</em><u>下划线</u><s>删除</s><br />换行</p><ol><li>一</li></ol><ul><li>二</li></ul><blockquote>引文</blockquote><h4>小标题</h4>');
  });

  it('escapes text that looks like markup and drops characters XML cannot carry', () => {
    expect(sanitizeRichText('<p>a &lt;script&gt; b\u0007c</p>')).toBe('<p>a &lt;script&gt; bc</p>');
    expect(sanitizeRichText('1 < 2 & 3 > 2')).toBe('1 &lt; 2 &amp; 3 &gt; 2');
  });
});

describe('reading sanitised HTML into blocks', () => {
  it('gives paragraphs, headings, list items with their numbers and quotes, with their runs', () => {
    const blocks = richTextBlocks('<h3>（一）组织</h3><p>全区<strong>12</strong>场<br />共&amp;计</p><ol><li>甲</li><li>乙<ul><li>丙</li></ul></li></ol><blockquote><p>引</p></blockquote>裸文本');
    expect(blocks.map((b) => [b.kind, b.list ?? null, b.inlines.map((x) => ('text' in x ? x.text : '⏎')).join('')])).toEqual([
      ['h3', null, '（一）组织'],
      ['p', null, '全区12场⏎共&计'],
      ['li', { ordered: true, index: 1, depth: 0 }, '甲'],
      ['li', { ordered: true, index: 2, depth: 0 }, '乙'],
      ['li', { ordered: false, index: 1, depth: 1 }, '丙'],
      ['quote', null, '引'],
      ['p', null, '裸文本'],
    ]);
    expect(blocks[1]!.inlines[1]).toMatchObject({ text: '12', bold: true, italics: false });
    expect(blocks[1]!.inlines[0]).toMatchObject({ text: '全区', bold: false });
  });

  it('skips empty paragraphs and collapses the source\'s line layout', () => {
    expect(richTextBlocks('<p> </p><p>\n  一\n  二 </p><p><br></p>').map((b) => b.inlines)).toEqual([
      [{ text: '一 二', bold: false, italics: false, underline: false, strike: false }],
    ]);
  });

  it('reads whatever is stored through the sanitiser first', () => {
    expect(richTextBlocks('<p onclick="x()">a<script>b</script></p><img src=x onerror=y>')).toEqual([
      { kind: 'p', inlines: [{ text: 'a', bold: false, italics: false, underline: false, strike: false }] },
    ]);
  });
});
