/**
 * The report (verslag) as a neutral document: headings, paragraphs, bullet lists and
 * tables. Built once from the room (report/build.ts, each kind contributing its part),
 * then rendered as Markdown, DOCX, the print page (HTML) — and flattened to CSV rows.
 */
export interface ListItem {
  text: string;
  sub?: string[];
}
export type Block =
  | { t: 'h'; level: 1 | 2 | 3; text: string }
  | { t: 'p'; text: string; muted?: boolean; strong?: boolean }
  | { t: 'ul'; items: ListItem[] }
  | { t: 'ol'; items: ListItem[] }
  | { t: 'table'; head: string[]; rows: string[][] }
  /** A stored image (an info card's picture, a photo of a flipchart), with its alt text and an optional caption. */
  | { t: 'img'; imageId: string; alt: string; caption?: string }
  /** A bar chart (a vote's result): one bar per item, longest first; `title` is its caption. */
  | { t: 'bars'; title: string; bars: { label: string; value: number }[] }
  /** The wall as a picture: each cluster a labelled stack of its post-its' texts. */
  | { t: 'clusters'; title: string; clusters: { label: string; items: string[] }[] }
  /** A link (a resource: reading or viewing tip). */
  | { t: 'link'; text: string; href: string };

export interface ReportDoc {
  lang: string;
  title: string;
  blocks: Block[];
}

/** One CSV row: an item with where it stood and how many votes it got. */
export interface ReportRow {
  activity: string;
  kind: string;
  column: string;
  cluster: string;
  text: string;
  votes: string;
}

/** What a kind gets to write its part of the report. */
export interface ReportContext {
  lang: string;
  t: (key: string, params?: Record<string, string | number>) => string;
  /** `text`, `sep` and `suffix` (a count, a note) in reading order, whatever the text's direction (bidi.ts). */
  suffix: (text: string, sep: string, suffix: string) => string;
  /** Dots per item id over every dot vote in the session (brainstorm items keep their ids). */
  votesFor: (itemId: string) => number | undefined;
}

/** What a renderer needs beyond the document: the stored images' bytes (PNG or JPEG). */
export interface ReportAssets {
  image(imageId: string): { mime: 'image/png' | 'image/jpeg'; width: number; height: number; data: Uint8Array } | undefined;
}
