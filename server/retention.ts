/**
 * Data handling a city can sign (issue 11): sessions are deleted automatically some days
 * after their date (R-RETENTION), and one participant's name and texts can be erased on
 * request (R-ERASE). Both end with Store.compact(), so that what was removed is not left
 * readable in the database file's free pages or its WAL (R-PRIVACY-DELETE).
 */
import type { FastifyBaseLogger } from 'fastify';
import { validateEvent } from '../shared/events.ts';
import type { StoredEvent } from '../shared/model.ts';
import { upcast } from '../shared/upcast.ts';
import type { Rooms } from './rooms.ts';
import { pseudonym } from './secrets.ts';
import type { SessionListing, KringStore as Store } from './store.ts';

export const DAY_MS = 86_400_000;
/** The organiser page warns about sessions deleted within this many days. */
export const RETENTION_WARN_DAYS = 14;
/** How often expired sessions are looked for (also once at start). */
export const RETENTION_CHECK_MS = 3600_000;

/** The retention period, and since when it applies on this database (ms). */
export interface RetentionPolicy {
  days: number;
  since: number;
}

/** The setting that remembers since when retention applies. */
export const RETENTION_SINCE = 'retention_since';

/**
 * The policy at start. Nothing is deleted before it has been announced on /admin for
 * RETENTION_WARN_DAYS: the first start with retention on (an upgrade, or retention
 * switched on again) is remembered, and no session goes before that plus the warning
 * days. A database that cannot be written still gets a policy (from now, in memory).
 */
export function retentionPolicy(store: Store, days: number, log: FastifyBaseLogger, now = Date.now()): RetentionPolicy {
  try {
    const stored = Number(store.setting(RETENTION_SINCE) || NaN);
    if (!days) {
      if (Number.isFinite(stored)) store.putSetting(RETENTION_SINCE, '');
    } else if (Number.isFinite(stored) && stored > 0) {
      return { days, since: stored };
    } else {
      store.putSetting(RETENTION_SINCE, String(now));
    }
  } catch (err) {
    log.error({ err }, 'retention: could not record when retention started; counting from now');
  }
  return { days, since: now };
}

/**
 * When a session is deleted automatically: `days` after its date (the facilitator's
 * session date, the whole day counted; else when it was created), and never before it
 * has been announced for RETENTION_WARN_DAYS; null when sessions are kept (`days` 0).
 */
export function deleteAfter(s: Pick<SessionListing, 'date' | 'created_at'>, policy: RetentionPolicy): number | null {
  if (!policy.days) return null;
  const day = s.date ? Date.parse(`${s.date}T00:00:00Z`) : NaN;
  const base = Number.isFinite(day) ? day + DAY_MS : s.created_at;
  return Math.max(base + policy.days * DAY_MS, policy.since + RETENTION_WARN_DAYS * DAY_MS);
}

/**
 * Store.compact(), logged instead of thrown (R-DISK): a VACUUM needs free space for a copy
 * of the file. The deletion itself is committed either way; the hourly run tries again.
 */
export function compactSafely(store: Store, log: FastifyBaseLogger): boolean {
  try {
    store.compact();
    return true;
  } catch (err) {
    log.error({ err }, 'could not compact the database after a deletion; trying again within the hour');
    return false;
  }
}

interface Deps {
  store: Store;
  rooms: Rooms;
  log: FastifyBaseLogger;
}

/**
 * Delete every session past its retention period. A room with open screens is left for
 * the next round (someone is using it right now). Returns the ids deleted.
 */
export function purgeExpired({ store, rooms, log }: Deps, policy: RetentionPolicy, now = Date.now()): string[] {
  if (!policy.days) return [];
  const deleted: string[] = [];
  for (const s of store.listSessions()) {
    const at = deleteAfter(s, policy);
    if (at === null || at > now) continue;
    if (rooms.isLoaded(s.id) && (rooms.get(s.id)?.socketCount ?? 0) > 0) continue;
    rooms.delete(s.id);
    deleted.push(s.id);
  }
  if (deleted.length || store.compactPending) compactSafely(store, log);
  if (deleted.length) {
    log.info({ sessionIds: deleted, retentionDays: policy.days }, 'sessions deleted after their retention period');
  }
  return deleted;
}

/**
 * Run `purgeExpired` now and then every RETENTION_CHECK_MS, on an unref'd timer. A
 * failure (a full disk, a locked file) is logged, never thrown: it cannot end the process.
 * Returns a stop function.
 */
