/**
 * Which catalogue keys each part of the client needs: a static scan of client/src (no
 * browser). Used by i18n.test.ts to prove that every page's catalogue areas hold every key
 * its code can ask for.
 *
 * A file "references" a key when it contains:
 * - the key as a string literal (`i18n.t('phone.joining')`, or a key kept in a table and
 *   translated later);
 * - a template literal whose static head looks like a key (`error.${code}`,
 *   `reportui.download.${format}`): every key matching the pattern, whatever the value.
 * Code is followed through its static relative imports inside client/src (a lazy
 * `import()` is another chunk, so another part: App.svelte's views, registry's kinds).
 */
import fs from 'node:fs';
import path from 'node:path';

export const CLIENT = path.resolve('client/src');
const SHARED = path.resolve('shared');

export function files(dir: string, ext = /\.(svelte|ts)$/): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p, ext);
    return ext.test(e.name) ? [p] : [];
  });
}

export interface Refs {
  literals: Set<string>;
  patterns: RegExp[];
  /** Keys passed literally to `i18n.t(…)`, `t(…)` or `translate(lang, …)`: they must exist. */
  calls: Set<string>;
}

/** The key literals and key patterns written in one file. */
export function refsIn(file: string): Refs {
  const text = fs.readFileSync(file, 'utf8');
  const literals = new Set<string>();
  const patterns: RegExp[] = [];
  const calls = new Set<string>();
  for (const m of text.matchAll(/(?:\bi18n\.t|(?<![\w.])t|\btranslate\(\s*[\w.]+\s*,)\(?\s*(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g)) {
    calls.add(m[2]);
  }
  for (const m of text.matchAll(/(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g)) literals.add(m[2]);
  for (const m of text.matchAll(/`([^`]*?\$\{[^`]*)`/g)) {
    const parts = m[1].split(/\$\{[^}]*\}/);
    if (!/^[A-Za-z][\w-]*(?:\.[\w-]+)*\.$/.test(parts[0])) continue;
    if (!parts.every((p) => /^[\w.-]*$/.test(p))) continue;
    patterns.push(new RegExp(`^${parts.map((p) => p.replace(/\./g, '\\.')).join('[\\w.-]+')}$`));
  }
  for (const m of text.matchAll(/['"]([A-Za-z][\w-]*(?:\.[\w-]+)*\.)['"]\s*\+/g)) {
    patterns.push(new RegExp(`^${m[1].replace(/\./g, '\\.')}[\\w.-]+$`));
  }
  return { literals, patterns, calls };
}

/** The catalogue keys (of `keys`) these refs need. */
export function keysFor(refs: Refs, keys: Iterable<string>): string[] {
  return [...keys].filter((k) => refs.literals.has(k) || refs.patterns.some((re) => re.test(k)));
}

/** The relative modules a file imports statically (lazy `import()`s are other chunks). */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const p = path.resolve(path.dirname(file), m[1]);
    if (/\.(svelte|ts)$/.test(p) && fs.existsSync(p)) out.push(p);
  }
  return out;
}

/**
 * The roots and every file they import statically inside `within` (client/src: shared/
 * is not scanned), but for the files `skip` leaves out.
 */
export function closure(roots: string[], within = CLIENT, skip: (file: string) => boolean = () => false): string[] {
  const seen = new Set<string>();
  const todo = roots.filter((f) => !skip(f));
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const i of staticImports(f)) if (i.startsWith(within + path.sep) && !skip(i)) todo.push(i);
  }
  return [...seen];
}

/** The kinds that have a client folder (`client/src/activities/<kind>/`). */
export function clientKinds(): string[] {
  const dir = path.join(CLIENT, 'activities');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

const inClient = (...p: string[]) => path.join(CLIENT, ...p);
const kindFiles = (part: string) =>
  clientKinds()
    .map((k) => inClient('activities', k, `${part}.svelte`))
    .filter((f) => fs.existsSync(f));

/**
 * The parts of the client, each with the files whose keys it needs. `shell` runs on every
 * page. `phone` and `board` show one kind at a time, loaded on demand, hence one part per
 * kind (`phone:<kind>`, `board:<kind>`); the console loads every kind at once.
 */
export function clientParts(): Record<string, string[]> {
  const parts: Record<string, string[]> = {
    shell: closure([inClient('main.ts'), inClient('App.svelte'), ...files(inClient('lib'))]),
    phone: closure(files(inClient('views', 'phone'))),
    board: closure(files(inClient('views', 'board'))),
    console: closure([...files(inClient('views', 'console')), ...kindFiles('Console'), ...kindFiles('Fields')]),
    report: closure(files(inClient('views', 'report'))),
    start: closure([...files(inClient('views', 'start')), inClient('views', 'NotFound.svelte')]),
    admin: closure(files(inClient('views', 'admin'))),
  };
  for (const k of clientKinds()) {
    for (const [role, part] of [
      ['phone', 'Phone'],
      ['board', 'Board'],
    ] as const) {
      const f = inClient('activities', k, `${part}.svelte`);
      if (fs.existsSync(f)) parts[`${role}:${k}`] = closure([f]);
    }
  }
  return parts;
}

/**
 * Shared modules whose key tables the console translates: each kind's module as the console
 * loads it, `shared/activities/<kind>/kind.ts` and every file of shared/activities it
 * imports statically (the builder's field labels and summary lines, its constants, rules
 * and the kit), plus the kind contract and the kit themselves. Not a kind's report.ts: only
 * the server writes reports (their keys are in the `server` area, which no page loads).
 */
export function consoleSharedFiles(): string[] {
  const dir = path.join(SHARED, 'activities');
  const kinds = files(dir).filter((f) => path.basename(f) === 'kind.ts' && path.dirname(f) !== dir);
  const serverOnly = (f: string) => path.basename(f) === 'report.ts';
  return closure(
    [path.join(dir, 'kind.ts'), path.join(dir, 'kit.ts'), ...kinds].filter((f) => fs.existsSync(f)),
    dir,
    serverOnly,
  );
}

/**
 * For each key a part needs: one file that asks for it. The keys of `keys` (the catalogue)
 * it references, and every key it translates literally, in a catalogue or not.
 */
export function partNeeds(partFiles: string[], keys: readonly string[]): Map<string, string> {
  const need = new Map<string, string>();
  for (const f of partFiles) {
    const refs = refsIn(f);
    const file = path.relative(process.cwd(), f);
    for (const k of [...keysFor(refs, keys), ...refs.calls]) if (!need.has(k)) need.set(k, file);
  }
  return need;
}
