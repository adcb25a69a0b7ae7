/**
 * Folding a Deep Democracy event into the state, in place (full states and projected views
 * alike). Per-person records are kept under the event's `voter` (a pseudonym, R-DD-PSEUDONYM)
 * or, in events of earlier releases and on the owner's phone, its `pid`.
 */
import { lastRound } from './helpers.ts';
import type { DeepDemocracyEvent, DeepDemocracyState } from './schema.ts';

export function apply(s: DeepDemocracyState, ev: DeepDemocracyEvent): void {
  switch (ev.type) {
    case 'deepdemocracy.stepped':
      s.step = ev.step;
      return;
    case 'deepdemocracy.viewAdded':
      s.views.push(structuredClone(ev.view));
      return;
    case 'deepdemocracy.viewsMerged': {
      const keep = s.views.find((x) => x.id === ev.viewId);
      if (keep) keep.count = ev.count;
      s.views = s.views.filter((x) => x.id !== ev.otherId);
      return;
    }
    case 'deepdemocracy.alternativeAdded':
      s.alternatives.push(structuredClone(ev.alternative));
      return;
    case 'deepdemocracy.rephrased': {
      const alt = s.alternatives.find((x) => x.id === ev.alternativeId);
      if (alt) Object.assign(alt, { text: ev.text, onBallot: ev.onBallot });
      return;
    }
    case 'deepdemocracy.recognised': {
      const alt = s.alternatives.find((x) => x.id === ev.alternativeId);
      if (alt && ev.recognised !== undefined)
        alt.recognised = ev.recognised; // the board's and the phones' coarse count
      else if (alt && ev.level) {
        if (ev.before) alt.recognition[ev.before]--;
        alt.recognition[ev.level]++;
      }
      const key = ev.voter ?? ev.pid;
      if (key && ev.level) (s.recognitions[key] ??= {})[ev.alternativeId] = ev.level;
      return;
    }
    case 'deepdemocracy.roundOpened':
      s.rounds.push({ n: ev.n, open: true, cast: 0, tally: null, majority: null, outcome: null });
      s.ballots = {};
      s.asked = {};
      s.needs = [];
      delete s.amendment; // a new round: a new decision
      return;
    case 'deepdemocracy.voted': {
      const round = lastRound(s);
      if (round && ev.first) round.cast++;
      const key = ev.voter ?? ev.pid;
      if (key && ev.optionId) s.ballots[key] = ev.optionId;
      return;
    }
    case 'deepdemocracy.roundClosed': {
      const round = s.rounds.find((r) => r.n === ev.n);
      if (round) Object.assign(round, { open: false, tally: structuredClone(ev.tally), majority: ev.majority, outcome: ev.outcome });
      return;
    }
    case 'deepdemocracy.asked': {
      const key = ev.voter ?? ev.pid;
      if (key) s.asked[key] = true;
      return;
    }
    case 'deepdemocracy.needed': {
      const need = structuredClone(ev.need);
      const at = s.needs.findIndex((x) => x.id === need.id);
      if (at >= 0) s.needs[at] = need;
      else s.needs.push(need);
      if (ev.counts) s.minorityCounts = { ...ev.counts };
      return;
    }
    case 'deepdemocracy.minorityCounted':
      // R-DD-COARSE (a view): an "as is" or "cannot" answer of someone else, as counts.
      s.minorityCounts = { ...ev.counts };
      if (ev.removed) s.needs = s.needs.filter((x) => x.id !== ev.removed);
      return;
    case 'deepdemocracy.needHandled': {
      const need = s.needs.find((x) => x.id === ev.needId);
      if (need) {
        need.status = ev.status;
        if (ev.reason) need.reason = ev.reason;
        else delete need.reason;
      }
      // An amendment takes in adapted needs only (R-DD-AMEND).
      if (s.amendment && ev.status !== 'adapted') s.amendment.needIds = s.amendment.needIds.filter((x) => x !== ev.needId);
      return;
    }
    case 'deepdemocracy.finalOpened':
      s.final = { open: true, cast: 0, tally: null };
      s.finals = {};
      return;
    case 'deepdemocracy.finalAnswered': {
      if (ev.first) s.final.cast++;
      const key = ev.voter ?? ev.pid;
      if (key && ev.answer) s.finals[key] = ev.answer;
      return;
    }
    case 'deepdemocracy.finalClosed':
      s.final = { open: false, cast: s.final.cast, tally: structuredClone(ev.tally) };
      return;
    case 'deepdemocracy.decided':
      s.decided = true;
      return;
    case 'deepdemocracy.slid': {
      const key = ev.voter ?? ev.pid;
      if (key && ev.value !== undefined) s.sliders[key] = ev.value;
      if (ev.values) s.slider.values = [...ev.values];
      return;
    }
    case 'deepdemocracy.sliderSet':
      s.slider.statement = ev.statement;
      s.slider.open = ev.open;
      return;
    case 'deepdemocracy.unsaidPressed': {
      const key = ev.voter ?? ev.pid;
      if (key) s.unsaidBy[key] = true;
      if (ev.counted) s.unsaid++;
      return;
    }
    case 'deepdemocracy.amended':
      if (ev.text === null) delete s.amendment;
      else s.amendment = { text: ev.text, needIds: [...ev.needIds] };
      return;
  }
}
