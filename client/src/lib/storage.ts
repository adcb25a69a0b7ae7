/**
 * localStorage with every failure swallowed: private mode, a full quota or a disabled
 * store must never break the page. What cannot be stored is kept in memory instead, so a
 * phone still comes back as the same participant (and its outbox is resent under the same
 * identity, applied once) within this page's life; it only forgets between visits.
 */
const memory = new Map<string, string>();

export function load<T>(key: string): T | undefined {
  // The memory holds only what the store refused last time: it is the newer value.
  let raw: string | null | undefined = memory.get(key);
  if (raw === undefined) {
    try {
      raw = globalThis.localStorage?.getItem(key);
    } catch {
      raw = undefined;
    }
  }
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return;
  }
  try {
    if (!globalThis.localStorage) throw new Error('no localStorage');
    globalThis.localStorage.setItem(key, json);
    memory.delete(key);
  } catch {
    // quota or privacy mode: keep working in memory
    memory.set(key, json);
  }
}

export function remove(key: string): void {
  memory.delete(key);
  try {
    globalThis.localStorage?.removeItem(key);
  } catch {
    // ignore
  }
}

/** What a phone keeps per join code, to come back as the same participant. */
export interface ParticipantCreds {
  sessionId: string;
  token: string;
  participantId: string;
  /** The display name the participant chose, if any. */
  name?: string;
}
export const participantKey = (code: string) => `kring.p.${code}`;

/** What the start page keeps for the facilitator after creating a session. */
export interface FacilitatorCreds {
  facilitatorKey: string;
  boardKey: string;
  code: string;
}
export const facilitatorKey = (sessionId: string) => `kring.f.${sessionId}`;

/** The phone's (and start page's) chosen UI language. */
export const LANG_KEY = 'kring.lang';
/** The facilitator's own console language, when it differs from the session's. */
export const CONSOLE_LANG_KEY = 'kring.console.lang';

export const outboxKey = (sessionId: string, who: string) => `kring.outbox.${sessionId}.${who}`;
