/**
 * SPEC: R-REPORT-CHARTS, R-REPORT-RESOURCES, R-IMG-ACCESS, E2E-REPORT-MEDIA — the print
 * page's pictures, charts and links in real Chromium. A session set up through the real
 * socket protocol (a presented info card with a picture uploaded with the facilitator key,
 * a photo of a flipchart, a brainstorm with clusters, a revealed dot vote, two reading
 * tips, named and anonymous participants), once in Dutch and once in Arabic. The print
 * page with the facilitator key shows both pictures (loaded), the bar chart's numbers as
 * text, the wall's clusters and the tips as safe links; the PDF button downloads a PDF;
 * opened with a report link it shows no names. Screenshots (nl and ar, screen and print)
 * go to test-artifacts/e2e/report-media/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrainstormState } from '../../shared/activities/brainstorm/index.ts';
import type { DotvoteState } from '../../shared/activities/dotvote/index.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { CreatedSession } from '../../shared/protocol.ts';
import { createSession, facilitator, participant, type Peer } from '../helpers/client.ts';
import { flipchart, slide } from '../helpers/pictures.ts';
import { ok } from '../helpers/rooms.ts';
import { artifactsIn, browserFixture, LAPTOP, WAIT } from './fixture.ts';

const fx = browserFixture();
const art = artifactsIn('report-media', { fresh: true });

type Lang = 'nl' | 'ar';
/** What the room makes, as people in each language would write it. */
const CONTENT = {
  nl: {
    title: 'Lerend netwerk “Iedereen Mee” — sessie 6',
    meta: {
      date: '2023-06-23',
      place: 'De Springplank, Gent',
      facilitator: 'Rekik Bonsecour',
      theme: 'De vier dimensies van racisme',
      intro: 'Vandaag kijken we samen naar racisme op vier niveaus, en naar wat we in onze eigen werking kunnen doen.',
      goals: 'De vier dimensies kennen.\nEen eerste kleine stap kiezen voor de eigen organisatie.',
    },
    resources: [
      { title: 'Kif Kif — dossier over structureel racisme en wat organisaties kunnen doen', url: 'https://kifkif.be/dossier' },
      { title: 'Podcast: “Wit is ook een kleur”', url: 'https://example.org/podcast/wit-is-ook-een-kleur?afl=3' },
    ],
    card: { title: 'De vier dimensies van racisme', body: 'Racisme speelt op vier niveaus tegelijk.' },
    alt: 'Vier vakken: individueel, institutioneel, structureel en cultureel racisme',
    photo: 'Flipchart van groep 2: eerste kleine stappen',
    names: ['Fatima El Amrani', 'Jan De Smet', 'Sofie Peeters'],
    prompt: 'Wat valt je op in je eigen werking?',
    posts: [
      'Vrijwilligers zijn bijna allemaal wit',
      'Onze folders zijn alleen in het Nederlands',
      'Niemand spreekt het aan als er een grap valt',
      'Bij aanwervingen vragen we “perfect Nederlands”',
    ],
    clusters: ['Wie er bij ons werkt', 'Hoe we communiceren'],
    vote: 'Waar beginnen we mee?',
    items: [
      'Vacatures herschrijven zonder “perfect Nederlands” als eis',
      'Folders in vier talen',
      'Een vorming over micro-agressie voor het hele team, ook voor de vrijwilligers van het onthaal',
      'Niets doen',
    ],
  },
  ar: {
    title: 'شبكة التعلّم «الجميع معًا» — الجلسة 6',
    meta: {
      date: '2023-06-23',
      place: 'دي سبرينغبلانك، غنت',
      facilitator: 'ريكيك بونسكور',
      theme: 'الأبعاد الأربعة للعنصرية',
      intro: 'ننظر اليوم معًا إلى العنصرية على أربعة مستويات، وإلى ما يمكننا فعله في عملنا.',
      goals: 'معرفة الأبعاد الأربعة.\nاختيار خطوة صغيرة أولى لمنظمتنا.',
    },
    resources: [
      { title: 'ملف عن العنصرية البنيوية وما يمكن للمنظمات فعله', url: 'https://kifkif.be/dossier' },
      { title: 'Podcast: “Wit is ook een kleur”', url: 'https://example.org/podcast/wit-is-ook-een-kleur?afl=3' },
    ],
    card: { title: 'الأبعاد الأربعة للعنصرية', body: 'تعمل العنصرية على أربعة مستويات في وقت واحد.' },
    alt: 'أربعة مربعات: العنصرية الفردية والمؤسسية والبنيوية والثقافية',
    photo: 'لوح الورق للمجموعة 2: الخطوات الصغيرة الأولى',
    names: ['فاطمة العمراني', 'Jan De Smet', 'سارة حداد'],
    prompt: 'ماذا تلاحظ في عملك؟',
    posts: ['كل المتطوعين تقريبًا من البيض', 'منشوراتنا بالهولندية فقط', 'لا أحد يعترض على نكتة جارحة', 'نطلب «هولندية ممتازة» عند التوظيف'],
    clusters: ['من يعمل عندنا', 'كيف نتواصل'],
    vote: 'بماذا نبدأ؟',
    items: [
      'إعادة كتابة إعلانات الوظائف دون شرط «الهولندية الممتازة»',
      'منشورات بأربع لغات',
      'تدريب عن الاعتداءات الصغيرة لكل الفريق، ومنهم متطوعو الاستقبال',
      'لا شيء',
    ],
  },
} as const;
/** Dots per item (the last gets none: it is left out of the chart). */
const VOTES = [5, 3, 1, 0];

