/**
 * What an ICU message takes: its arguments, which of them it counts, and each plural's
 * categories (exact `=N` cases left out). Read with the reference parser
 * (@messageformat/parser); shared by scripts/check-catalogue.mjs and the catalogue test.
 */
import { parse } from '@messageformat/parser';

export function shapeOf(message) {
  const args = new Set();
  const plurals = new Set();
  const cases = [];
  const walk = (tokens) => {
    for (const t of tokens) {
      if (t.type === 'argument') args.add(t.arg);
      if (t.type === 'plural' || t.type === 'select' || t.type === 'selectordinal') {
        args.add(t.arg);
        if (t.type === 'plural') {
          plurals.add(t.arg);
          cases.push(t.cases.map((c) => c.key).filter((k) => !k.startsWith('=')));
        }
        for (const c of t.cases) walk(c.tokens);
      }
    }
  };
  walk(parse(message, { strict: false }));
  return { args: [...args].sort(), plurals: [...plurals].sort(), cases };
}
