/** The report as Markdown (CommonMark + GFM tables). */
import type { Block, ListItem, ReportDoc } from '../../shared/report/model.ts';

const esc = (s: string) => s.replace(/([\\`*_[\]#<>|])/g, '\\$1').replace(/\n+/g, ' ');

function list(items: ListItem[], ordered: boolean): string {
  return items
    .map((it, i) => {
      const head = `${ordered ? `${i + 1}.` : '-'} ${esc(it.text)}`;
      const pad = ordered ? '   ' : '  ';
      return [head, ...(it.sub ?? []).map((s) => `${pad}- ${esc(s)}`)].join('\n');
    })
    .join('\n');
}

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `${'#'.repeat(b.level)} ${esc(b.text)}`;
    case 'p':
      return b.strong ? `**${esc(b.text)}**` : b.muted ? `_${esc(b.text)}_` : esc(b.text);
    case 'ul':
      return list(b.items, false);
    case 'ol':
      return list(b.items, true);
    case 'table':
      return [
        `| ${b.head.map(esc).join(' | ')} |`,
        `| ${b.head.map(() => '---').join(' | ')} |`,
        ...b.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
      ].join('\n');
  }
}

export function toMarkdown(doc: ReportDoc): string {
  return `${doc.blocks.map(block).join('\n\n')}\n`;
}