export function startRetention(deps: Deps, policy: RetentionPolicy, everyMs = RETENTION_CHECK_MS): () => void {
  if (!policy.days) return () => {};
  const run = () => {
    try {
      purgeExpired(deps, policy);
    } catch (err) {
      deps.log.error({ err }, 'retention: could not delete expired sessions; trying again later');
    }
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** What replaces an erased text: a redaction mark that reads the same in every language. */
export const ERASED_TEXT = '[…]';
/** Keys whose string values are texts a participant wrote (or copies of them). */
const TEXT_KEYS = new Set(['text', 'need', 'answer', 'merged']);

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function walk(x: unknown, visit: (o: Json) => void) {
  if (Array.isArray(x)) for (const y of x) walk(y, visit);
  else if (isObject(x)) {
    visit(x);
    for (const y of Object.values(x)) walk(y, visit);
  }
}

/** The participant's names and texts, from the events they wrote. */
function collect(events: Json[], pid: string, voterOf: (activityId: string) => string) {
  const names = new Set<string>();
  const texts = new Set<string>();
  const add = (set: Set<string>, value: unknown) => typeof value === 'string' && value.trim() && set.add(value);
  for (const ev of events) {
    // `answer` is free text only in a check-in; elsewhere it is a choice (a final check, a need's kind).
    if (ev.pid === pid && ev.type === 'checkin.responded') add(texts, ev.answer);
    // Deep Democracy stances (a minority need among them) are stored under the person's
    // pseudonym in that activity (R-DD-PSEUDONYM), not their id.
    const voter = typeof ev.activityId === 'string' ? voterOf(ev.activityId) : undefined;
    walk(ev, (o) => {
      if (o.pid !== pid && (voter === undefined || o.voter !== voter)) return;
      add(names, o.name);
      add(texts, o.text);
      add(texts, o.need);
    });
  }
  return { names, texts };
}

/** One event with the participant's names and texts taken out (a copy; null: unchanged). */
function scrub(ev: Json, pid: string, names: Set<string>, texts: Set<string>): Json | null {
  const copy = structuredClone(ev);
  let changed = false;
  walk(copy, (o) => {
    if (o.pid === pid && typeof o.name === 'string') {
      // Optional names go; a rename and "show my name" keep their (now empty) field.
      if (copy.type === 'participant.renamed') o.name = '';
      else if (copy.type === 'groupwork.nameShown') o.name = null;
      else delete o.name;
      changed = true;
    } else if (typeof o.name === 'string' && names.has(o.name) && o.pid === undefined) {
      o.name = ERASED_TEXT; // a copy without an id (a group's list of shown names)
      changed = true;
    }
    for (const key of TEXT_KEYS) {
      const value = o[key];
      if (typeof value === 'string' && texts.has(value)) {
        o[key] = ERASED_TEXT;
        changed = true;
      } else if (Array.isArray(value) && value.some((s) => typeof s === 'string' && texts.has(s))) {
        o[key] = value.map((s) => (typeof s === 'string' && texts.has(s) ? ERASED_TEXT : s));
        changed = true;
      }
    }
  });
  return changed ? copy : null;
}

const valid = (ev: Json, v: number) => validateEvent(upcast(ev as unknown as StoredEvent, v)).ok;

export interface Erasure {
  /** Events rewritten. */
  events: number;
  /** Events left as they were because the rewritten one would not match its schema. */
  kept: number;
  /** The file was compacted (false: it is tried again within the hour). */
  compacted: boolean;
}

/**
 * R-ERASE: rewrite a session's stored events so that one participant's name and texts
 * (and copies of those texts: merged post-its, items carried into a vote) are gone; their
 * tokens and the session's snapshot go too, then the file is compacted. The room must not
 * be loaded (the caller unloads it first); it replays from the rewritten events.
 * Returns undefined when the participant never joined this session.
 */
export function eraseParticipant(store: Store, sessionId: string, pid: string, log: FastifyBaseLogger): Erasure | undefined {
  const rows = store.rawEvents(sessionId);
  const events = rows.map((r) => JSON.parse(r.data) as Json);
  if (!events.some((e) => e.type === 'participant.joined' && e.pid === pid)) return undefined;
  const key = store.pseudonymKey(sessionId);
  const { names, texts } = collect(events, pid, (activityId) => pseudonym(key, activityId, pid));
  const rewritten: { seq: number; data: string }[] = [];
  let kept = 0;
  events.forEach((ev, i) => {
    const next = scrub(ev, pid, names, texts);
    if (!next) return;
    // Never store an event its schema refuses (an enum that happens to equal a text).
    if (!valid(next, rows[i].v) && valid(ev, rows[i].v)) {
      kept++;
      return;
    }
    rewritten.push({ seq: rows[i].seq, data: JSON.stringify(next) });
  });
  store.rewriteEvents(sessionId, rewritten, pid);
  return { events: rewritten.length, kept, compacted: compactSafely(store, log) };
}
