/**
 * The report API from the browser. Every secret travels in `Authorization: Bearer …`,
 * never in a URL (R-REPORT-ACCESS); downloads are fetched as blobs and saved through a
 * temporary `<a download>`, with the server's file name.
 */
import type { CreateSession, CreatedSession } from '../../../../shared/protocol.ts';
import type { ReportDoc } from '../../../../shared/report/model.ts';
import { errorCodeOf, type ClientErrorCode } from '../../lib/errors.ts';
import { facilitatorKey as credsKey, save, type FacilitatorCreds } from '../../lib/storage.ts';

export const DOWNLOAD_FORMATS = ['pdf', 'docx', 'md', 'csv', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

/** Why a report request failed: the HTTP status (0 = no connection) and a catalogue code. */
export interface ApiFailure {
  status: number;
  code: ClientErrorCode;
}
export type Result<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const reportUrl = (sessionId: string, format: string, lang?: string) =>
  `/api/sessions/${encodeURIComponent(sessionId)}/report/${format}${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`;

async function failureOf(res: Response): Promise<ApiFailure> {
  const body = await res.json().catch(() => null);
  return { status: res.status, code: errorCodeOf(body, res.status) };
}

const NETWORK: ApiFailure = { status: 0, code: 'NETWORK' };

/** The report as a neutral document (headings, paragraphs, lists, tables). */
export async function fetchReportDoc(sessionId: string, key: string, lang?: string): Promise<Result<ReportDoc>> {
  try {
    const res = await fetch(reportUrl(sessionId, 'doc', lang), { headers: auth(key), cache: 'no-store' });
    if (!res.ok) return { ok: false, failure: await failureOf(res) };
    const doc = (await res.json()) as ReportDoc;
    if (!doc || !Array.isArray(doc.blocks)) return { ok: false, failure: { status: res.status, code: 'INTERNAL' } };
    return { ok: true, value: doc };
  } catch {
    return { ok: false, failure: NETWORK };
  }
}

/** `attachment; filename="verslag-….docx"` → `verslag-….docx` (RFC 6266, both forms). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;\s]+)/.exec(disposition);
  return plain?.[1] ?? plain?.[2] ?? fallback;
}

/** Hand a blob to the browser as a download with this file name. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Fetch one format of the report and save it; the file name on success. */
export async function downloadReport(sessionId: string, key: string, format: DownloadFormat, lang?: string): Promise<Result<string>> {
  try {
    const res = await fetch(reportUrl(sessionId, format, lang), { headers: auth(key), cache: 'no-store' });
    if (!res.ok) return { ok: false, failure: await failureOf(res) };
    const name = fileNameFrom(res.headers.get('content-disposition'), `kring-${sessionId}.${format}`);
    saveBlob(await res.blob(), name);
    return { ok: true, value: name };
  } catch {
    return { ok: false, failure: NETWORK };
  }
}

/** A new read-only report link (replaces the previous one). */
export async function makeReportLink(sessionId: string, key: string): Promise<Result<{ reportKey: string; url: string }>> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/report-link`, { method: 'POST', headers: auth(key) });
    if (!res.ok) return { ok: false, failure: await failureOf(res) };
    return { ok: true, value: (await res.json()) as { reportKey: string; url: string } };
  } catch {
    return { ok: false, failure: NETWORK };
  }
}

/** Keep a new session's keys where the console looks for them, as the start page does. */
export function rememberSession(s: CreatedSession): void {
  save(credsKey(s.sessionId), { facilitatorKey: s.facilitatorKey, boardKey: s.boardKey, code: s.code } satisfies FacilitatorCreds);
}

/**
 * Create a session (the start page, or R-SERIES: the next one of a series, starting with a
 * refresher of this one) and keep its keys where the console looks for them.
 */
export async function createSession(input: Omit<CreateSession, 'lang'> & { lang: string }): Promise<Result<CreatedSession>> {
  try {
    const res = await fetch('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (!res.ok) return { ok: false, failure: await failureOf(res) };
    const created = (await res.json()) as CreatedSession;
    rememberSession(created);
    return { ok: true, value: created };
  } catch {
    return { ok: false, failure: NETWORK };
  }
}

/** The print page for a key (facilitator, report or organiser): `/r/<id>#k=<key>`. */
export const printPath = (sessionId: string, key: string) => `/r/${encodeURIComponent(sessionId)}#k=${encodeURIComponent(key)}`;

/** The console for a session: `/f/<id>#k=<facilitatorKey>`. */
export const consolePath = (sessionId: string, key: string) => `/f/${encodeURIComponent(sessionId)}#k=${encodeURIComponent(key)}`;

/** R-MAIL-OFF: whether this server can mail the report (SMTP configured). */
export async function mailEnabled(): Promise<boolean> {
  try {
    const res = await fetch('/api/mail', { cache: 'no-store' });
    return res.ok && ((await res.json()) as { enabled?: boolean }).enabled === true;
  } catch {
    return false;
  }
}

export interface MailRequest {
  to: string[];
  lang?: string;
  note?: string;
}
export interface MailPreview {
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

async function postMail<T>(sessionId: string, key: string, path: string, body: MailRequest): Promise<Result<T>> {
  try {
    const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/report/${path}`, {
      method: 'POST',
      headers: { ...auth(key), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // A 502 is the mail server refusing (MAIL_FAILED): the caller says so in its own words.
    if (!res.ok) return { ok: false, failure: await failureOf(res) };
    return { ok: true, value: (await res.json()) as T };
  } catch {
    return { ok: false, failure: NETWORK };
  }
}

/** R-MAIL: exactly what would go (nothing is sent). */
export const previewMail = (sessionId: string, key: string, body: MailRequest) =>
  postMail<MailPreview>(sessionId, key, 'mail/preview', body);
/** R-MAIL: send the report (PDF and DOCX) to the addresses. */
export const sendMail = (sessionId: string, key: string, body: MailRequest) => postMail<{ sent: number }>(sessionId, key, 'mail', body);
