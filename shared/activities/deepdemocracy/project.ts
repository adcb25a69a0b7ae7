/**
 * What each viewer may see of a Deep Democracy round. Safety first: no view, alternative,
 * recognition, vote, need, final answer or slider position ever leaves the server with a
 * participant id, except to that participant itself. Not even the facilitator sees who:
 * "a voice in the group", not "Sara" (R-DD-NONAMES).
 */
import type { StoredEvent, Viewer } from '../../model.ts';
import type { DeepDemocracyState, StoredDeepDemocracyEvent } from './schema.ts';

/** A copy without the participant id. */
function stripPid<T extends { pid?: string }>(x: T): Omit<T, 'pid'> {
  const { pid: _p, ...rest } = x;
  return structuredClone(rest);
}

export function projectState(s: DeepDemocracyState, viewer: Viewer): DeepDemocracyState {
  const me = viewer.role === 'participant' ? viewer.participantId : undefined;
  const own = <T>(rec: Record<string, T>): Record<string, T> => (me && rec[me] !== undefined ? { [me]: structuredClone(rec[me]) } : {});
  const strip = <T extends { pid?: string }>(x: T): Omit<T, 'pid'> | T =>
    x.pid !== undefined && x.pid === me ? structuredClone(x) : stripPid(x);
  return {
    step: s.step,
    views: s.views.map(strip),
    alternatives: s.alternatives.map(strip),
    rounds: structuredClone(s.rounds),
    needs: s.needs.map(strip),
    final: structuredClone(s.final),
    decided: s.decided,
    ...(s.amendment ? { amendment: structuredClone(s.amendment) } : {}),
    // The board and the facilitator see the cloud; phones only their own position.
    slider: { ...s.slider, values: viewer.role === 'participant' ? [] : [...s.slider.values] },
    unsaid: viewer.role === 'facilitator' ? s.unsaid : 0,
    ballots: own(s.ballots),
    recognitions: own(s.recognitions),
    asked: own(s.asked),
    finals: own(s.finals),
    sliders: own(s.sliders),
    unsaidBy: own(s.unsaidBy),
  };
}

/** A projected event (typed: it must still fit its schema). */
const out = (ev: StoredDeepDemocracyEvent): StoredEvent => ev;

export function projectEvent(ev: StoredDeepDemocracyEvent, viewer: Viewer): StoredEvent | null {
  const me = viewer.role === 'participant' ? viewer.participantId : undefined;
  const mine = (pid: string | undefined) => pid !== undefined && pid === me;
  const head = { activityId: ev.activityId, seq: ev.seq, at: ev.at };
  switch (ev.type) {
    case 'deepdemocracy.viewAdded':
      return mine(ev.pid) ? out(ev) : out({ type: ev.type, ...head, view: stripPid(ev.view) });
    case 'deepdemocracy.alternativeAdded':
      return mine(ev.pid) ? out(ev) : out({ type: ev.type, ...head, alternative: stripPid(ev.alternative) });
    case 'deepdemocracy.needed':
      return mine(ev.pid) ? out(ev) : out({ type: ev.type, ...head, need: stripPid(ev.need) });
    case 'deepdemocracy.recognised': {
      if (mine(ev.pid)) return out(ev);
      const { alternativeId, level, before } = ev;
      return out({ type: ev.type, ...head, alternativeId, level, ...(before ? { before } : {}) });
    }
    case 'deepdemocracy.voted':
    case 'deepdemocracy.finalAnswered':
      // Progress only: that a ballot was cast, never what or by whom.
      if (mine(ev.pid)) return out(ev);
      return ev.first ? out({ type: ev.type, ...head, first: true }) : null;
    case 'deepdemocracy.asked':
      return mine(ev.pid) ? out(ev) : null;
    case 'deepdemocracy.slid':
      // Its owner gets its own position; the board and the facilitator the cloud.
      if (mine(ev.pid)) return out({ type: ev.type, ...head, pid: ev.pid, value: ev.value });
      return viewer.role === 'participant' ? null : out({ type: ev.type, ...head, values: ev.values });
    case 'deepdemocracy.unsaidPressed':
      // Only the facilitator learns the count; the presser only that it was received.
      if (mine(ev.pid)) return out({ ...ev, counted: false });
      return viewer.role === 'facilitator' ? out({ type: ev.type, ...head, counted: ev.counted }) : null;
    default:
      // The rest carries no participant id.
      return out(ev);
  }
}
