/**
 * The kinds, discovered: every `shared/activities/<kind>/` with a `rules.ts` and a `kind.ts` is a kind. Nothing lists
 * them by hand. Under Vite (the browser, Vitest) `import.meta.glob` finds them at build
 * time, each as its own lazy chunk; under plain Node (the server) the folder is read.
 *
 * Rules load on their own (`<kind>/rules.ts`, no valibot): a phone loads the rules of the
 * kinds it meets, nothing else. The server and the console load whole kinds.
 */
import type { ActivityKind, KindRules } from './kind.ts';
import { nodeGlob, type Loaders } from './node-glob.ts';

const rulesLoaders: Loaders<{ rules: KindRules }> = import.meta.env
  ? import.meta.glob<{ rules: KindRules }>('./*/rules.ts')
  : nodeGlob('rules.ts');

const nameOf = (path: string) => path.split('/')[1];

/** Every kind's name, in no particular order (see `builderKinds` for the builder's order). */
export const KIND_NAMES: readonly string[] = Object.keys(rulesLoaders).map(nameOf).sort();

const rules = new Map<string, KindRules>();
const kinds = new Map<string, ActivityKind>();

export const isKind = (name: string): boolean => KIND_NAMES.includes(name);

/** A kind's rules, if loaded (always, on the server). */
export function kindOf(name: string): KindRules | undefined {
  return rules.get(name);
}

/** A whole kind (schemas, report, builder), if loaded. */
export function fullKindOf(name: string): ActivityKind | undefined {
  return kinds.get(name);
}

/** Every loaded whole kind, in the builder's order. */
export function loadedKinds(): ActivityKind[] {
  return [...kinds.values()].sort((a, b) => a.builder.order - b.builder.order);
}

/** The kind that owns an event or command type (`dotvote.dotted` → dotvote), if loaded. */
export const kindOfType = (type: string): KindRules | undefined => kindOf(type.slice(0, type.indexOf('.')));

/** Load the rules of these kinds (unknown names are ignored). */
export async function loadRules(names: Iterable<string>): Promise<void> {
  const wanted = [...new Set(names)].filter((n) => isKind(n) && !rules.has(n));
  await Promise.all(
    wanted.map(async (n) => {
      rules.set(n, (await rulesLoaders[`./${n}/rules.ts`]()).rules);
    }),
  );
}

/** Load every kind whole (the server at start, the console, tests). */
export async function loadKinds(): Promise<ActivityKind[]> {
  const { default: kindLoaders } = await import('./kind-loaders.ts');
  await Promise.all(
    KIND_NAMES.filter((n) => !kinds.has(n)).map(async (n) => {
      const k = (await kindLoaders[`./${n}/kind.ts`]()).default;
      if (k.rules.kind !== n) throw new Error(`shared/activities/${n}/kind.ts defines kind "${k.rules.kind}"`);
      kinds.set(n, k);
      rules.set(n, k.rules);
    }),
  );
  return loadedKinds();
}

/** Every whole kind; throws when `loadKinds()` has not run (a start-up bug, not a user error). */
export function allKinds(): ActivityKind[] {
  if (kinds.size !== KIND_NAMES.length) throw new Error('kinds not loaded: await loadKinds() first');
  return loadedKinds();
}
