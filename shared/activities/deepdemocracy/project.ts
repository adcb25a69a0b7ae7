/**
 * What each viewer may see of a Deep Democracy round. Safety first: no view, alternative,
 * recognition, vote, need, final answer or slider position ever leaves the server with a
 * participant id, except to that participant itself, nor with the pseudonym it is stored
 * under (R-DD-PSEUDONYM). Not even the facilitator sees who: "a voice in the group", not
 * "Sara" (R-DD-NONAMES). With small-group safety the board and the phones get counts of 1–2
 * as `few` (R-DD-COARSE); the facilitator keeps exact counts (the method: "the facilitator
 * sees counts, not who"), the report coarsens them itself.
 */
import type { Activity, StoredEvent, Viewer } from '../../model.ts';
import { coarseTally, safeCount, type ShownCount } from './helpers.ts';
import { isOwn, ownKeys } from './pseudonyms.ts';
import type { DeepDemocracyConfig, DeepDemocracyState, StoredDeepDemocracyEvent } from './schema.ts';

/** A copy without the participant id and the pseudonym. */
function anonymous<T extends { pid?: string; voter?: string }>(x: T): Omit<T, 'pid' | 'voter'> {
  const { pid: _p, voter: _v, ...rest } = x;
  return structuredClone(rest);
}

/** The minority's "as is" and "cannot" counts with 1–2 as `few` (R-DD-COARSE). */
const coarseCounts = (c: { asIs: ShownCount; cannot: ShownCount }) => ({
  asIs: safeCount(c.asIs, true),
  cannot: safeCount(c.cannot, true),
});

/** Events of an earlier release carry no `safety`: coarse then (small-group safety is the default). */
const SAFETY_UNKNOWN = true;

export function projectState(
  s: DeepDemocracyState,
  viewer: Viewer,
  activity: Pick<Activity<DeepDemocracyConfig, DeepDemocracyState>, 'id' | 'config'>,
): DeepDemocracyState {
  const own = ownKeys(viewer, activity.id);
  const fac = viewer.role === 'facilitator';
  const safety = activity.config.smallGroupSafety;
  /** The viewer's own entry, under its own participant id (it knows no pseudonym). */
  const mine = <T>(rec: Record<string, T>): Record<string, T> => {
    if (!own.me) return {};
    const value = (own.voter !== undefined ? rec[own.voter] : undefined) ?? rec[own.me];
    return value !== undefined ? { [own.me]: structuredClone(value) } : {};
  };
  const item = <T extends { pid?: string; voter?: string }>(x: T): T =>
    (isOwn(x, own) ? { ...anonymous(x), pid: own.me } : anonymous(x)) as T;
  return {
    step: s.step,
    views: s.views.map(item),
    alternatives: s.alternatives.map((x) =>
      fac
        ? item(x)
        : {
            ...item(x),
            recognition: { fully: 0, partly: 0, not: 0 },
            recognised: safeCount(x.recognised ?? x.recognition.fully + x.recognition.partly, safety),
          },
    ),
    rounds: s.rounds.map((r) => (fac || !r.tally ? structuredClone(r) : { ...structuredClone(r), tally: coarseTally(r.tally, safety) })),
    // R-DD-COARSE: with safety, others' "as is" and "cannot" answers reach the board and the
    // phones only as coarse counts; the needs themselves (texts, no one's id) as they are.
    needs: (fac || !safety ? s.needs : s.needs.filter((x) => x.answer === 'need' || isOwn(x, own))).map(item),
    ...(s.minorityCounts && (fac || safety) ? { minorityCounts: fac ? { ...s.minorityCounts } : coarseCounts(s.minorityCounts) } : {}),
    final: fac || !s.final.tally ? structuredClone(s.final) : { ...s.final, tally: coarseTally(s.final.tally, safety) },
    decided: s.decided,
    ...(s.amendment ? { amendment: structuredClone(s.amendment) } : {}),
    // The board and the facilitator see the cloud; phones only their own position.
    slider: { ...s.slider, values: viewer.role === 'participant' ? [] : [...s.slider.values] },
    unsaid: fac ? s.unsaid : 0,
    ballots: mine(s.ballots),
    recognitions: mine(s.recognitions),
    asked: mine(s.asked),
    finals: mine(s.finals),
    sliders: mine(s.sliders),
    unsaidBy: mine(s.unsaidBy),
  };
}

