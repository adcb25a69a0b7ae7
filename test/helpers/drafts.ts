/** Drafts and the one step that the kinds' reducer tests share (run them with Script). */
import { F, type Script } from './script.ts';

export const brainstormDraft = (over: Record<string, unknown> = {}) => ({
  kind: 'brainstorm',
  title: 'Engagementen',
  config: {
    prompt: 'Welke engagementen?',
    columns: [],
    maxPerPerson: 3,
    maxLength: 280,
    allowNames: false,
    privateUntilReveal: false,
    ...over,
  },
});

export const voteDraft = (over: Record<string, unknown> = {}) => ({
  kind: 'dotvote',
  title: 'Stemmen',
  config: {
    prompt: '',
    sourceId: null,
    items: [
      { id: 'item1', text: 'A' },
      { id: 'item2', text: 'B' },
      { id: 'item3', text: 'C' },
    ],
    budget: 5,
    stacking: true,
    capPerItem: null,
    ...over,
  },
});

/** The facilitator shows the activity (agenda.goto): from then on phones may act on it. */
export function open(s: Script, id: string) {
  s.ok(F, { type: 'agenda.goto', activityId: id });
}
