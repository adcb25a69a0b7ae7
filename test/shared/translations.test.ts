/**
 * SPEC: R-TR-TEXTS, R-TR-LOCALISE, R-TR-TEMPLATE — translated prompts in one session.
 * The facilitator translates an activity's own texts (title, prompt, columns, typed items…)
 * per language; a viewer sees its language where a translation exists and the original
 * otherwise; what participants write is never translated; the built-in templates carry
 * every language.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../shared/i18n/index.ts';
import type { BrainstormConfig } from '../../shared/activities/brainstorm/index.ts';
import { apply } from '../../shared/reduce.ts';
import type { Activity, StoredEvent } from '../../shared/model.ts';
import { localise, textsOf } from '../../shared/translations.ts';
import { templateSource } from '../../shared/templates.ts';
import { F, P1, room, run } from '../helpers/cards.ts';
import { brainstormDraft } from '../helpers/drafts.ts';

const translate = (activityId: string, lang: string, texts: Record<string, string>) =>
  ({ type: 'agenda.translate', activityId, lang, texts }) as const;

function withBrainstorm() {
  const s = room();
  run(s, [[F, { type: 'agenda.add', activity: brainstormDraft({ prompt: 'Wat neem je mee?', columns: ['Hoofd', 'Hart'] }) }]]);
  const a = s.agenda.at(-1)! as Activity<BrainstormConfig>;
  return { s, a };
}

describe('R-TR-TEXTS: who may translate what', () => {
  it('the facilitator translates the title, the prompt and the columns; nobody else; nothing else', () => {
    const { s, a } = withBrainstorm();
    expect(textsOf(a)).toEqual([a.title, 'Wat neem je mee?', 'Hoofd', 'Hart']);
    expect(run(s, [[P1, translate(a.id, 'ar', { 'Wat neem je mee?': 'ماذا تأخذ معك؟' })]])).toEqual(['NOT_ALLOWED']);
    expect(run(s, [[F, translate(a.id, 'ar', { 'Een post-it van iemand': 'x' })]])).toEqual(['INVALID']);
    expect(run(s, [[F, translate('nope', 'ar', {})]])).toEqual(['NOT_FOUND']);
    expect(a.tr).toBeUndefined();
    expect(run(s, [[F, translate(a.id, 'ar', { 'Wat neem je mee?': ' ماذا تأخذ معك؟ ', Hoofd: 'الرأس', Hart: '' })]])).toEqual(['ok']);
    expect(s.agenda.at(-1)!.tr).toEqual({ ar: { 'Wat neem je mee?': 'ماذا تأخذ معك؟', Hoofd: 'الرأس' } });
    // Another language beside it; an empty set removes a language.
    run(s, [[F, translate(a.id, 'tr', { Hoofd: 'Baş' })]]);
    expect(Object.keys(s.agenda.at(-1)!.tr!)).toEqual(['ar', 'tr']);
    run(s, [[F, translate(a.id, 'ar', {})]]);
    expect(s.agenda.at(-1)!.tr).toEqual({ tr: { Hoofd: 'Baş' } });
  });
});

describe('R-TR-LOCALISE: what a viewer sees', () => {
  it('its language where a translation exists, the original elsewhere; participants\u2019 words as written', () => {
    const { s, a } = withBrainstorm();
    run(s, [[F, translate(a.id, 'ar', { 'Wat neem je mee?': 'ماذا تأخذ معك؟', Hoofd: 'الرأس' })]]);
    // A participant's post-it that happens to read like a column stays as it is only when it is not a key.
    const post = { id: 'it1xx', text: 'Ik neem rust mee', column: 0, clusterId: null, hidden: false, merged: [], at: 1, pid: 'p1' };
    const shown = s.agenda.at(-1)! as Activity<BrainstormConfig, { items: (typeof post)[] }>;
    shown.state = { ...(shown.state as object), items: [post] } as never;
    const ar = localise(shown, 'ar');
    expect(ar.config.prompt).toBe('ماذا تأخذ معك؟');
    expect(ar.config.columns).toEqual(['الرأس', 'Hart']);
    expect(ar.title).toBe(shown.title);
    expect(ar.state.items[0].text).toBe('Ik neem rust mee');
    expect(ar.id).toBe(shown.id);
    expect(localise(shown, 'tr')).toBe(shown);
    expect(localise(shown, 'nl')).toBe(shown);
  });

  it('an original that is edited loses its translation (no stale translation is shown)', () => {
    const { s, a } = withBrainstorm();
    run(s, [[F, translate(a.id, 'en', { 'Wat neem je mee?': 'What do you take with you?' })]]);
    expect(localise(s.agenda.at(-1)!, 'en').config).toMatchObject({ prompt: 'What do you take with you?' });
    run(s, [
      [
        F,
        {
          type: 'agenda.update',
          activityId: a.id,
          activity: brainstormDraft({ prompt: 'Wat laat je achter?', columns: ['Hoofd', 'Hart'] }),
        },
      ],
    ]);
    expect(localise(s.agenda.at(-1)!, 'en').config).toMatchObject({ prompt: 'Wat laat je achter?' });
  });
});

describe('R-TR-TEMPLATE: the built-in templates carry every language', () => {
  it('a Dutch learning-network agenda shows each activity in every other language as that language\u2019s template does', () => {
    let n = 0;
    const make = templateSource(() => `t${++n}xxxx`);
    const nl = make('learningNetwork', 'nl');
    for (const lang of LANGUAGES.filter((l) => l !== 'nl')) {
      const own = make('learningNetwork', lang);
      nl.forEach((a, i) => {
        const shown = localise(a, lang);
        expect(textsOf(shown), `${lang} ${a.kind} ${i}`).toEqual(textsOf(own[i]));
      });
    }
  });

  it('the translations survive the event log (agenda.added carries them)', () => {
    const s = room();
    const [a] = templateSource(() => 'tpl1xxxx')('houseRules', 'nl');
    apply(s, { type: 'agenda.added', activity: a, index: 0, seq: s.seq + 1, at: 3 } as StoredEvent);
    expect(s.agenda[0].tr?.en?.[a.title]).toBeTruthy();
  });
});
