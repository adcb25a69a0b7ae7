/**
 * The client's i18n rune (client/src/lib/i18n.svelte.ts) under Node: every area is on disk
 * already, so this checks the switching rules, not the network.
 */
import { describe, expect, test } from 'vitest';
import { i18n, KIND_AREAS } from '../../client/src/lib/i18n.svelte.ts';
import { DEFAULT_LANG, LANGUAGES, translate } from '../../shared/i18n/index.ts';
import { KIND_NAMES } from '../../shared/activities/registry.ts';

describe('i18n rune', () => {
  test('offers the supported languages, and a kind area per kind with words', () => {
    expect(i18n.languages).toEqual([...LANGUAGES]);
    for (const a of KIND_AREAS) expect(KIND_NAMES).toContain(a);
    expect(KIND_AREAS.length).toBeGreaterThan(0);
  });

  test('switches once the areas are there; unsupported languages fall back to the default', async () => {
    expect(await i18n.set('en', ['common', 'phone'])).toBe(true);
    expect(i18n.lang).toBe('en');
    expect(i18n.t('app.name')).toBe(translate('en', 'app.name'));
    expect(i18n.t('status.waiting', { count: 2 })).toBe(translate('en', 'status.waiting', { count: 2 }));
    expect(await i18n.set('xx')).toBe(true);
    expect(i18n.lang).toBe(DEFAULT_LANG);
  });

  test('with its areas loaded, a switch is immediate; the last one asked for wins', async () => {
    const first = i18n.set('en');
    expect(i18n.lang).toBe('en');
    const second = i18n.set('nl');
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(i18n.lang).toBe('nl');
  });

  test('use() loads areas for the page or once for another language', async () => {
    await expect(i18n.use(['*'])).resolves.toBeUndefined();
    await expect(i18n.use(['content'], 'en')).resolves.toBeUndefined();
    await expect(i18n.use(['no-such-area'])).resolves.toBeUndefined();
  });

  test('R-I18N-KEYS: keys are typed: one that is not in the catalogue does not compile (npm run typecheck)', () => {
    // @ts-expect-error: not a key of the catalogue; typecheck fails if this ever compiles
    expect(i18n.t('phone.no.such.key')).toBe('phone.no.such.key');
    expect(i18n.t('phone.joining')).toBe(translate(i18n.lang, 'phone.joining'));
  });
});
