/**
 * Lists and sorting in a report language: a leaf module (it imports no kind and no
 * registry), so that a kind's report part can use it without pulling the report builder
 * into the kind's chunk.
 */
import { isolate } from '../bidi.ts';

/** Collation and list words of a report language (Dutch as written in Flanders). */
export const locale = (lang: string) => (lang === 'nl' ? 'nl-BE' : lang);

/** "A, B en C": a list in the report's language, each text isolated where its direction differs. */
export function listOf(texts: string[], lang: string): string {
  return new Intl.ListFormat(locale(lang), { style: 'long', type: 'conjunction' }).format(texts.map((x) => isolate(x, lang)));
}
