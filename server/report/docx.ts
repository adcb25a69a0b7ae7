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

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };

function items(list: ListItem[], ordered: boolean, instance: number): Paragraph[] {
  return list.flatMap((it) => [
    new Paragraph({
      text: it.text,
      ...(ordered ? { numbering: { reference: 'numbered', level: 0, instance } } : { bullet: { level: 0 } }),
    }),
    ...(it.sub ?? []).map((s) => new Paragraph({ text: s, bullet: { level: 1 } })),
  ]);
}

function table(head: string[], rows: string[][]): Table {
  const cell = (text: string, bold = false) =>
    new TableCell({
      borders: { top: border, bottom: border, left: border, right: border },
      children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
    });
  return new Table({
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
        return [new Paragraph({ text: b.text, heading: HEADINGS[b.level] })];
      case 'p':
        return [
          new Paragraph({
            children: [new TextRun({ text: b.text, bold: b.strong, italics: b.muted, color: b.muted ? '555555' : undefined })],
          }),
        ];
      case 'ul':
        return items(b.items, false, 0);
      case 'ol':
        return items(b.items, true, ++lists);
      case 'table':
        return [table(b.head, b.rows), new Paragraph({ text: '' })];
    }
  });
  const document = new Document({
    creator: 'Kring',
    title: doc.title,
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
