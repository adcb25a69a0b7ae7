/**
 * SPEC: R-I18N-COMPLETE (client side) — every UI key the client uses exists in every
 * catalogue, with both plural forms where it is counted. A static scan of client/src: no
 * browser needed, but it lives with the browser tests because it guards the same views.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { CATALOGUES } from '../../shared/i18n/index.ts';
import { ERROR_CODES } from '../../shared/protocol.ts';
import { KIND_NAMES } from '../../shared/activities/registry.ts';

const CLIENT = path.resolve('client/src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(svelte|ts)$/.test(e.name) ? [p] : [];
  });
}

/** `i18n.t('key'` and `i18n.t('key', {count…` calls with a literal key. */
function usedKeys(): { key: string; counted: boolean; file: string }[] {
  const found: { key: string; counted: boolean; file: string }[] = [];
  const re = /i18n\.t\(\s*'([A-Za-z0-9_.]+)'\s*(,\s*\{([^}]*)\})?/g;
  for (const file of files(CLIENT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) {
      found.push({ key: m[1], counted: /\bcount\s*:/.test(m[3] ?? ''), file: path.relative(CLIENT, file) });
    }
  }
  return found;
}

/** Keys built at run time from a known set (`status.${status}`, `error.${code}`, `kind.${kind}`). */
const DYNAMIC = [
  ...['connecting', 'connected', 'reconnecting', 'offline'].map((s) => `status.${s}`),
  ...[...ERROR_CODES, 'NETWORK', 'BAD_CODE', 'MISSING_KEY'].map((c) => `error.${c}`),
  ...KIND_NAMES.map((k) => `kind.${k}`),
];

describe.each(Object.keys(CATALOGUES))('catalogue %s', (lang) => {
  const cat = CATALOGUES[lang];

  test('has every key the client uses', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(50);
    const missing = used
      .filter(({ key, counted }) => (counted ? !(cat[`${key}.one`] && cat[`${key}.other`]) : cat[key] === undefined))
      .map(({ key, file }) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  test('has every run-time key family (status, error codes, activity kinds)', () => {
    expect(DYNAMIC.filter((k) => cat[k] === undefined)).toEqual([]);
  });

  test('has every key of the Dutch catalogue', () => {
    expect(Object.keys(CATALOGUES.nl).filter((k) => cat[k] === undefined)).toEqual([]);
  });
});
