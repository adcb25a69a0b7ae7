/**
 * The seed session's golden test (test/server/report-seed.test.ts): a camera JPEG that
 * really carries EXIF with a GPS position, its upload, readers for what the server gives
 * back (DOCX paragraphs and media, PDF text, a PDF page as PNG), and the seed session
 * played with what issue 12 adds (playSeed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import sharp from 'sharp';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CreatedSession } from '../../shared/protocol.ts';
import { facilitator, type Peer } from './client.ts';
import { createFromTemplate, playSession } from './play.ts';
import { ok } from './rooms.ts';

/** Where a camera put the picture: 51°3′12″ N, 3°43′30″ E (Ghent), and who made it. */
export const CAMERA_EXIF = {
  IFD0: { Make: 'KringCam', Model: 'Flipchart 3000', Copyright: 'Rekik Bonsecour' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 3/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '3/1 43/1 30/1' },
};

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A photo as a phone camera makes it: a JPEG with lines of text on a coloured ground (a slide
 * or a flipchart), with EXIF (make, owner) and a GPS position in it.
 */
export async function cameraPhoto(lines: string[], background: string, width = 960, height = 540): Promise<Buffer> {
  const text = lines
    .map(
      (l, i) =>
        `<text x="48" y="${96 + i * 64}" font-family="DejaVu Sans, sans-serif" font-size="${i ? 36 : 48}" fill="#1a1a1a">${escapeXml(l)}</text>`,
    )
    .join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${text}</svg>`);
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: svg, top: 0, left: 0 }])
    .jpeg({ quality: 85 })
    .withExif(CAMERA_EXIF)
    .toBuffer();
}

/** Whether a JPEG has an APP1 segment that starts with "Exif" (where EXIF and GPS live). */
export function hasExifSegment(jpeg: Buffer): boolean {
  let at = 2; // after SOI
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1];
    if (marker === 0xda || marker === 0xd9) return false; // start of scan / end: no more headers
    const len = jpeg.readUInt16BE(at + 2);
    if (marker === 0xe1 && jpeg.subarray(at + 4, at + 8).toString('latin1') === 'Exif') return true;
    at += 2 + len;
  }
  return false;
}

/** What the first bytes say a picture is. */
export function magic(bytes: Buffer): 'png' | 'jpeg' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** POST /api/sessions/:id/images with the facilitator key: the raw bytes as the body. */
export async function upload(url: string, s: CreatedSession, bytes: Buffer) {
  const res = await fetch(`${url}/api/sessions/${s.sessionId}/images`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.facilitatorKey}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(bytes),
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { imageId: string; width: number; height: number };
}

/** A report file from GET /api/sessions/:id/report/<format> with `key` (any status). */
export async function reportFile(url: string, s: CreatedSession, format: string, key: string, lang?: string) {
  const res = await fetch(`${url}/api/sessions/${s.sessionId}/report/${format}${lang ? `?lang=${lang}` : ''}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

export interface DocxContent {
  /** Each paragraph's visible text; headings as "Heading2: …". */
  paras: string[];
  xml: string;
  /** word/media/… file name → bytes. */
  media: Map<string, Buffer>;
  /** The media files the document refers to (r:embed → relationship target), in the document's order. */
  embedded: string[];
}

/** Unzip a DOCX: its paragraphs, its media and which media the document refers to. */
export async function readDocx(buf: Buffer): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(buf);
  const xml = await zip.file('word/document.xml')!.async('string');
  const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
  const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => {
      const style = /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1];
      const text = [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
      return style?.startsWith('Heading') ? `${style}: ${text}` : text;
    })
    .filter(Boolean);
  const media = new Map<string, Buffer>();
  for (const name of Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !zip.files[f].dir))
    media.set(name, await zip.file(name)!.async('nodebuffer'));
  const target = (id: string) => {
    const rel = [...rels.matchAll(/<Relationship [^>]*>/g)].map((m) => m[0]).find((r) => r.includes(`Id="${id}"`));
    const to = rel && /Target="([^"]+)"/.exec(rel)?.[1];
    return to ? `word/${to.replace(/^\/?word\//, '')}` : `(no relationship ${id})`;
  };
  const embedded = [...xml.matchAll(/r:embed="([^"]+)"/g)].map((m) => target(m[1]));
  return { paras, xml, media, embedded };
}

/** Unescape the five XML entities (document.xml text as a person reads it). */
export const unxml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of every page of a PDF (pdf.js: right-to-left runs come back in logical order). */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return pages;
}

/**
 * Page 1 of a PDF as a PNG (pdftoppm, 60 dpi) in `dir`, to be looked at. Returns the PNG's
 * path, or undefined (with a note) where poppler-utils is not installed.
 */
export function renderFirstPage(pdf: Buffer, dir: string, name: string): string | undefined {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const out = path.join(dir, name);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, out]);
  } catch {
    console.log('pdftoppm (poppler-utils) is not installed: the PDF page was not rendered to PNG');
    return undefined;
  }
  return `${out}.png`;
}

// ---- the seed session, with what issue 12 adds ------------------------------------------