async function upload(s: CreatedSession, bytes: Buffer, type: string): Promise<string> {
  const res = await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.facilitatorKey}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { imageId: string }).imageId;
}

interface Played {
  s: CreatedSession;
  reportKey: string;
}

/** The session in one language, through the real protocol: console, three named phones and one without a name. */
async function play(lang: Lang, peers: Peer[]): Promise<Played> {
  const c = CONTENT[lang];
  const s = await createSession(fx.server.url, c.title, lang);
  const f = await facilitator(fx.server.url, s);
  const phones = [...c.names.map((name) => participant(fx.server.url, s, { name })), participant(fx.server.url, s)];
  peers.push(f, ...(await Promise.all(phones)));
  const [p1, p2, p3, p4] = peers.slice(-4);
  const find = (kind: string) => f.view!.agenda.find((a) => a.kind === kind)!;

  await ok(f, 'session.meta', { ...c.meta, resources: c.resources });

  // A presented card with a picture (the slide), uploaded with the facilitator key.
  const slideId = await upload(s, await slide(), 'image/png');
  await ok(f, 'agenda.add', {
    activity: {
      kind: 'info',
      title: c.card.title,
      config: { body: c.card.body, agreeable: false, images: [{ imageId: slideId, alt: c.alt }] },
    },
  });
  await f.until(() => f.view!.agenda.some((a) => a.title === c.card.title));
  await ok(f, 'agenda.goto', { activityId: f.view!.agenda.find((a) => a.title === c.card.title)!.id });

  // A brainstorm with two clusters, and a photo of the flipchart under it.
  await ok(f, 'agenda.add', {
    activity: {
      kind: 'brainstorm',
      title: c.prompt,
      config: { prompt: c.prompt, columns: [], maxPerPerson: 5, maxLength: 200, allowNames: false, privateUntilReveal: false },
    },
  });
  await f.until(() => f.view!.agenda.some((a) => a.kind === 'brainstorm'));
  const words = find('brainstorm').id;
  await ok(f, 'agenda.goto', { activityId: words });
  for (const [i, text] of c.posts.entries())
    await ok([p1, p2, p3, p4][i], 'brainstorm.add', { activityId: words, text, column: null, showName: false });
  const wall = () => find('brainstorm').state as BrainstormState;
  await f.until(() => wall().items.length === c.posts.length);
  for (const title of c.clusters) await ok(f, 'brainstorm.clusterAdd', { activityId: words, title });
  await f.until(() => wall().clusters.length === 2);
  for (const [i, item] of wall().items.entries())
    await ok(f, 'brainstorm.cluster', { activityId: words, itemId: item.id, clusterId: wall().clusters[i < 2 ? 0 : 1].id });
  const photoId = await upload(s, await flipchart(), 'image/jpeg');
  await ok(f, 'activity.photoAdd', { activityId: words, imageId: photoId, description: c.photo });

  // A revealed dot vote: 5, 3, 1 and 0 dots.
  await ok(f, 'agenda.add', {
    activity: {
      kind: 'dotvote',
      title: c.vote,
      config: {
        prompt: c.vote,
        sourceId: null,
        items: c.items.map((text, i) => ({ id: `item${i}`, text })),
        budget: 3,
        stacking: true,
        capPerItem: null,
      },
    },
  });
  await f.until(() => f.view!.agenda.some((a) => a.kind === 'dotvote'));
  const vote = find('dotvote').id;
  await ok(f, 'agenda.goto', { activityId: vote });
  const dots = VOTES.flatMap((n, i) => Array.from({ length: n }, () => `item${i}`));
  for (const [k, itemId] of dots.entries()) await ok([p1, p2, p3, p4][Math.floor(k / 3)], 'dotvote.place', { activityId: vote, itemId });
  await ok(f, 'dotvote.reveal', { activityId: vote, revealed: true });
  await f.until(() => (find('dotvote').state as DotvoteState).revealed);

  const link = await fetch(`${fx.server.url}/api/sessions/${s.sessionId}/report-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.facilitatorKey}` },
  });
  expect(link.status).toBe(200);
  return { s, reportKey: ((await link.json()) as { reportKey: string }).reportKey };
}

