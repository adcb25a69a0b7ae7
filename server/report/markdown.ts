/** The report as Markdown (CommonMark + GFM tables). */
import type { Block, ListItem, ReportDoc } from '../../shared/report/model.ts';

/**
 * R-REPORT-SAFE: a text as inline Markdown that shows it as it is, and nothing else:
 * - Markdown punctuation (`\`*_[]#<>|~`) is escaped, so no emphasis, code, link, image,
 *   raw HTML, `<…>` autolink or table cell can be made;
 * - GFM's bare-URL autolinks are broken with an escape that renders as the same text:
 *   `http\://…` (any `scheme://`), `www\.…`, and every `\@` (e-mail addresses);
 * - an entity (`&amp;`, `&#60;`) shows as typed, not as the character it names;
 * - line breaks (also a lone carriage return) become one space.
 * Text with none of these characters is left byte for byte as it was.
 */
const esc = (s: string) =>
  s
    .replace(/([\\`*_[\]#<>|~])/g, '\\$1')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    .replace(/\b([A-Za-z][A-Za-z0-9+.-]*):(?=\/\/)/g, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@')
    .replace(/[\r\n]+/g, ' ');

/**
 * A text that starts a block (a paragraph, a list item): also what would make structure
 * there is escaped (R-REPORT-SAFE), so that a post-it cannot make a heading, a list, a
 * quote, a rule, a code block or a setext underline: `-`, `+`, `=` and `1.`/`1)` at the
 * start, and leading spaces (an indented code block) are left out.
 */
const escStart = (s: string) =>
  esc(s)
    .replace(/^[ \t]+/, '')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])/, '$1\\$2');

function list(items: ListItem[], ordered: boolean): string {
  return items
    .map((it, i) => {
      const head = `${ordered ? `${i + 1}.` : '-'} ${escStart(it.text)}`;
      const pad = ordered ? '   ' : '  ';
      return [head, ...(it.sub ?? []).map((s) => `${pad}- ${escStart(s)}`)].join('\n');
    })
    .join('\n');
}

function block(b: Block): string {
  switch (b.t) {
    case 'h':
      return `${'#'.repeat(b.level)} ${esc(b.text)}`;
    case 'p':
      return b.strong ? `**${esc(b.text)}**` : b.muted ? `_${esc(b.text)}_` : escStart(b.text);
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
    default:
      // Pictures, charts and links: rendered by issue 12's renderers (not yet in Markdown).
      return '';
  }
}

export function toMarkdown(doc: ReportDoc): string {
  return `${doc.blocks.map(block).filter(Boolean).join('\n\n')}\n`;
}
