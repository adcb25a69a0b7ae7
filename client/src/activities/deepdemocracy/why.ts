/**
 * "Why not" from the rules themselves: a view asks the kind's own `decide` whether it would
 * take the command a button sends, and says why not in its own words (the rejection's
 * `reason`, mapped to a catalogue key here). No rule is repeated in the views.
 */
import { DD_PER_PERSON, rules } from '../../../../shared/activities/deepdemocracy/rules.ts';
import type { DeepDemocracyCommand, DeepDemocracyConfig, DeepDemocracyState } from '../../../../shared/activities/deepdemocracy/schema.ts';
import type { Activity, Actor, RoomView } from '../../../../shared/model.ts';
import { i18n } from '../../lib/i18n.svelte.ts';

type Probe = DeepDemocracyCommand extends infer C ? (C extends DeepDemocracyCommand ? Omit<C, 'id' | 'activityId'> : never) : never;

/**
 * Why the rules would refuse `cmd` from `actor` now (the reason, else the code), or null
 * when they would take it. `view`: the room as shown (`conn.view`); none yet: 'noView'.
 */
export function refusal(
  activity: Activity<DeepDemocracyConfig, DeepDemocracyState>,
  actor: Actor,
  view: RoomView | null,
  cmd: Probe,
): string | null {
  if (!view) return 'noView';
  const full: DeepDemocracyCommand = { ...cmd, id: 'probe', activityId: activity.id };
  const d = rules.decide(full, activity, actor, { now: 0, newId: () => 'probe' }, { state: view, itemsFrom: () => undefined });
  return d.ok ? null : (d.error.reason ?? d.error.code);
}

/** A phone's words for a refusal (empty when it has none: the control just stays off). */
export function phoneWhy(reason: string | null): string {
  switch (reason) {
    case 'perPerson':
      return i18n.t('dd.phone.limit', { max: DD_PER_PERSON });
    case 'finalNotOpen':
      return i18n.t('dd.phone.final.waiting');
    case 'finalClosed':
      return i18n.t('dd.phone.final.closed');
    case 'voteNotOpen':
      return i18n.t('dd.phone.vote.waiting');
    case 'decided':
    case 'LOCKED':
      return i18n.t('dd.locked');
    default:
      return '';
  }
}

/** The tag a phone's command is saved under (its saved marker). */
export const ddTag = (activityId: string, what: string) => `dd.${what}:${activityId}`;
