/** Helpers several kinds share (no kind imports another kind). */
import type { Activity, DomainEvent } from '../model.ts';
import type { Item, KindRoom, Translate } from './kind.ts';

/**
 * What an activity that takes items does when it opens: if it has no items yet, it takes
 * its source's (a `<kind>.loaded` event), at most `max`.
 */
export function loadOnOpen(a: Activity<{ sourceId: string | null }, { items: Item[] }>, room: KindRoom, max: number): DomainEvent[] {
  if (a.state.items.length || !a.config.sourceId) return [];
  const items = room.itemsFrom(a.config.sourceId)?.slice(0, max);
  return items?.length ? [{ type: `${a.kind}.loaded`, activityId: a.id, items }] : [];
}

/** Lines as the facilitator typed them, trimmed, empty ones dropped. */
export const trimLines = (lines: readonly string[]): string[] => lines.map((p) => p.trim()).filter(Boolean);

/** The agenda line of a kind that takes items: its items, else its source, else its typed list. */
export function itemsSummary(
  a: Activity<{ sourceId: string | null; items: Item[] }, { items: Item[] }>,
  t: Translate,
  agenda: readonly Activity[],
): string {
  const items = a.state.items;
  if (items.length) return t('builder.summary.items', { count: items.length, items: items.map((i) => i.text).join(' · ') });
  const src = a.config.sourceId ? agenda.find((x) => x.id === a.config.sourceId)?.title : undefined;
  return src ? t('builder.summary.source', { title: src }) : t('builder.summary.typed', { count: a.config.items.length });
}
