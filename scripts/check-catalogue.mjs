#!/usr/bin/env node
/**
 * Check one language's catalogue against Dutch (the source), the same checks as
 * test/shared/i18n.test.ts, with a readable list of what is wrong:
 *
 *   node scripts/check-catalogue.mjs fr        (or several: fr ar; none: every language)
 *
 * - the same files (areas) and the same keys as shared/i18n/nl/, nothing missing or extra;
 * - no empty text; every text is valid ICU MessageFormat;
 * - the same placeholders ({name}) as Dutch, and the same counted arguments;
 * - every plural ({count, plural, …}) has exactly the categories the language has in CLDR
 *   (new Intl.PluralRules(lang).resolvedOptions().pluralCategories: Arabic six, Ukrainian
 *   and Russian four, French three, Turkish and Persian two).
 */
import fs from 'node:fs';
import path from 'node:path';
import { shapeOf } from './catalogue-shape.mjs';

const ROOT = path.resolve(import.meta.dirname, '../shared/i18n');
const read = (lang) =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(ROOT, lang))
      .filter((f) => f.endsWith('.json'))
      .map((f) => [f.slice(0, -5), JSON.parse(fs.readFileSync(path.join(ROOT, lang, f), 'utf8'))]),
  );

function shape(message) {
  const { args, plurals, cases } = shapeOf(message);
  return { args: args.join(','), plurals: plurals.join(','), cases };
}

const nl = read('nl');
const langs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs.readdirSync(ROOT).filter((d) => d !== 'nl' && fs.statSync(path.join(ROOT, d)).isDirectory());
let problems = 0;
for (const lang of langs) {
  const cats = new Intl.PluralRules(lang).resolvedOptions().pluralCategories.slice().sort().join(' ');
  const cat = fs.existsSync(path.join(ROOT, lang)) ? read(lang) : {};
  const out = [];
  for (const area of new Set([...Object.keys(nl), ...Object.keys(cat)])) {
    if (!nl[area]) out.push(`${area}.json: not in nl`);
    else if (!cat[area]) out.push(`${area}.json: missing`);
    else {
      for (const k of Object.keys(nl[area])) if (!(k in cat[area])) out.push(`${area}: ${k} missing`);
      for (const [k, v] of Object.entries(cat[area])) {
        if (!(k in nl[area])) out.push(`${area}: ${k} is not in nl`);
        else if (typeof v !== 'string' || !v.trim()) out.push(`${area}: ${k} is empty`);
        else {
          let s;
          try {
            s = shape(v);
          } catch (e) {
            out.push(`${area}: ${k} is not valid ICU MessageFormat: ${e.message}`);
            continue;
          }
          const ref = shape(nl[area][k]);
          if (s.args !== ref.args) out.push(`${area}: ${k} has placeholders {${s.args}}, Dutch has {${ref.args}}`);
          if (s.plurals !== ref.plurals) out.push(`${area}: ${k} counts {${s.plurals}}, Dutch counts {${ref.plurals}}`);
          for (const c of s.cases) {
            if (c.slice().sort().join(' ') !== cats)
              out.push(`${area}: ${k} has plural forms "${c.join(' ')}"; ${lang} needs exactly "${cats}"`);
          }
        }
      }
    }
  }
  problems += out.length;
  console.log(out.length ? `${lang}: ${out.length} problem(s)\n  ${out.join('\n  ')}` : `${lang}: complete and well-formed`);
}
process.exitCode = problems ? 1 : 0;
