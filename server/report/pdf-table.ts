/**
 * A result table in the PDF: a header row (repeated on every page the table runs onto),
 * cells that wrap, counts against the end of their column, columns in reading order (the
 * first on the right in a right-to-left report).
 */
import { COLOR, LEAD, SIZE, type Pen, type TextStyle } from './pdf-pen.ts';
import type { Laid } from './pdf-text.ts';

const PAD = 4;
/** Counts ("8", "8 stemmen", "3×"), as the print page aligns them (ReportBlocks.svelte). */
const numeric = (cell: string) => /^\p{Nd}+(?:[=×]|\s+\S+)?$/u.test(cell.trim());

/** Column widths: short columns (counts) as wide as they need, the rest share what is left. */
function widths(pen: Pen, head: string[], rows: string[][], n: number): number[] {
  const body: TextStyle = { size: SIZE.table };
  const bold: TextStyle = { size: SIZE.table, weight: 'bold' };
  const m = pen.measure(body);
  const mb = pen.measure(bold);
  const natural: number[] = [];
  const longestWord: number[] = [];
  for (let c = 0; c < n; c++) {
    const cells = rows.map((r) => r[c] ?? '');
    natural[c] = Math.max(mb(head[c] ?? ''), ...cells.map((s) => m(s))) + PAD * 2;
    longestWord[c] = Math.max(...[head[c] ?? '', ...cells].flatMap((s) => s.split(/\s+/)).map((w) => m(w))) + PAD * 2;
  }
  const total = pen.width;
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum <= total) {
    // Room for everything on one line: what is left goes to the widest column.
    const widest = natural.indexOf(Math.max(...natural));
    return natural.map((w, c) => (c === widest ? w + total - sum : w));
  }
  const fixed = natural.map((w) => w <= total * 0.2);
  const fixedSum = natural.reduce((a, w, c) => a + (fixed[c] ? w : 0), 0);
  const flexSum = sum - fixedSum;
  const rest = Math.max(total - fixedSum, total * 0.4);
  const out = natural.map((w, c) => (fixed[c] ? w : Math.max((w / flexSum) * rest, Math.min(longestWord[c], rest / 2))));
  const k = total / out.reduce((a, b) => a + b, 0);
  return out.map((w) => w * k);
}

export function table(pen: Pen, head: string[], rows: string[][]) {
  const n = Math.max(head.length, ...rows.map((r) => r.length));
  if (!n) return;
  const ws = widths(pen, head, rows, n);
  const lh = SIZE.table * LEAD;
  // The x of each column's left edge, in reading order.
  const xs: number[] = [];
  let acc = 0;
  for (let c = 0; c < n; c++) {
    xs[c] = pen.rtl ? pen.right - acc - ws[c] : pen.left + acc;
    acc += ws[c];
  }
  const numCol = Array.from({ length: n }, (_, c) => rows.length > 0 && rows.every((r) => numeric(r[c] ?? '')));
  const maxLines = Math.floor((pen.bottom - pen.top - lh * 4) / lh);

  const row = (cells: string[], header: boolean) => {
    const style: TextStyle = { size: SIZE.table, ...(header && { weight: 'bold' as const }) };
    const laid: Laid[] = Array.from({ length: n }, (_, c) => pen.lay(cells[c] ?? '', ws[c] - PAD * 2, style));
    // A cell taller than a page is cut (a post-it is never that long).
    for (const l of laid) l.lines.splice(maxLines);
    return { laid, style, h: Math.max(1, ...laid.map((l) => l.lines.length)) * lh + PAD * 2, header };
  };
  const draw = (r: ReturnType<typeof row>) => {
    const { doc } = pen;
    if (r.header) doc.rect(pen.left, pen.y, pen.width, r.h).fillColor(COLOR.head).fill();
    r.laid.forEach((l, c) => {
      const align = numCol[c] ? 'end' : 'start';
      l.lines.forEach((line, i) => pen.drawLine(line, xs[c] + PAD, ws[c] - PAD * 2, pen.y + PAD + i * lh, r.style, align, l));
    });
    pen.y += r.h;
    doc
      .moveTo(pen.left, pen.y)
      .lineTo(pen.right, pen.y)
      .lineWidth(r.header ? 1 : 0.5)
      .strokeColor(r.header ? '#666666' : '#c4c4c4')
      .stroke();
  };

  const header = row(head, true);
  pen.y += 4;
  pen.ensure(header.h + (rows.length ? row(rows[0], false).h : 0));
  draw(header);
  for (const cells of rows) {
    const r = row(cells, false);
    if (pen.y + r.h > pen.bottom) {
      pen.newPage();
      draw(header);
    }
    draw(r);
  }
  pen.y += 10;
}
