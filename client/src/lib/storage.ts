/**
 * localStorage with every failure swallowed: private mode, a full quota or a disabled
 * store must never break the page (the phone then just forgets between visits).
 */
export function load<T>(key: string): T | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw == null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

export function save(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // quota or privacy mode: keep working in memory
  }
}

export function remove(key: string): void {
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
