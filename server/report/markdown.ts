/** The report as Markdown (CommonMark + GFM tables). */
import type { Block, ListItem, ReportDoc } from '../../shared/report/model.ts';

/**
 * R-REPORT-SAFE: a link's address as it may go into a report: only http and https (no
 * `javascript:`, `data:`, `file:`), normalised by the URL parser (spaces, quotes and
 * angle brackets percent-encoded; parentheses too, so a Markdown link cannot be closed
 * early). Anything else: undefined, and the link is shown as plain text.
 */
export function safeHref(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.href.replace(/[()\\\s<>"'`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A chart's content in words, for its alt text (DOCX) and where a picture cannot go. */
export function chartAlt(b: Extract<Block, { t: 'bars' | 'clusters' }>): string {
  const parts = b.t === 'bars' ? b.bars.map((x) => `${x.label}: ${x.value}`) : b.clusters.map((c) => `${c.label}: ${c.items.join(', ')}`);
  return `${b.title}. ${parts.join('; ')}`;
}

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

/** Every text in `want` is somewhere in `have`. */
const within = (want: string[], have: Set<string>) => want.length > 0 && want.every((w) => have.has(w));

/**
 * R-REPORT-MD-MEDIA: what a Markdown file cannot show as a picture. A bar chart or a wall
 * whose texts the report already lists (the vote's table, the brainstorm's clusters) adds
 * nothing and is left out; otherwise its content as a list.
 */
function picture(b: Extract<Block, { t: 'bars' | 'clusters' }>, doc: ReportDoc): string {
  if (b.t === 'bars') {
    const cells = new Set(doc.blocks.flatMap((x) => (x.t === 'table' ? x.rows.flat() : [])));
    if (
      within(
        b.bars.map((x) => x.label),
        cells,
      )
    )
      return '';
    return [
      `**${esc(b.title)}**`,
      list(
        b.bars.map((x) => ({ text: `${x.label}: ${x.value}` })),
        false,
      ),
    ].join('\n\n');
  }
  const heads = new Set(doc.blocks.flatMap((x) => (x.t === 'p' && x.strong ? [x.text] : [])));
  if (
    within(
      b.clusters.map((c) => c.label),
      heads,
    )
  )
    return '';
  return [
    `**${esc(b.title)}**`,
    list(
      b.clusters.map((c) => ({ text: c.label, sub: c.items })),
      false,
    ),
  ].join('\n\n');
}

function block(b: Block, doc: ReportDoc): string {
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
    case 'img': {
      // A Markdown file cannot carry the picture: its description, in italics.
      const words = [b.caption, b.alt].map((x) => x?.replace(/\s+/g, ' ').trim()).filter((x): x is string => !!x);
      const text = [...new Set(words)].map(esc).join(' — ');
      return text ? `_${text}_` : '';
    }
    case 'bars':
    case 'clusters':
      return picture(b, doc);
    case 'link': {
      const href = safeHref(b.href);
      const text = b.text.trim() || b.href;
      return href ? `[${esc(text)}](${href})` : escStart(text);
    }
  }
}

export function toMarkdown(doc: ReportDoc): string {
  return `${doc.blocks
    .map((b) => block(b, doc))
    .filter(Boolean)
    .join('\n\n')}\n`;
}
