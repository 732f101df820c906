import sanitizeHtml from 'sanitize-html';

/*
 * The rich text of summaries: what the editor sends is cut down to a small set of tags with no
 * attributes at all, so nothing stored can run, link, load or style anything; and that set is
 * read back into paragraphs and runs for the Word documents.
 */

/** Paragraphs, emphasis, lists, two heading levels and quotes: what an official summary uses. */
export const RICH_TEXT_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'h3', 'h4', 'blockquote'] as const;

// Characters XML 1.0 cannot carry: Word refuses a document that has one.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...RICH_TEXT_TAGS],
  // No attributes on any tag: no href, src, style, class, id or event handler survives.
  allowedAttributes: {},
  allowedSchemes: [],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  // A refused tag goes, its text stays (a link's words remain as plain text) …
  disallowedTagsMode: 'discard',
  // … except where the "text" is code or page furniture, which goes with its tag.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head', 'select', 'button'],
  // What editors and Word paste in place of the allowed tags, so paragraph breaks and headings survive.
  transformTags: { div: 'p', h1: 'h3', h2: 'h3', h5: 'h4', h6: 'h4', strike: 's', del: 's', ins: 'u' },
  parseStyleAttributes: false,
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html.replace(INVALID_XML, ''), OPTIONS).trim();
}

export interface RichRun { text: string; bold: boolean; italics: boolean; underline: boolean; strike: boolean }
export type RichInline = RichRun | { lineBreak: true };
export interface RichBlock {
  kind: 'p' | 'h3' | 'h4' | 'quote' | 'li';
  /** For list items: the list's kind, the item's number in it (from 1) and how deep the list is (from 0). */
  list?: { ordered: boolean; index: number; depth: number };
  inlines: RichInline[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const INLINE = { strong: 'bold', b: 'bold', em: 'italics', i: 'italics', u: 'underline', s: 'strike' } as const;
type InlineTag = keyof typeof INLINE;

/**
 * Sanitised HTML as blocks of runs. The HTML is sanitised again first, so whatever is stored,
 * only the allowed tags reach the reader, and the reader can be a simple tokenizer: after the
 * sanitiser there are no attributes, no comments and no raw `<` in text.
 */
export function richTextBlocks(html: string): RichBlock[] {
  const clean = sanitizeRichText(html);
  const blocks: RichBlock[] = [];
  const marks = { bold: 0, italics: 0, underline: 0, strike: 0 };
  const lists: { ordered: boolean; count: number }[] = [];
  let quote = 0;
  let current: RichBlock | null = null;

  const flush = () => {
    if (!current) return;
    const inlines = current.inlines;
    // Whitespace at a block's edges is the source's line layout, not the writer's text.
    while (inlines.length && 'lineBreak' in inlines[inlines.length - 1]!) inlines.pop();
    const first = inlines[0];
    if (first && 'text' in first) first.text = first.text.replace(/^\s+/, '');
    const last = inlines[inlines.length - 1];
    if (last && 'text' in last) last.text = last.text.replace(/\s+$/, '');
    if (inlines.some((x) => 'text' in x && x.text.trim() !== '')) blocks.push(current);
    current = null;
  };
  const open = (kind: RichBlock['kind'], list?: RichBlock['list']) => {
    flush();
    current = { kind, ...(list ? { list } : {}), inlines: [] };
    return current;
  };
  const block = (): RichBlock => current ?? open(quote ? 'quote' : 'p');

  for (const m of clean.matchAll(/<(\/?)([a-z0-9]+)\s*\/?>|([^<]+)/gi)) {
    const [, closing, rawTag, text] = m;
    if (text !== undefined) {
      const t = decode(text).replace(/[\t\n\r ]+/g, ' ');
      if (!current && t.trim() === '') continue;
      block().inlines.push({
        text: t, bold: marks.bold > 0, italics: marks.italics > 0, underline: marks.underline > 0, strike: marks.strike > 0,
      });
      continue;
    }
    const tag = rawTag!.toLowerCase();
    if (tag in INLINE) {
      marks[INLINE[tag as InlineTag]] += closing ? (marks[INLINE[tag as InlineTag]] > 0 ? -1 : 0) : 1;
      continue;
    }
    switch (tag) {
      case 'br':
        block().inlines.push({ lineBreak: true });
        break;
      case 'p':
      case 'h3':
      case 'h4':
        if (closing) flush();
        else open(tag === 'p' ? (quote ? 'quote' : 'p') : tag);
        break;
      case 'blockquote':
        flush();
        quote = Math.max(0, quote + (closing ? -1 : 1));
        break;
      case 'ul':
      case 'ol':
        flush();
        if (closing) lists.pop();
        else lists.push({ ordered: tag === 'ol', count: 0 });
        break;
      case 'li': {
        if (closing) { flush(); break; }
        const list = lists[lists.length - 1] ?? { ordered: false, count: 0 };
        list.count++;
        open('li', { ordered: list.ordered, index: list.count, depth: Math.max(0, lists.length - 1) });
        break;
      }
    }
  }
  flush();
  return blocks;
}
