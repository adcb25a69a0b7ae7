/**
 * The report's items as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read accents).
 * R-REPORT-SAFE: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return (or
 * their full-width forms) gets a leading `'`, so no spreadsheet runs it as a formula.
 */
import { stringify } from 'csv-stringify/sync';
import { translate } from '../../shared/i18n/index.ts';
import type { ReportRow } from '../../shared/report/model.ts';

const COLUMNS = ['activity', 'kind', 'column', 'cluster', 'text', 'votes'] as const;

export function toCsv(rows: ReportRow[], lang: string): string {
  const header = COLUMNS.map((c) => translate(lang, `report.csv.${c}`));
  return `\uFEFF${stringify([header, ...rows.map((r) => COLUMNS.map((c) => r[c]))], { record_delimiter: '\r\n', escape_formulas: true })}`;
}
