/**
 * The room's state. The server holds the full `RoomState`; each viewer holds a `RoomView`,
 * the same shape with what it may not see left out (see audiences.ts). Both evolve with
 * the same `evolve` in reduce.ts, so a client's view is always snapshot + projected events.
 */
import type { ErrorCode, Role } from './constants.ts';
import type { CoreCommand } from './commands.ts';
import type { TimerState } from './timer.ts';

export interface Participant {
  id: string;
  name?: string;
  joinedAt: number;
}

export interface Activity<C = unknown, S = unknown> {
  id: string;
  kind: string;
  title: string;
  config: C;
  state: S;
  /** Participant input is closed. */
  locked: boolean;
  /** Has been the current activity at least once; participants may only act on opened ones. */
  opened: boolean;
  /** Translations of what the facilitator wrote: language → original → translation (translations.ts). */
  tr?: Record<string, Record<string, string>>;
  /** The facilitator's own note (facilitators only; see audiences.ts). */
  note?: string;
  /** R-PHOTO: photos of what the activity made (a flipchart), for the console and the report only. */
  photos?: ActivityPhoto[];
}

/** The most photos one activity keeps (R-PHOTO). */
export const MAX_PHOTOS = 12;

/** A photo on an activity: a stored image of the session and what it shows. */
export interface ActivityPhoto {
  imageId: string;
  description: string;
}

export interface RoomState {
  sessionId: string;
  code: string;
  title: string;
  lang: string;
  createdAt: number;
  seq: number;
  /** Facilitators and the board see everyone; a participant sees only itself. */
  participants: Record<string, Participant>;
  participantCount: number;
  agenda: Activity[];
  currentId: string | null;
  /** The countdown, if one is set. */
  timer: TimerState | null;
  /** What the report needs beyond the activities; all optional, filled in by the facilitator. */
  meta: SessionMeta;
  /** The most participants here at once (attendance, for the report). */
  peak: number;
}

export interface SessionMeta {
  /** ISO date (YYYY-MM-DD) of the session; defaults to the day it was created. */
  date?: string;
  place?: string;
  facilitator?: string;
  nextDate?: string;
  nextTheme?: string;
  /** The session continues an earlier one (R-SERIES-ONE-REFRESHER: its agenda has the series refresher). */
  series?: true;
  /** This session's theme (a series carries the previous session's next theme). */
  theme?: string;
  /** The report's intro and goals (several lines each). */
  intro?: string;
  goals?: string;
  /** Reading and viewing tips for the report. */
  resources?: { title: string; url: string }[];
  /** Up to two languages the board shows each prompt in, besides the session's. */
  boardLangs?: string[];
  /** The join panel beside an activity: a corner badge (default) or in full. */
  boardJoin?: 'corner' | 'full';
  /** The board in high contrast. */
  boardContrast?: boolean;
  /** When the facilitator ended the session (R-CLOSE): its code stops working, nothing changes. */
  closedAt?: number;
}
/** What one viewer holds: structurally the same, with hidden parts absent. */
export type RoomView = RoomState;

export interface Actor {
  role: Role;
  participantId?: string;
}
/** Who is looking: decides what a projection keeps. */
export interface Viewer {
  role: Role;
  participantId?: string;
}

/** An event as the reducer emits it, before it has a sequence number. */
export interface DomainEvent {
  type: string;
  /** The participant this event concerns, if any: that participant's audience. */
  pid?: string;
  [k: string]: unknown;
}
export interface StoredEvent extends DomainEvent {
  seq: number;
  at: number;
}
export type ProjectedEvent = StoredEvent;

export interface Rejection {
  code: ErrorCode;
  message: string;
  /** Which rule said no (e.g. `budget`), so a phone can say why in its own words. */
  reason?: string;
}
export type Decision = { ok: true; events: DomainEvent[] } | { ok: false; error: Rejection };

export const reject = (code: ErrorCode, message: string, reason?: string): Decision => ({
  ok: false,
  error: reason ? { code, message, reason } : { code, message },
});
export const accept = (...events: DomainEvent[]): Decision => ({ ok: true, events });

/** Passed into the reducer so that it stays pure: the clock and the id source. */
export interface Context {
  now: number;
  newId: () => string;
  /** Randomness for shuffles (group forming); tests pass a seeded one. Default Math.random. */
  random?: () => number;
  /** Participants here now (presence), for group forming; default: everyone who joined. */
  present?: readonly string[];
  /** A built-in agenda as activities with fresh ids (the server's; kept out of the phone's reducer). */
  template?: (id: string, lang: string, opts?: { refresher: boolean }) => Activity[];
  /** Whether the session has this stored image (the server's; a photo or a card may only name one it has). */
  imageExists?: (imageId: string) => boolean;
}

export type { CoreCommand };
/** A command of an activity kind (`<kind>.<verb>`); its kind's schema checked it. */
export interface KindCommand {
  id: string;
  type: string;
  activityId: string;
  [k: string]: unknown;
}
export type Command = CoreCommand | KindCommand;
