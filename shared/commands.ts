/** The core (non-activity) commands. Activity commands live with their kind. */
import * as v from 'valibot';
import { activityDraftSchemas } from './activities/index.ts';
import { ActivityId, command, Title } from './schema.ts';
import { timerCommands } from './timer.ts';
import { TEMPLATE_IDS } from './template-ids.ts';

/** An activity as the facilitator writes it: kind, title and the kind's own config. */
export const ActivityDraft = v.variant('kind', activityDraftSchemas);
export type ActivityDraft = v.InferOutput<typeof ActivityDraft>;

/** Empty string clears the field. */
const IsoDate = v.union([v.literal(''), v.pipe(v.string(), v.isoDate())]);
const Short = v.pipe(v.string(), v.trim(), v.maxLength(200));
const Index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(200));

export const coreCommandSchemas = [
  command('agenda.add', { activity: ActivityDraft, index: v.optional(Index) }),
  command('agenda.update', { activityId: ActivityId, activity: ActivityDraft }),
  command('agenda.move', { activityId: ActivityId, toIndex: Index }),
  command('agenda.remove', { activityId: ActivityId }),
  command('agenda.goto', { activityId: v.nullable(ActivityId) }),
  command('activity.lock', { activityId: ActivityId, locked: v.boolean() }),
  command('agenda.template', { template: v.picklist(TEMPLATE_IDS) }),
  command('session.meta', {
    title: v.optional(Title),
    date: v.optional(IsoDate),
    place: v.optional(Short),
    facilitator: v.optional(Short),
    nextDate: v.optional(IsoDate),
    nextTheme: v.optional(Short),
  }),
  command('participant.rename', { name: v.pipe(v.string(), v.trim(), v.maxLength(40)) }),
  ...timerCommands,
] as const;
