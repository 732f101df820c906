import type { FileChild } from 'docx';
import {
  body, chineseDate, chineseNumber, heading1, heading2, heading3, officialDocument, photo, signature, subtitle, table, title,
} from './official-docx';

/*
 * The city's summary draft (市级活动总结初稿), written from the platform's data for the office to
 * finish in Word: the campaign's identity and theme; 一、总体情况 with the consolidated figures;
 * 二、主要做法 with, per task category, the featured activities (a photo each); 三、完成情况 with
 * the units' completeness and timeliness, and the violation leads and exposures when there are any;
 * 四、 a placeholder for what only people can write. Sentences are built here, the data is the caller's.
 */

export interface CitySummaryPhoto { data: Buffer; width: number; height: number }

export interface CitySummaryInput {
  /** The document's title, e.g. …活动总结. */
  title: string;
  plan: { title: string; documentNumber: string; theme: string; edition: number; issuer: string };
  periods: { name: string; start: string; end: string }[];
  /** The Shanghai day the figures are taken on (YYYY-MM-DD). */
  asOf: string;
  statistics: {
    /** Units that owe the table, and how many of them reported. */
    units: number;
    reported: number;
    categories: { name: string; figures: { label: string; value: number; measure: string }[] }[];
  };
  categories: {
    name: string;
    highlights: { unitName: string; text: string; day: string; photo: CitySummaryPhoto | null }[];
  }[];
  completeness: {
    rows: { label: string; units: number; submitted: number; onTime: number; completeness: number; timeliness: number }[];
    overall: { units: number; submitted: number; onTime: number; completeness: number; timeliness: number };
    /** Units that have not reported, those whose table is out for correction included. */
    missing: string[];
    /** Those of `missing` whose table was returned for correction. */
    returned?: string[];
  };
  /** Summary reports filed, when the campaign asks for them. */
  summaries: { units: number; submitted: number } | null;
  /** Violation leads and media exposures; null (and the passage left out) while nothing records them. */
  enforcement: { leads: number; exposures: number } | null;
  creator: string;
}

const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** 2022-06-01 → 6月1日 */
function monthDay(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${m}月${d}日`;
}

export async function writeCitySummaryDocx(input: CitySummaryInput): Promise<Buffer> {
  const { plan, statistics: st, completeness: c } = input;
  const children: FileChild[] = [title(input.title), subtitle('（初稿）')];

  const periods = input.periods.map((p) => `“${p.name}”（${monthDay(p.start)}至${monthDay(p.end)}）`).join('和');
  children.push(body([
    `按照《${plan.title}》（${plan.documentNumber}）部署，全市各级各部门紧扣第${plan.edition}个全国“安全生产月”主题“${plan.theme}”，`
    + `组织开展${periods}活动。现将活动开展情况总结如下：`,
  ]));

  let h = 0;
  children.push(heading1(`${chineseNumber(++h)}、总体情况`));
  children.push(body([
    `截至${chineseDate(input.asOf)}，全市${st.units}个应报送单位中，${st.reported}个已报送活动进展情况统计表。`
    + (st.reported ? '据各单位报送数据汇总：' : '暂无单位报送统计数据。'),
  ]));
  if (st.reported) {
    for (const cat of st.categories) {
      const figures = cat.figures.filter((f) => f.value > 0);
      if (!figures.length) continue;
      children.push(body([{ text: `${cat.name}方面，`, bold: true }, `${figures.map((f) => `${f.label}${f.value}${f.measure}`).join('，')}。`]));
    }
  }

  children.push(heading1(`${chineseNumber(++h)}、主要做法`));
  input.categories.forEach((cat, i) => {
    children.push(heading2(`（${chineseNumber(i + 1)}）${cat.name}`));
    if (!cat.highlights.length) {
      children.push(body(['（本类别暂无精选活动，可在素材库中将活动照片设为精选后重新生成。）']));
      return;
    }
    cat.highlights.forEach((hl, j) => {
      children.push(heading3(`${j + 1}. ${hl.unitName}：`, [hl.text]));
      if (hl.photo) children.push(...photo(hl.photo.data, hl.photo, `${hl.unitName}  ${monthDay(hl.day)}`));
    });
  });

  children.push(heading1(`${chineseNumber(++h)}、完成情况`));
  // A lone （一） reads wrong: the sub-headings appear only when there is a second part.
  if (input.enforcement) children.push(heading2('（一）报送情况'));
  const o = c.overall;
  children.push(body([
    `全市应报送活动进展情况统计表的单位${o.units}个，已报送${o.submitted}个，完整率${percent(o.completeness)}；`
    + `按时报送${o.onTime}个，及时率${percent(o.timeliness)}。`
    + (input.summaries ? `活动情况总结报告已报送${input.summaries.submitted}个（应报送${input.summaries.units}个）。` : ''),
  ]));
  children.push(table(
    ['单位类型', '应报单位', '已报送', '按时报送', '完整率', '及时率'],
    [
      ...c.rows.map((r) => [r.label, String(r.units), String(r.submitted), String(r.onTime), percent(r.completeness), percent(r.timeliness)]),
      ['合计', String(o.units), String(o.submitted), String(o.onTime), percent(o.completeness), percent(o.timeliness)],
    ],
    [3, 1.4, 1.4, 1.4, 1.4, 1.4],
  ));
  if (c.missing.length) {
    const returned = c.returned ?? [];
    children.push(body([
      `未报送单位：${c.missing.join('、')}。`
      + (returned.length ? `其中，${returned.join('、')}的统计表已退回修改，尚未重新报送，其数据未计入汇总。` : ''),
    ]));
  }
  if (input.enforcement) {
    children.push(heading2('（二）违法线索和典型案例曝光'));
    children.push(body([`活动期间，各单位共上报违法线索${input.enforcement.leads}条，组织媒体曝光典型案例${input.enforcement.exposures}个。`]));
  }

  children.push(heading1(`${chineseNumber(h + 1)}、存在问题和下步打算`));
  children.push(body(['（请结合各单位总结报告补充。）']));

  children.push(body(['']), signature(plan.issuer), signature(chineseDate(input.asOf)));
  return officialDocument({ title: input.title, subject: plan.theme, creator: input.creator, children });
}
