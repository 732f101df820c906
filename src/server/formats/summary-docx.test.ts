import unzipper from 'unzipper';
import { describe, expect, it } from 'vitest';
import { writeSummaryDocx } from './summary-docx';
import { writeCitySummaryDocx, type CitySummaryInput } from './city-summary-docx';
import { chineseNumber, TEXT_WIDTH_PX } from './official-docx';
import { solidJpeg } from '../../../test/support/files';

async function parts(docx: Buffer) {
  const dir = await unzipper.Open.buffer(docx);
  const read = async (name: string) => (await dir.files.find((f) => f.path === name)?.buffer())?.toString('utf8') ?? '';
  const names = dir.files.map((f) => f.path);
  return {
    names,
    document: await read('word/document.xml'),
    styles: await read('word/styles.xml'),
    fonts: await read('word/fontTable.xml'),
    footer: (await Promise.all(names.filter((n) => /^word\/footer\d*\.xml$/.test(n)).map(read))).join(''),
  };
}

/** The text of the document's paragraphs, one per line. */
const textOf = (documentXml: string) => documentXml
  .split('</w:p>')
  .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
  .filter(Boolean);

describe('chinese numbering', () => {
  it('counts as headings do', () => {
    expect([1, 2, 9, 10, 11, 20, 21, 99].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '二十', '二十一', '九十九']);
  });
});

describe('a unit\'s summary (.docx)', () => {
  it('is A4 in the official styles, numbers the written sections, embeds the photos scaled to the page, and numbers its pages', async () => {
    const docx = await writeSummaryDocx({
      title: '昆明市2022年安全生产月活动情况总结报告',
      unitName: '五华区',
      sections: [
        { name: '开展情况', html: '<p>开展<strong>演练</strong>12场</p><script>x</script>' },
        { name: '经验做法', html: '<p> </p>' },
        { name: '存在问题', html: '<ul><li>宣传不足</li></ul>' },
      ],
      photos: [{ data: await solidJpeg(1600, 900), width: 1600, height: 900, caption: '启动仪式' }],
      videos: ['演练视频'],
      date: '2022-07-01',
      creator: 'safemonth',
    });
    const p = await parts(docx);
    const text = textOf(p.document);
    expect(text.slice(0, 2)).toEqual(['昆明市2022年安全生产月活动情况总结报告', '五华区']);
    expect(text).toContain('一、开展情况');
    expect(text).toContain('二、存在问题');
    expect(text.join('\n')).not.toContain('经验做法');
    expect(text).toContain('2022年7月1日');
    expect(text).toContain('启动仪式');
    expect(p.document).not.toContain('<script');
    // A4 portrait, 28 mm left margin.
    expect(p.document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(p.document).toMatch(/w:left="1587"/);
    // The photo is as wide as the text block, its height in proportion (EMU: 9525 a pixel).
    const [, cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(p.document)!;
    expect(Number(cx)).toBe(TEXT_WIDTH_PX * 9525);
    expect(Number(cy) / Number(cx)).toBeCloseTo(900 / 1600, 2);
    expect(p.names.some((n) => n.startsWith('word/media/'))).toBe(true);
    // Styles: title 方正小标宋简体 22 pt, headings 黑体, body 仿宋_GB2312 16 pt on an exact 28 pt line, 2-character indent.
    expect(p.styles).toMatch(/w:styleId="Title">.*?w:eastAsia="方正小标宋简体".*?<w:sz w:val="44"\/>/s);
    expect(p.styles).toMatch(/w:styleId="Heading1">.*?w:eastAsia="黑体"/s);
    expect(p.styles).toMatch(/w:styleId="Normal">.*?<w:spacing w:line="560" w:lineRule="exact"\/><w:ind w:firstLine="640"\/>.*?w:eastAsia="仿宋_GB2312".*?<w:sz w:val="32"\/>/s);
    expect(p.styles.match(/w:styleId="Heading1"/g)).toHaveLength(1);
    // Fallbacks Word uses when the official fonts are missing.
    expect(p.fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    expect(p.fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    // The page number field, centred in the footer.
    expect(p.footer).toContain('PAGE');
    expect(p.footer).toContain('<w:jc w:val="center"/>');
  });
});

describe('the city summary draft (.docx)', () => {
  const input = (over: Partial<CitySummaryInput> = {}): CitySummaryInput => ({
    title: '昆明市2022年“安全生产月”及“安全生产万里行”活动总结',
    plan: { title: '昆明市2022年“安全生产月”及“安全生产万里行”活动方案', documentNumber: '昆安办〔2022〕35号', theme: '遵守安全生产法 当好第一责任人', edition: 21, issuer: '昆明市安全生产委员会办公室' },
    periods: [{ name: '安全生产月', start: '2022-06-01', end: '2022-06-30' }],
    asOf: '2022-07-05',
    statistics: {
      units: 54, reported: 2,
      categories: [
        { name: '应急演练', figures: [{ label: '开展应急演练', value: 33, measure: '场' }, { label: '比武竞赛', value: 0, measure: '场' }] },
        { name: '警示教育', figures: [{ label: '警示教育现场会', value: 0, measure: '场' }] },
      ],
    },
    categories: [
      { name: '应急演练', highlights: [{ unitName: '五华区', text: '开展地铁应急演练', day: '2022-06-16', photo: null }] },
      { name: '警示教育', highlights: [] },
    ],
    completeness: {
      rows: [{ label: '县（市）区安委会', units: 14, submitted: 2, onTime: 1, completeness: 2 / 14, timeliness: 1 / 14 }],
      overall: { units: 54, submitted: 2, onTime: 1, completeness: 2 / 54, timeliness: 1 / 54 },
      missing: ['盘龙', '官渡'],
    },
    summaries: { units: 54, submitted: 1 },
    enforcement: null,
    creator: 'safemonth',
    ...over,
  });

  it('writes the identity, the figures that are not zero, the highlights, the completeness table; no enforcement passage without data', async () => {
    const text = textOf((await parts(await writeCitySummaryDocx(input()))).document).join('\n');
    expect(text).toContain('昆明市2022年“安全生产月”及“安全生产万里行”活动总结');
    expect(text).toContain('遵守安全生产法 当好第一责任人');
    expect(text).toContain('昆安办〔2022〕35号');
    expect(text).toContain('一、总体情况');
    expect(text).toContain('应急演练方面，开展应急演练33场。');
    expect(text).not.toContain('比武竞赛');
    expect(text).not.toContain('警示教育方面');
    expect(text).toContain('二、主要做法');
    expect(text).toContain('（一）应急演练');
    expect(text).toContain('1. 五华区：开展地铁应急演练');
    expect(text).toContain('（二）警示教育');
    expect(text).toContain('三、完成情况');
    expect(text).toContain('完整率3.7%');
    expect(text).toContain('县（市）区安委会');
    expect(text).toContain('14.3%');
    expect(text).toContain('未报送单位：盘龙、官渡。');
    expect(text).not.toContain('违法线索');
    expect(text).not.toContain('（一）报送情况');
  });

  it('adds the violation leads and exposures when they exist', async () => {
    const text = textOf((await parts(await writeCitySummaryDocx(input({ enforcement: { leads: 16, exposures: 7 } })))).document).join('\n');
    expect(text).toContain('（一）报送情况');
    expect(text).toContain('（二）违法线索和典型案例曝光');
    expect(text).toContain('共上报违法线索16条，组织媒体曝光典型案例7个');
  });
});
