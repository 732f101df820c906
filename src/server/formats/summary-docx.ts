import { body, chineseDate, chineseNumber, heading1, officialDocument, photo, richParagraphs, signature, subtitle, title } from './official-docx';
import { richTextBlocks } from './rich-text';
import type { FileChild } from 'docx';

/*
 * One unit's 总结报告 as the office prints it: the title, the unit, each section the unit wrote as
 * 一、二、… in the campaign's order, the unit and date signed off at the end, then the photos it
 * picked (their display copies, already stripped of metadata) with their captions.
 */

export interface SummaryPhoto {
  /** JPEG bytes. */
  data: Buffer;
  width: number;
  height: number;
  caption: string;
}

export interface SummaryDocInput {
  title: string;
  unitName: string;
  /** In the campaign's order; blank ones are left out and the numbering closes up. */
  sections: { name: string; html: string }[];
  photos: SummaryPhoto[];
  /** Captions of the picked videos: a document cannot play them, so it names them. */
  videos: string[];
  /** The Shanghai day of the submission (YYYY-MM-DD), or null for a draft. */
  date: string | null;
  creator: string;
}

export async function writeSummaryDocx(input: SummaryDocInput): Promise<Buffer> {
  const children: FileChild[] = [title(input.title), subtitle(input.unitName)];
  let n = 0;
  for (const s of input.sections) {
    const blocks = richTextBlocks(s.html);
    if (!blocks.length) continue;
    children.push(heading1(`${chineseNumber(++n)}、${s.name}`), ...richParagraphs(blocks));
  }
  if (!n) children.push(body(['（尚未填写内容）']));
  children.push(body(['']), signature(input.unitName));
  if (input.date) children.push(signature(chineseDate(input.date)));

  if (input.photos.length || input.videos.length) {
    children.push(heading1('附：活动图片和视频', { newPage: true }));
    for (const p of input.photos) children.push(...photo(p.data, p, p.caption));
    if (input.videos.length) children.push(body([`视频资料（见媒体资料文件夹）：${input.videos.join('；')}。`]));
  }
  return officialDocument({ title: `${input.title}（${input.unitName}）`, creator: input.creator, children });
}
