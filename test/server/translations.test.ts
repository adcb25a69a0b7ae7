/** Translated prompts on real sockets (rule ids: test/SPEC.md): R-TR-TEXTS, R-TR-LOCALISE, R-TR-TEMPLATE. */
import { describe, expect, it } from 'vitest';
import { localise } from '../../shared/translations.ts';
import { board, createSession, facilitator, participant } from '../helpers/client.ts';
import { createFromTemplate } from '../helpers/play.ts';
import { lifecycle } from '../helpers/server.ts';

const { serve, track } = lifecycle();

describe('translated prompts on the wire', () => {
  it('R-TR-TEXTS: the facilitator’s translations reach every phone and the board; a bad one is refused and changes nothing', async () => {
    const server = await serve();
    const s = await createSession(server.url, 'Meertalig');
    const f = track(await facilitator(server.url, s));
    const b = track(await board(server.url, s));
    const phone = track(await participant(server.url, s, { name: 'Amal' }));
    const config = {
      prompt: 'Wat neem je mee?',
      columns: [],
      maxPerPerson: 3,
      maxLength: 280,
      allowNames: false,
      privateUntilReveal: false,
    };
    expect(await f.cmd('agenda.add', { activity: { kind: 'brainstorm', title: 'Meenemen', config } })).toMatchObject({ ok: true });
    const id = f.view!.agenda.at(-1)!.id;

    expect(await phone.cmd('agenda.translate', { activityId: id, lang: 'ar', texts: { 'Wat neem je mee?': 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED' },
    });
    expect(await f.cmd('agenda.translate', { activityId: id, lang: 'xx', texts: {} })).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    });
    expect(await f.cmd('agenda.translate', { activityId: id, lang: 'ar', texts: { 'Iets anders': 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID' },
    });
    const seq = f.view!.seq;
    expect(
      await f.cmd('agenda.translate', {
        activityId: id,
        lang: 'ar',
        texts: { 'Wat neem je mee?': 'ماذا تأخذ معك؟', Meenemen: 'ما تأخذه' },
      }),
    ).toMatchObject({
      ok: true,
    });
    expect(f.view!.seq).toBe(seq + 1);
    for (const peer of [b, phone]) {
      await peer.until((v) => !!v.agenda.at(-1)?.tr?.ar);
      const shown = localise(peer.view!.agenda.at(-1)!, 'ar');
      expect(shown.title).toBe('ما تأخذه');
      expect((shown.config as typeof config).prompt).toBe('ماذا تأخذ معك؟');
    }
  });

  it('R-TR-TEMPLATE: a session from a template reaches a phone with every language’s prompts', async () => {
    const server = await serve();
    const s = await createFromTemplate(server.url, 'Lerend netwerk', 'learningNetwork', 'nl');
    const phone = track(await participant(server.url, s));
    const checkin = phone.view!.agenda.find((a) => a.kind === 'checkin')!;
    for (const lang of ['en', 'ar', 'uk']) {
      const prompts = (localise(checkin, lang).config as { prompts: string[] }).prompts;
      expect(prompts, lang).not.toEqual((checkin.config as { prompts: string[] }).prompts);
    }
  });
});
