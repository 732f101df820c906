import type { FileChild } from 'docx';
import { body, chineseDate, heading1, heading3, officialDocument, photo, subtitle, title } from './official-docx';

/*
 * A typical case (典型案例) as the office sends it to the media: the title, the campaign and the
 * day of publication under it, then 一、基本案情 二、违法违规行为 三、处理情况 四、警示意义 in the
 * official body style, and the case's photos (already blurred by redact.ts, so no face or plate
 * leaves the office) at the width of the text with their numbered captions.
 */

export interface TypicalCaseImage {
  /** JPEG bytes, already redacted. */
  data: Buffer;
  width: number;
  height: number;
  caption: string | null;
}

export interface TypicalCaseDocInput {
  campaignName: string;
  title: string;
  /** The enterprise or person the case is about. */
  subject: string;
  sector: string | null;
  /** The day it was published (YYYY-MM-DD), or null while it is a draft. */
  publishedOn: string | null;
  facts: string;
  violations: string;
  handling: string;
  /** 一案双罚: the enterprise and its principal both penalised. */
  dualPenalty: boolean;
  /** 行刑衔接: suspected crimes handed to the judicial organs. */
  criminalTransfer: boolean;
  lesson: string;
  images: TypicalCaseImage[];
}

export const DUAL_PENALTY_SENTENCE = '本案依法实行“一案双罚”，对企业及其主要负责人分别予以处罚。';
export const CRIMINAL_TRANSFER_SENTENCE = '涉嫌犯罪线索已依法移送司法机关（行刑衔接）。';

/** Text typed in a box as paragraphs: each non-blank line is one, blank lines between them are not. */
export function textParagraphs(text: string): string[] {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map((line) => line.trim()).filter(Boolean);
}

export async function writeTypicalCaseDocx(input: TypicalCaseDocInput): Promise<Buffer> {
  const children: FileChild[] = [
    title(input.title),
    subtitle(input.publishedOn ? `${input.campaignName}\u3000${chineseDate(input.publishedOn)}` : input.campaignName),
  ];
  const section = (heading: string, text: string, extra: string[] = []) => {
    children.push(heading1(heading), ...[...textParagraphs(text), ...extra].map((p) => body([p])));
  };

  children.push(heading3('涉事单位：', [input.subject]));
  if (input.sector) children.push(heading3('行业领域：', [input.sector]));
  section('一、基本案情', input.facts);
  section('二、违法违规行为', input.violations);
  const closing = [input.dualPenalty && DUAL_PENALTY_SENTENCE, input.criminalTransfer && CRIMINAL_TRANSFER_SENTENCE].filter((s): s is string => !!s);
  section('三、处理情况', input.handling, closing.length ? [closing.join('')] : []);
  section('四、警示意义', input.lesson);

  input.images.forEach((img, i) => {
    const caption = img.caption?.trim() ? `图${i + 1}\u3000${img.caption.trim()}` : `图${i + 1}`;
    children.push(...photo(img.data, img, caption));
  });

  return officialDocument({ title: input.title, subject: input.campaignName, creator: 'safemonth', children });
}
