/**
 * Who this page is to the server: the facilitator's or board's key, or the participant's
 * stored token (per join code, in localStorage) and chosen display name. Builds the hello
 * and keeps what its answer hands out.
 */
import { PROTOCOL_VERSION, type HelloOk, type Role } from '../../../../shared/constants.ts';
import { load, outboxKey, participantKey, remove, save, type ParticipantCreds } from '../storage.ts';

export type ConnectionOptions =
  { role: 'participant'; code: string; name?: string; lang?: string } | { role: 'facilitator' | 'board'; sessionId: string; key: string };

/** Who we are known as, once known: the session and, for a participant, its id. */
export interface Identity {
  sessionId: string;
  participantId?: string;
  /** Where this actor's outbox is kept (unknown for a participant without an id). */
  outboxKey?: string;
}

export class Credentials {
  readonly role: Role;
  #opts: ConnectionOptions;
  #retriedWithoutCreds = false;

  constructor(opts: ConnectionOptions) {
    this.#opts = opts;
    this.role = opts.role;
  }

  /** What is known before any hello (stored creds, or the link's session id). */
  initial(): Identity | undefined {
    if (this.#opts.role !== 'participant') {
      return { sessionId: this.#opts.sessionId, outboxKey: outboxKey(this.#opts.sessionId, this.#opts.role) };
    }
    const c = this.stored();
    return c ? { sessionId: c.sessionId, participantId: c.participantId, outboxKey: outboxKey(c.sessionId, c.participantId) } : undefined;
  }

  /** The participant's stored creds for this join code, if valid. */
  stored(): ParticipantCreds | undefined {
    if (this.#opts.role !== 'participant') return undefined;
    const c = load<ParticipantCreds>(participantKey(this.#opts.code));
    return c && typeof c.sessionId === 'string' && typeof c.token === 'string' && typeof c.participantId === 'string' ? c : undefined;
  }

  hello(since: number | undefined): Record<string, unknown> {
    const s = since !== undefined ? { since } : {};
    if (this.#opts.role !== 'participant') {
      return { v: PROTOCOL_VERSION, role: this.#opts.role, sessionId: this.#opts.sessionId, key: this.#opts.key, ...s };
    }
    const creds = this.stored();
    const name = (creds?.name ?? this.#opts.name)?.trim();
    return {
      v: PROTOCOL_VERSION,
      role: 'participant',
      code: this.#opts.code,
      ...(creds ? { sessionId: creds.sessionId, token: creds.token } : {}),
      ...(name ? { name } : {}),
      ...(this.#opts.lang ? { lang: this.#opts.lang } : {}),
      ...s,
    };
  }

  /** The phone's language changed: true when the next hello should ask in it (R-JOIN-LANG). */
  relang(lang: string): boolean {
    if (this.#opts.role !== 'participant' || this.#opts.lang === lang) return false;
    this.#opts = { ...this.#opts, lang };
    return true;
  }

  /**
   * The server does not know our stored token (e.g. the session was reset): forget it and
   * join afresh, once. True when the caller should send a new hello.
   */
  dropStale(): boolean {
    if (this.#opts.role !== 'participant' || !this.stored() || this.#retriedWithoutCreds) return false;
    this.#retriedWithoutCreds = true;
    remove(participantKey(this.#opts.code));
    return true;
  }

  /** The hello succeeded: keep the token the server handed out. */
  accepted(ack: HelloOk): Identity {
    if (this.#opts.role !== 'participant') return { sessionId: ack.sessionId, outboxKey: outboxKey(ack.sessionId, this.role) };
    if (!ack.participantId) return { sessionId: ack.sessionId };
    const old = this.stored();
    const token = ack.token ?? old?.token;
    if (token) {
      const creds: ParticipantCreds = { sessionId: ack.sessionId, token, participantId: ack.participantId };
      const name = old?.name ?? this.#opts.name;
      if (name) creds.name = name;
      save(participantKey(this.#opts.code), creds);
    }
    return { sessionId: ack.sessionId, participantId: ack.participantId, outboxKey: outboxKey(ack.sessionId, ack.participantId) };
  }

  /** Keep the participant's display name on the phone, for the next hello. */
  rememberName(name: string): void {
    if (this.#opts.role !== 'participant') return;
    this.#opts = { ...this.#opts, name };
    const creds = this.stored();
    if (!creds) return;
    const next: ParticipantCreds = { ...creds };
    if (name) next.name = name;
    else delete next.name;
    save(participantKey(this.#opts.code), next);
  }

  /** The display name this phone last chose. */
  get name(): string {
    if (this.#opts.role !== 'participant') return '';
    return this.stored()?.name ?? this.#opts.name ?? '';
  }
}
