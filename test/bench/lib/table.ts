/** A result table, rendered as aligned text for the terminal and as Markdown for the doc. */
export interface Table {
  title: string;
  header: string[];
  rows: string[][];
  /** Column alignment; numbers read better right-aligned. Defaults to left for column 0, right otherwise. */
  align?: ('l' | 'r')[];
}

const alignOf = (t: Table, i: number) => t.align?.[i] ?? (i === 0 ? 'l' : 'r');

export function toText(t: Table): string {
  const widths = t.header.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (alignOf(t, i) === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  return [t.title, line(t.header), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function toMarkdown(t: Table): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const sep = t.header.map((_, i) => (alignOf(t, i) === 'r' ? '---:' : ':---'));
  return [
    `**${t.title}**`,
    '',
    `| ${t.header.map(esc).join(' | ')} |`,
    `| ${sep.join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}
