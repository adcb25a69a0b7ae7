/** Pictures for the browser tests, made with sharp: a presenter's slide and a phone photo of a flipchart. */
import sharp from 'sharp';

/** A slide as a presenter would make one: four coloured blocks with their names (PNG). */
export function slide(): Promise<Buffer> {
  const box = (x: number, y: number, fill: string, label: string) =>
    `<rect x="${x}" y="${y}" width="700" height="400" rx="24" fill="${fill}"/>` +
    `<text x="${x + 350}" y="${y + 220}" font-family="DejaVu Sans" font-size="64" fill="#fff" text-anchor="middle">${label}</text>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1000"><rect width="1600" height="1000" fill="#f4f1ea"/>` +
    box(60, 60, '#2f6fb0', 'Individueel') +
    box(840, 60, '#b0472f', 'Institutioneel') +
    box(60, 540, '#3f8f4f', 'Structureel') +
    box(840, 540, '#8a5fb0', 'Cultureel') +
    `</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** A phone photo of a flipchart (portrait JPEG); `gps`: with a GPS position in its EXIF, as a phone writes it. */
export function flipchart({ gps = false } = {}): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="1200"><rect width="900" height="1200" fill="#fdfdf8"/>` +
    [0, 1, 2, 3, 4]
      .map((i) => `<rect x="80" y="${160 + i * 200}" width="${740 - i * 90}" height="24" rx="12" fill="${i % 2 ? '#1d4f91' : '#c0392b'}"/>`)
      .join('') +
    `</svg>`;
  const jpeg = sharp(Buffer.from(svg)).jpeg();
  return (
    gps
      ? jpeg.withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 3/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '3/1 43/1 30/1' } })
      : jpeg
  ).toBuffer();
}
