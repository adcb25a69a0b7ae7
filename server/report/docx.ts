/**
 * The report as a Word document (docx): real headings, bullet and numbered lists and
 * result tables, so city staff can edit it and mail it on.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Block, ListItem, ReportDoc } from '../../shared/report/model.ts';
import { firstStrong, hasRtl, rtlLangOf } from '../../shared/bidi.ts';
import { dirOf } from '../../shared/i18n/languages.ts';

/**
 * R-REPORT-SAFE: what XML 1.0 does not allow (C0 controls but tab, line feed and carriage
 * return; U+FFFE, U+FFFF; lone surrogates) is left out of every text, whatever is stored,
 * so that Word can always open the document. Bidi isolates and marks stay (R-REPORT-BIDI).
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters XML cannot hold are what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** Word's tags for the right-to-left languages (w:lang w:bidi). */
const BIDI_TAG: Record<string, string> = { ar: 'ar-SA', fa: 'fa-IR' };

type RunStyle = { bold?: boolean; italics?: boolean; color?: string };

/**
 * R-REPORT-BIDI: a paragraph's text as runs, each marked with its direction and language,
 * and whether the paragraph itself is right to left (its first strong letter, as
 * `dir="auto"` decides; in an Arabic or Persian report also when it has none). Text with
 * no right-to-left letter in a left-to-right report stays one plain run, as before.
 */
function bidi(raw: string, lang: string, style: RunStyle = {}): { runs: TextRun[]; rtl: boolean } {
  const text = xmlSafe(raw);
  const docRtl = dirOf(lang) === 'rtl';
  if (!docRtl && !hasRtl(text)) return { runs: [new TextRun({ text, ...style })], rtl: false };
  const rtl = (firstStrong(text) ?? (docRtl ? 'rtl' : 'ltr')) === 'rtl';
  // Split where the strong direction changes; neutrals stay with the run before them.
  const parts: { text: string; rtl: boolean }[] = [];
  for (const ch of text) {
    const dir = firstStrong(ch);
    const last = parts.at(-1);
    if (last && (dir === null || (dir === 'rtl') === last.rtl)) last.text += ch;
    else parts.push({ text: ch, rtl: dir === null ? rtl : dir === 'rtl' });
  }
  const runs = parts.map(
    (p) =>
      new TextRun({
        text: p.text,
        ...style,
        ...(p.rtl ? { rightToLeft: true, language: { bidirectional: BIDI_TAG[rtlLangOf(p.text, lang)] } } : { language: { value: lang } }),
      }),
  );
  return { runs, rtl };
}

/** A paragraph of `text`, with bidi runs where needed. */
function para(
  text: string,
  lang: string,
  opts: Omit<ConstructorParameters<typeof Paragraph>[0] & object, 'text' | 'children'>,
  style?: RunStyle,
) {
  const { runs, rtl } = bidi(text, lang, style);
  return new Paragraph({ ...opts, children: runs, ...(rtl && { bidirectional: true }) });
}

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

function items(list: ListItem[], ordered: boolean, instance: number, lang: string): Paragraph[] {
  return list.flatMap((it) => [
    para(it.text, lang, ordered ? { numbering: { reference: 'numbered', level: 0, instance } } : { bullet: { level: 0 } }),
    ...(it.sub ?? []).map((s) => para(s, lang, { bullet: { level: 1 } })),
  ]);
}

function table(head: string[], rows: string[][], lang: string): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      children: [para(text, lang, {}, { bold })],
    });
  return new Table({
    ...(dirOf(lang) === 'rtl' && { visuallyRightToLeft: true }),
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });
}

export async function toDocx(doc: ReportDoc): Promise<Buffer> {
  let lists = 0;
  const children = doc.blocks.flatMap((b: Block): (Paragraph | Table)[] => {
    switch (b.t) {
      case 'h':
        return [para(b.text, doc.lang, { heading: HEADINGS[b.level] })];
      case 'p':
        return [para(b.text, doc.lang, {}, { bold: b.strong, italics: b.muted, color: b.muted ? '555555' : undefined })];
      case 'ul':
        return items(b.items, false, 0, doc.lang);
      case 'ol':
        return items(b.items, true, ++lists, doc.lang);
      case 'table':
        return [table(b.head, b.rows, doc.lang), new Paragraph({ text: '' })];
      default:
        // Pictures, charts and links: rendered by issue 12's renderers (not yet in the DOCX).
        return [];
    }
  });
  const document = new Document({
    creator: 'Kring',
    title: xmlSafe(doc.title),
    language: doc.lang,
    numbering: {
      config: [
        {
          reference: 'numbered',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [{ children }],
  } as ConstructorParameters<typeof Document>[0]);
  return Packer.toBuffer(document);
}
