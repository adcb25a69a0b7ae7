/**
 * R-PRIVACY-REPORT-LINK: the JSON a read-only report link downloads. It is the written
 * report as data (the same blocks and spreadsheet rows the other formats show), built
 * from the report and nothing else, so it holds no participant id or name and no link
 * between a person and a post-it, a dot, a ballot, a group or a check-in pass.
 *
 * The full export (shared/exchange.ts, for re-import) needs the facilitator key or the
 * organiser: it lists the participants and who wrote what.
 */
import type { RoomState, SessionMeta } from '../model.ts';
import { buildReport, buildRows } from './build.ts';
import type { Block, ReportRow } from './model.ts';

export const PUBLIC_EXPORT_FORMAT = 'kring-report';
export const PUBLIC_EXPORT_VERSION = 1;

/** Said in the file itself, for whoever opens it later. */
export const PUBLIC_EXPORT_CONTAINS =
  'The report of this session as its read-only report link shows it: the agenda, the results ' +
  'and the texts that went into the report. No participant names or ids, and nothing that links ' +
  'a person to an anonymous post-it, dot, vote, group or check-in. Not for import: the full ' +
  'export needs the facilitator key or the organiser.';

/** The full export, as a response header says (its body must stay importable as it is). */
export const FULL_EXPORT_CONTAINS =
  'full export for re-import: participant names and ids, and who wrote each item; keep it as safe as the facilitator key';

export interface PublicExport {
  format: typeof PUBLIC_EXPORT_FORMAT;
  version: typeof PUBLIC_EXPORT_VERSION;
  contains: string;
  title: string;
  lang: string;
  /** The session's date (YYYY-MM-DD). */
  date: string;
  meta: Pick<SessionMeta, 'place' | 'facilitator' | 'nextDate' | 'nextTheme'>;
  /** The most participants present at once. */
  attendance: number;
  agenda: { kind: string; title: string; opened: boolean }[];
  /** The written report, block by block (headings, paragraphs, lists, tables). */
  report: Block[];
  /** One row per item, as in the CSV. */
  rows: ReportRow[];
}

export function publicExport(state: RoomState, lang: string = state.lang): PublicExport {
  const doc = buildReport(state, lang);
  const m = state.meta ?? {};
  const meta: PublicExport['meta'] = {};
  for (const key of ['place', 'facilitator', 'nextDate', 'nextTheme'] as const) if (m[key]) meta[key] = m[key];
  return {
    format: PUBLIC_EXPORT_FORMAT,
    version: PUBLIC_EXPORT_VERSION,
    contains: PUBLIC_EXPORT_CONTAINS,
    title: doc.title,
    lang,
    date: m.date || new Date(state.createdAt).toISOString().slice(0, 10),
    meta,
    attendance: state.peak ?? 0,
    agenda: state.agenda.map((a) => ({ kind: a.kind, title: a.title, opened: a.opened })),
    report: doc.blocks,
    rows: buildRows(state),
  };
}