const peers: Peer[] = [];
const played = {} as Record<Lang, Played>;
beforeAll(async () => {
  played.nl = await play('nl', peers);
  played.ar = await play('ar', peers);
}, 60_000);
afterAll(() => {
  for (const p of peers) p.close();
});

const printPage = (p: Played, key: string) => `${fx.server.url}/r/${p.s.sessionId}#k=${encodeURIComponent(key)}`;

/** The picture with this alt text is shown and has loaded (not broken). */
async function expectLoaded(page: Page, alt: string) {
  await page.getByRole('img', { name: alt, exact: true }).waitFor(WAIT);
  await page.waitForFunction((a) => [...document.images].some((i) => i.alt === a && i.complete && i.naturalWidth > 0), alt, WAIT);
}

for (const lang of ['nl', 'ar'] as const) {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const c = CONTENT[lang];

  test(`R-REPORT-CHARTS, R-REPORT-RESOURCES, R-IMG-ACCESS, E2E-REPORT-MEDIA: the print page shows the pictures, the charts and the links (${lang})`, async () => {
    const p = played[lang];
    const { page } = await fx.newPage({ ...LAPTOP, locale: lang === 'nl' ? 'nl-BE' : 'ar' });
    await page.goto(printPage(p, p.s.facilitatorKey));
    const report = page.getByTestId('report');
    await report.getByRole('heading', { level: 1 }).waitFor(WAIT);
    expect(await report.getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');

    // R-IMG-ACCESS: the card's picture and the photo (served only with a key) are shown.
    await expectLoaded(page, c.alt);
    await expectLoaded(page, c.photo);

    // R-REPORT-CHARTS: each item with dots has a bar with its number as text, the others none.
    const chart = report.getByRole('figure', { name: t('report.dotvote.chart') });
    await chart.waitFor(WAIT);
    const bars = chart.getByRole('listitem');
    expect(await bars.count()).toBe(VOTES.filter(Boolean).length);
    for (const [i, n] of VOTES.entries()) {
      const bar = bars.filter({ hasText: c.items[i] });
      if (n === 0) expect(await bar.count()).toBe(0);
      else expect((await bar.textContent())?.replace(/\s+/g, ' ')).toContain(String(n));
    }
    // The wall as groups: each cluster with its post-its.
    const wall = report.getByRole('figure', { name: t('report.brainstorm.chart') });
    for (const [k, title] of c.clusters.entries()) {
      const group = wall.getByRole('group', { name: title });
      for (const post of c.posts.slice(k * 2, k * 2 + 2)) await group.getByRole('listitem').filter({ hasText: post }).waitFor(WAIT);
    }

    // R-REPORT-RESOURCES: the tips are links that open apart, without sending the report's address.
    for (const r of c.resources) {
      const a = report.getByRole('link', { name: r.title });
      expect(await a.getAttribute('href')).toBe(new URL(r.url).href);
      expect(await a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(await a.getAttribute('target')).toBe('_blank');
    }
    // The facilitator's report names who came (the anonymous one counted).
    const text = (await report.textContent()) ?? '';
    for (const name of c.names) expect(text).toContain(name);
    await art.shot(page, `${lang}-screen`);

    // The PDF button: one click, a PDF made on the server.
    const pending = page.waitForEvent('download', WAIT);
    await page.getByRole('button', { name: translate(lang, 'reportui.download.pdf') }).click();
    const download = await pending;
    const file = path.join(art.dir, `${lang}-${download.suggestedFilename()}`);
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Print: only the report, the pictures and the chart still there.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: translate(lang, 'reportui.download.pdf') }).isVisible()).toBe(false);
    expect(await chart.isVisible()).toBe(true);
    await art.shot(page, `${lang}-print`);

    // E2E-REPORT-MEDIA: behind a report link the same report has no names (and no attendance heading).
    const { page: reader } = await fx.newPage({ ...LAPTOP, locale: lang === 'nl' ? 'nl-BE' : 'ar' });
    await reader.goto(printPage(p, p.reportKey));
    await reader
      .getByTestId('report')
      .getByRole('figure', { name: t('report.dotvote.chart') })
      .waitFor(WAIT);
    await expectLoaded(reader, c.alt);
    const shared = (await reader.getByTestId('report').textContent()) ?? '';
    for (const name of c.names) expect(shared).not.toContain(name);
    expect(await reader.getByRole('heading', { name: t('report.attendees') }).count()).toBe(0);
    expect(fx.pageErrors).toEqual([]);
  });
}
