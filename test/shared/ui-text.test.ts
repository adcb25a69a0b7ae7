/**
 * Static guards over the client source (R-I18N-COMPLETE, R-I18N-DIR):
 * - no hard-coded UI text: every visible string and every text attribute comes from the
 *   catalogues through `i18n.t`;
 * - only logical CSS properties (margin-inline-start, inset-inline-end…), so right-to-left
 *   languages (Arabic, Farsi) lay out correctly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = path.resolve('client');

function files(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

/** Remove `{…}` expressions (balanced braces) from markup. */
function stripExpressions(s: string): string {
  let out = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

describe('client source', () => {
  const svelte = files(path.join(CLIENT, 'src'), /\.svelte$/);

  it('has no hard-coded text in markup or in text attributes', () => {
    const found: string[] = [];
    for (const file of svelte) {
      const markup = fs
        .readFileSync(file, 'utf8')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      for (const m of markup.matchAll(/\b(aria-label|title|placeholder|alt|aria-description)="([^"{]*[A-Za-z][^"]*)"/g)) {
        found.push(`${path.relative(CLIENT, file)}: ${m[1]}="${m[2]}"`);
      }
      const text = stripExpressions(markup).replace(/<[^>]*>/g, ' ');
      for (const word of text.match(/[A-Za-zÀ-ÿ]{2,}[^<\n]*/g) ?? []) found.push(`${path.relative(CLIENT, file)}: "${word.trim()}"`);
    }
    expect(found).toEqual([]);
  });

  it('uses only logical CSS properties (right-to-left ready)', () => {
    const sources = [...svelte, ...files(path.join(CLIENT, 'src'), /\.css$/)];
    const physical =
      /(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)/;
    const found = sources.flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => physical.test(line))
        .map(({ line, i }) => `${path.relative(CLIENT, file)}:${i + 1}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('index.html has no inline script (the CSP forbids it)', () => {
    const html = fs.readFileSync(path.join(CLIENT, 'index.html'), 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(m[1]).toMatch(/\bsrc=/);
      expect(m[2].trim()).toBe('');
    }
  });
});
