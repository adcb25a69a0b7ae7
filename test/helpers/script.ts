/** A tiny in-memory room for reducer tests: decide + apply with a fake clock and ids. */
import { templateSource } from '../../shared/templates.ts';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import type { Actor, Context, DomainEvent, RoomState, StoredEvent, Viewer } from '../../shared/model.ts';
import type { Command } from '../../shared/protocol.ts';
import { apply, arrive, decide, emptyState } from '../../shared/reduce.ts';

export const F: Actor = { role: 'facilitator' };
export const B: Actor = { role: 'board' };
export const P = (n: number): Actor => ({ role: 'participant', participantId: `pid${n}` });

export class Script {
  state: RoomState = emptyState();
  events: StoredEvent[] = [];
  now = 1_000_000;
  #ids = 0;

  constructor(participants = 3) {
    this.#push({ type: 'session.created', sessionId: 'sess0001', code: 'ACDEFG', title: 'T', lang: 'nl' });
    for (let i = 1; i <= participants; i++) this.#push({ type: 'participant.joined', pid: `pid${i}`, name: `Name${i}` });
  }

  #push(e: DomainEvent) {
    const ev = { ...e, seq: this.state.seq + 1, at: this.now } as StoredEvent;
    this.events.push(ev);
    apply(this.state, ev);
  }

  #ctx(extra: Partial<Context> = {}): Context {
    const newId = () => `gen${++this.#ids}id`;
    return { now: this.now, newId, template: templateSource(newId), ...extra };
  }

  /** Run a command; returns 'ok' or the error code. */
  run(actor: Actor, cmd: { type: string; [k: string]: unknown }): string {
    return this.runWith({}, actor, cmd);
  }

  /** Run with extra context (who is present, a seeded random). */
  runWith(extra: Partial<Context>, actor: Actor, cmd: { type: string; [k: string]: unknown }): string {
    const d = decide(this.state, { id: `cmd${++this.#ids}xxxxx`, ...cmd } as Command, actor, this.#ctx(extra));
    if (!d.ok) return d.error.code;
    for (const e of d.events) this.#push(e);
    return 'ok';
  }

  addParticipant(pid: string) {
    this.#push({ type: 'participant.joined', pid });
  }

  /** A participant (re)arrives, as the server does on hello. */
  arrive(pid: string) {
    for (const e of arrive(this.state, pid, this.#ctx())) this.#push(e);
  }

  /** Run and insist it is accepted. */
  ok(actor: Actor, cmd: { type: string; [k: string]: unknown }) {
    const r = this.run(actor, cmd);
    if (r !== 'ok') throw new Error(`${cmd.type} refused: ${r}`);
  }

  add(draft: { kind: string; title: string; config: unknown }): string {
    this.ok(F, { type: 'agenda.add', activity: draft });
    return this.state.agenda.at(-1)!.id;
  }

  activity<S = any>(id: string) {
    return this.state.agenda.find((a) => a.id === id)! as { state: S; config: any; locked: boolean };
  }

  /** What a viewer holds after a snapshot at `from` plus the projected events since. */
  viewFrom(viewer: Viewer, fromSeq: number, start: RoomState) {
    const view = projectState(start, viewer);
    for (const ev of this.events.filter((e) => e.seq > fromSeq)) {
      const p = projectEvent(ev, viewer);
      if (p) apply(view, p);
    }
    return view;
  }

  /** Everything a viewer received as events, as JSON (for "never on the wire" checks). */
  wire(viewer: Viewer) {
    return JSON.stringify(this.events.map((e) => projectEvent(e, viewer)).filter(Boolean));
  }
}
