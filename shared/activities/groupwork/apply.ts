/** Folding a group work event into a state. */
import type { GroupworkEvent, GroupworkState } from './schema.ts';

/** Folds one event into a state (the server's, a facilitator's, the board's or a phone's projection) in place. */
export function apply(s: GroupworkState, ev: GroupworkEvent): void {
  switch (ev.type) {
    case 'groupwork.loaded':
      s.items = structuredClone(ev.items);
      return;
    case 'groupwork.formed':
      s.assignment = ev.assignment;
      s.groups = structuredClone(ev.groups);
      return;
    case 'groupwork.placed': {
      const from = s.groups.find((g) => g.id === ev.fromId);
      const to = s.groups.find((g) => g.id === ev.groupId);
      if (from) {
        from.size--;
        if (ev.pid) from.members = from.members.filter((p) => p !== ev.pid);
        if (ev.pid && from.scribe === ev.pid) delete from.scribe;
      }
      if (to) {
        to.size++;
        if (ev.pid) to.members.push(ev.pid);
      }
      return;
    }
    case 'groupwork.assigned': {
      const g = s.groups.find((x) => x.id === ev.groupId);
      if (g) g.itemId = ev.itemId;
      return;
    }
    case 'groupwork.answered':
      s.answers.push(structuredClone(ev.answer));
      return;
    case 'groupwork.answerEdited': {
      const ans = s.answers.find((x) => x.id === ev.answerId);
      if (ans) ans.text = ev.text;
      return;
    }
    case 'groupwork.answerDeleted':
      s.answers = s.answers.filter((x) => x.id !== ev.answerId);
      return;
    case 'groupwork.labelled': {
      const g = s.groups.find((x) => x.id === ev.groupId);
      if (!g) return;
      if (ev.name) g.name = ev.name;
      else delete g.name;
      if (ev.place) g.place = ev.place;
      else delete g.place;
      return;
    }
    case 'groupwork.scribeSet': {
      const g = s.groups.find((x) => x.id === ev.groupId);
      if (!g) return;
      g.hasScribe = ev.hasScribe;
      if (ev.hasScribe && ev.pid) g.scribe = ev.pid;
      else delete g.scribe;
      return;
    }
    case 'groupwork.nameShown':
      s.shown ??= {};
      if (ev.name === null) delete s.shown[ev.pid];
      else s.shown[ev.pid] = ev.name;
      return;
    case 'groupwork.roster': {
      const g = s.groups.find((x) => x.id === ev.groupId);
      if (g) g.people = structuredClone(ev.people);
      return;
    }
    case 'groupwork.team':
      s.team ??= {};
      if (ev.people.length) s.team[ev.pid] = structuredClone(ev.people);
      else delete s.team[ev.pid];
      return;
  }
}