/** A projected event (typed: it must still fit its schema). */
const out = (ev: StoredDeepDemocracyEvent): StoredEvent => ev;

export function projectEvent(ev: StoredDeepDemocracyEvent, viewer: Viewer): StoredEvent | null {
  const own = ownKeys(viewer, ev.activityId);
  const fac = viewer.role === 'facilitator';
  const head = { activityId: ev.activityId, seq: ev.seq, at: ev.at };
  const mine = own.me !== undefined && isOwn(ev as { pid?: string; voter?: string }, own);
  /** The owner's copy: its own participant id, no pseudonym. */
  const owned = { pid: own.me };
  switch (ev.type) {
    case 'deepdemocracy.viewAdded':
      return mine ? out(ev) : out({ type: ev.type, ...head, view: anonymous(ev.view) });
    case 'deepdemocracy.alternativeAdded':
      if (fac) return mine ? out(ev) : out({ type: ev.type, ...head, alternative: anonymous(ev.alternative) });
      // The board and the phones count "at least partly" only (R-DD-COARSE); a new alternative has none yet.
      return out({
        ...(mine ? ev : { type: ev.type, ...head }),
        alternative: { ...(mine ? ev.alternative : anonymous(ev.alternative)), recognised: 0 },
      });
    case 'deepdemocracy.needed': {
      const safety = ev.safety ?? SAFETY_UNKNOWN;
      // R-DD-COARSE: the counts go to the facilitator exact, to the others coarse (with safety).
      const counts = ev.counts && (fac || safety) ? { counts: fac ? ev.counts : coarseCounts(ev.counts) } : {};
      if (mine) return out({ type: ev.type, ...head, ...owned, need: { ...anonymous(ev.need), ...owned }, ...counts });
      if (!fac && safety && ev.counts && ev.need.answer !== 'need') {
        return out({
          type: 'deepdemocracy.minorityCounted',
          ...head,
          counts: coarseCounts(ev.counts),
          ...(ev.wasNeed ? { removed: ev.need.id } : {}),
        });
      }
      return out({ type: ev.type, ...head, need: anonymous(ev.need), ...counts });
    }
    case 'deepdemocracy.recognised': {
      const { alternativeId, level, before, atLeastPartly } = ev;
      const step = { alternativeId, level, ...(before ? { before } : {}) };
      // The facilitator counts each level exactly; an event of an earlier release goes out as it did.
      if (fac || atLeastPartly === undefined) return out({ type: ev.type, ...head, ...(mine ? owned : {}), ...step });
      const recognised = safeCount(atLeastPartly, ev.safety ?? SAFETY_UNKNOWN);
      return out({ type: ev.type, ...head, ...(mine ? { ...owned, level } : {}), alternativeId, recognised });
    }
    case 'deepdemocracy.voted':
    case 'deepdemocracy.finalAnswered':
      // Progress only: that a ballot was cast, never what or by whom.
      if (mine) return out({ ...anonymous(ev), ...owned });
      return ev.first ? out({ type: ev.type, ...head, first: true }) : null;
    case 'deepdemocracy.roundClosed': {
      const { safety, ...closed } = ev;
      return out(fac ? closed : { ...closed, tally: coarseTally(ev.tally, safety ?? SAFETY_UNKNOWN) });
    }
    case 'deepdemocracy.finalClosed': {
      const { safety, ...closed } = ev;
      return out(fac ? closed : { ...closed, tally: coarseTally(ev.tally, safety ?? SAFETY_UNKNOWN) });
    }
    case 'deepdemocracy.asked':
      return mine ? out({ type: ev.type, ...head, ...owned }) : null;
    case 'deepdemocracy.slid':
      // Its owner gets its own position; the board and the facilitator the cloud.
      if (mine) return out({ type: ev.type, ...head, ...owned, value: ev.value });
      return viewer.role === 'participant' ? null : out({ type: ev.type, ...head, values: ev.values });
    case 'deepdemocracy.unsaidPressed':
      // Only the facilitator learns the count; the presser only that it was received.
      if (mine) return out({ type: ev.type, ...head, ...owned, counted: false });
      return fac ? out({ type: ev.type, ...head, counted: ev.counted }) : null;
    default:
      // The rest carries no participant id.
      return out(ev);
  }
}
