/**
 * The client side of the kinds, discovered: `./<kind>/Phone.svelte`, `Board.svelte`,
 * `Console.svelte` and the builder's `Fields.svelte`. Each is its own lazy chunk, loaded
 * per role: a phone never downloads a board or console view, nor a kind it does not meet.
 */
import type { Component } from 'svelte';
import { loadRules } from '../../../shared/activities/registry.ts';
import { i18n } from '../lib/i18n.svelte.ts';

export type Part = 'Phone' | 'Board' | 'Console' | 'Fields';
type Mod = { default: Component<any> };

type Loaders = Record<string, () => Promise<Mod>>;

// One small module per role with its list of views: a phone fetches the list of phone
// views only, never the names of board or console chunks. The page's entry says which
// roles it shows (provideParts): the phone's page offers only the phone's list, so its
// build holds no board, console or builder view (nor the runtime only they use).
export type PartList = () => Promise<{ default: Loaders }>;
const parts: Partial<Record<Part, PartList>> = {};

/** The lists of views this page can show, one per role (called once by the page's entry). */
export function provideParts(lists: Partial<Record<Part, PartList>>): void {
  Object.assign(parts, lists);
}

const loaded = new Map<string, Component<any> | null>();

/** The view if it is loaded already (so a re-render needs no await). */
export function cachedView(kind: string, part: Part): Component<any> | null | undefined {
  return loaded.get(`${kind}/${part}`);
}

/** Tries at loading a view's chunks; the server may be restarting or the Wi-Fi gone a moment. */
const LOAD_TRIES = 4;

/**
 * Chunks are fetched only while the link to the server is up (R-FAULT-RESTART): a browser
 * remembers a module that failed to load and never fetches it again in this page, so a
 * view asked for while the server restarts would stay missing until a reload. The page's
 * connection sets the gate (connectView); without one, loads go at once.
 */
let linkUp: () => Promise<void> = () => Promise.resolve();
export function gateLoads(wait: () => Promise<void>): void {
  linkUp = wait;
}

/**
 * A kind's view for one role, with the kind's rules; null when the kind has no such view.
 * A chunk that does not arrive is tried again after a pause (1, 2, 4 s); it rejects only
 * after the last try, and nothing is cached then, so a later render tries anew.
 */
export async function loadView(kind: string, part: Part): Promise<Component<any> | null> {
  const key = `${kind}/${part}`;
  if (loaded.has(key)) return loaded.get(key)!;
  // The view, the kind's rules and its words in the page's language, side by side.
  const viewModule = async () => (await parts[part]?.())?.default[`../${kind}/${part}.svelte`]?.();
  for (let tried = 1; ; tried++) {
    try {
      await linkUp();
      const [mod] = await Promise.all([viewModule(), loadRules([kind]), i18n.use([kind])]);
      const view = mod?.default ?? null;
      loaded.set(key, view);
      return view;
    } catch (e) {
      if (tried >= LOAD_TRIES) throw e;
      await new Promise((r) => setTimeout(r, 1000 * 2 ** (tried - 1)));
    }
  }
}
