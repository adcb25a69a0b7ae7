/**
 * What each viewer may see. The server projects every event once per audience
 * (facilitators, board, participants, the one participant it concerns) and sends only
 * that. Hidden data never leaves the server for a viewer that may not see it.
 */
import { kindOf, kindOfType } from './activities/registry.ts';
import type { Activity, RoomState, RoomView, StoredEvent, Viewer } from './model.ts';

export function projectState(state: RoomState, viewer: Viewer): RoomView {
  const participants: RoomState['participants'] = {};
  if (viewer.role === 'facilitator') {
    for (const [id, p] of Object.entries(state.participants)) participants[id] = { ...p };
  } else if (viewer.role === 'participant' && viewer.participantId) {
    const me = state.participants[viewer.participantId];
    if (me) participants[me.id] = { ...me };
  }
  return {
    ...state,
    peak: viewer.role === 'facilitator' ? state.peak : 0,
    participants,
    agenda: state.agenda.map((a) => projectActivity(a, viewer)),
  };
}

function projectActivity(a: Activity, viewer: Viewer): Activity {
  // R-AGENDA-NOTE: the facilitator's note never leaves the console; R-PHOTO: nor do its photos.
  const { note, photos, ...shared } = a;
  let base: Activity = shared;
  if (viewer.role === 'facilitator') {
    base = { ...a };
    if (note === undefined) delete base.note;
    if (photos === undefined) delete base.photos;
    else base.photos = photos.map((p) => ({ ...p }));
  }
  return {
    ...base,
    config: structuredClone(a.config),
    state: kindOf(a.kind)!.projectState(a.state, viewer, a),
  };
}

export function projectEvent(ev: StoredEvent, viewer: Viewer): StoredEvent | null {
  switch (ev.type) {
    case 'participant.joined':
    case 'participant.renamed': {
      if (viewer.role === 'facilitator') return ev;
      if (viewer.role === 'participant' && viewer.participantId === ev.pid) return ev;
      // The board keeps a count; other phones need nothing (and must not learn names).
      return viewer.role === 'board' && ev.type === 'participant.joined' ? { type: ev.type, seq: ev.seq, at: ev.at } : null;
    }
    case 'agenda.added':
      return { ...ev, activity: projectActivity(ev.activity as Activity, viewer) };
    case 'agenda.noted':
    case 'activity.photoAdded':
    case 'activity.photoRemoved':
      return viewer.role === 'facilitator' ? ev : null;
    case 'session.peak':
      // Attendance is for the console and the report; phones need not hear every new peak.
      return viewer.role === 'facilitator' ? ev : null;
    case 'session.created':
    case 'session.metaSet':
    case 'agenda.updated':
    case 'agenda.translated':
    case 'agenda.moved':
    case 'agenda.removed':
    case 'agenda.current':
    case 'activity.locked':
    case 'timer.started':
    case 'timer.paused':
    case 'timer.resumed':
    case 'timer.extended':
    case 'timer.stopped':
    case 'timer.expired':
      return ev;
    default: {
      const kind = ev.activityId === undefined ? undefined : kindOfType(ev.type);
      return kind ? kind.projectEvent(ev, viewer) : null;
    }
  }
}

/** Every audience an event may go to, for fan-out. */
export const BROADCAST_VIEWERS: Viewer[] = [{ role: 'facilitator' }, { role: 'board' }, { role: 'participant' }];
