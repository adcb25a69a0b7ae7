/**
 * The fonts of the server-made report files: DejaVu Sans (Latin, Cyrillic, Arabic and
 * Persian in one family), bundled in node_modules/dejavu-fonts-ttf, so that a PDF and a
 * chart look the same on every machine, whatever fonts it has installed.
 *
 * - The PDF (pdf.ts) embeds the TTF files themselves (regular and bold).
 * - The charts (charts.ts) are SVG rendered by sharp: librsvg draws their text with Pango,
 *   which finds fonts through fontconfig. `useBundledFonts()` writes a small fonts.conf
 *   that lists only the bundled folder and sets FONTCONFIG_FILE, before the first chart.
 * - `textWidth` measures a text as it will be drawn (shaped, e.g. Arabic joining forms),
 *   to wrap and truncate chart labels.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_FILES = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
} as const;
export type FontWeight = keyof typeof FONT_FILES;

/** The family name fontconfig knows the bundled fonts by (SVG `font-family`). */
export const FONT_FAMILY = 'DejaVu Sans';

const bytes = new Map<FontWeight, Buffer>();
/** A font file's bytes, read once. */
export function fontBytes(weight: FontWeight): Buffer {
  let b = bytes.get(weight);
  if (!b) bytes.set(weight, (b = fs.readFileSync(FONT_FILES[weight])));
  return b;
}

let configured = false;
/**
 * Point fontconfig (used by sharp's SVG text) at the bundled fonts only. Must run before
 * sharp first draws text in this process: fontconfig reads its configuration once.
 */
export function useBundledFonts(): void {
  if (configured) return;
  const dir = path.join(os.tmpdir(), `kring-fontconfig-${process.getuid?.() ?? 'user'}`);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'fonts.conf');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const conf = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>${esc(FONT_DIR)}</dir>
  <cachedir>${esc(path.join(dir, 'cache'))}</cachedir>
</fontconfig>
`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== conf) fs.writeFileSync(file, conf);
  process.env.FONTCONFIG_FILE = file;
  configured = true;
}

let measurer: PDFKit.PDFDocument | undefined;
/** The width of `text` in the bundled font at `size` (same unit as size: px in a chart, pt in a PDF). */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false });
    measurer.registerFont('regular', fontBytes('regular'));
    measurer.registerFont('bold', fontBytes('bold'));
  }
  return measurer.font(weight).fontSize(size).widthOfString(text);
}