export const TITLE = 'Lerend netwerk “Iedereen Mee” — sessie 6';
export const CARD_TITLE = 'Theorie: de vier dimensies van racisme';
export const CARD_ALT = 'Dia met de vier dimensies van racisme: persoonlijk, interpersoonlijk, institutioneel en cultureel';
export const PHOTO_TEXT = 'Flipchart van groep 2: eerste kleine stappen';
export const AMENDED = 'We nodigen de politie uit op het volgende lerend netwerk, met een veilige ruimte en een goede moderator';
/** The names four participants gave; the other two cleared theirs. */
export const NAMES = ['Yusuf Demir', 'Amina El Idrissi', 'Sofie Claes', 'Jan Peeters'];
export const OWNERS = [
  { owner: 'Dienst Diversiteit', due: '2023-10-20', dueText: '20 oktober 2023' },
  { owner: 'Jeugddienst Gent', due: '2023-12-15', dueText: '15 december 2023' },
];

export interface PlayedSeed {
  s: CreatedSession;
  peers: Peer[];
  /** The bytes uploaded (with EXIF and GPS) and the ids the server gave them. */
  uploaded: { slide: Buffer; flipchart: Buffer; slideId: string; photoId: string };
  /** The engagements that got an owner, as written on the post-its. */
  ownedTexts: string[];
}

/**
 * The seed session (playSession) on the server at `url`, through the real socket protocol,
 * with a theory card with a slide presented first, a photo of a flipchart under the group
 * work, the session details, two engagements with owners and due dates, the amended
 * decision, and four participants with a name and two without.
 */
export async function playSeed(url: string): Promise<PlayedSeed> {
  const s = await createFromTemplate(url, TITLE);
  const peers: Peer[] = [];
  const slide = await cameraPhoto(
    ['De vier dimensies van racisme', '1. persoonlijk, 2. interpersoonlijk,', '3. institutioneel, 4. cultureel'],
    '#f3e2b8',
  );
  const flipchart = await cameraPhoto(
    ['Groep 2: eerste kleine stappen', '• procesbegeleiding', '• geld, tijd en middelen'],
    '#e4eef4',
    800,
    600,
  );
  const uploaded = { slide, flipchart, slideId: (await upload(url, s, slide)).imageId, photoId: (await upload(url, s, flipchart)).imageId };

  // The theory card is presented first (the seed's "Zie PowerPoint"), before the flow of the
  // template that playSession plays; then it is moved to the top of the agenda.
  const f0 = await facilitator(url, s);
  peers.push(f0);
  await ok(f0, 'agenda.add', {
    activity: {
      kind: 'info',
      title: CARD_TITLE,
      config: {
        body: 'Racisme speelt op vier niveaus, die elkaar versterken.\nWe zoemen in van theorie op de praktijk.',
        agreeable: false,
        images: [{ imageId: uploaded.slideId, alt: CARD_ALT }],
      },
    },
  });
  const card = f0.view!.agenda.find((a) => a.title === CARD_TITLE)!.id;
  await ok(f0, 'agenda.goto', { activityId: card });

  const played = await playSession(url, s);
  const f = played.f;
  peers.push(f, ...played.phones);
  await ok(f, 'agenda.move', { activityId: card, toIndex: 0 });

  const groups = f.view!.agenda.find((a) => a.kind === 'groupwork')!.id;
  await ok(f, 'activity.photoAdd', { activityId: groups, imageId: uploaded.photoId, description: PHOTO_TEXT });

  await ok(f, 'session.meta', {
    theme: 'Volgende stappen in interculturaliseren',
    intro:
      'Participatief aan de slag rond diversiteit, inclusie en gelijke kansen binnen het lerend netwerk “Iedereen Mee”.\n' +
      'Open staan voor én leren van elkaar, buiten onze vertrouwde context, verruimt onze blik.',
    goals:
      'Praktische invullingen zoeken voor racisme, vooroordelen en dekolonisering in je dienst of sector.\n' +
      'Welke stappen zet je al richting interculturaliseren?\n' +
      'Welke engagementen kan je verder aangaan?',
    resources: [
      { title: 'Helder en inclusief communiceren: tips voor lokale besturen', url: 'https://example.org/helder-en-inclusief' },
      { title: 'Kijktip: de vier dimensies van racisme', url: 'https://example.org/vier-dimensies' },
    ],
    date: '2023-06-23',
    place: 'De Springplank',
    facilitator: 'Rekik Bonsecour',
    nextDate: '2023-10-20',
    nextTheme: 'Inclusieve communicatie',
  });

  const engagements = f.view!.agenda.find((a) => a.title === 'Engagementen')!;
  const postits = (engagements.state as { items: { id: string; text: string }[] }).items;
  for (const [i, { owner, due }] of OWNERS.entries())
    await ok(f, 'brainstorm.followUp', { activityId: engagements.id, itemId: postits[i].id, owner, due });

  const dd = f.view!.agenda.find((a) => a.kind === 'deepdemocracy')!;
  await ok(f, 'deepdemocracy.amend', { activityId: dd.id, text: AMENDED, needIds: [] });

  // Four give a name (another than the one they joined with), two clear theirs.
  for (const [i, p] of played.phones.entries()) await ok(p, 'participant.rename', { name: NAMES[i] ?? '' });
  return { s, peers, uploaded, ownedTexts: postits.slice(0, OWNERS.length).map((p) => p.text) };
}
