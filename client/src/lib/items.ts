/** Items typed one per line in the agenda builder (vote items, group work topics). */
import { nanoid } from 'nanoid';
import type { Item } from '../../../shared/activities/kind.ts';

/** Typed item lines → items, keeping the ids of lines that did not change. */
export function itemsFromLines(text: string, old: readonly Item[]): Item[] {
  const pool = [...old];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const at = pool.findIndex((i) => i.text === line);
      if (at >= 0) return pool.splice(at, 1)[0];
      return { id: `i${nanoid(10)}`, text: line };
    });
}

export const linesOf = (items: readonly Item[]) => items.map((i) => i.text).join('\n');
