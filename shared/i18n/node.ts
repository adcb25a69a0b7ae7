/**
 * Node's catalogue loader: every area of every language, read synchronously from
 * `shared/i18n/<lang>/<area>.json`, so the server renders reports and templates with a plain
 * synchronous `translate`. Outside Node (a browser) it does nothing: the client loads the
 * areas it needs itself (client/src/lib/i18n.svelte.ts). No static `node:` import, so the
 * browser build never sees one.
 */
import { LANGUAGES } from './languages.ts';

type Add = (lang: string, area: string, entries: Record<string, string>) => void;

export function loadEveryCatalogue(add: Add): void {
  const proc = (globalThis as { process?: typeof process }).process;
  if (typeof proc?.getBuiltinModule !== 'function') return;
  const fs = proc.getBuiltinModule('node:fs');
  const here = new URL(/* @vite-ignore */ './', import.meta.url);
  for (const lang of LANGUAGES) {
    const dir = new URL(`${lang}/`, here);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      add(lang, file.slice(0, -'.json'.length), JSON.parse(fs.readFileSync(new URL(file, dir), 'utf8')));
    }
  }
}
