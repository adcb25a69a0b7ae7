/** The core (non-activity) commands. Activity commands live with their kind. */
import * as v from 'valibot';
import { allKinds } from './activities/registry.ts';
import { ActivityId, command, Lang, LangTexts, MetaText, Resources, Title } from './schema.ts';
import { TEMPLATE_IDS } from './template-ids.ts';
import { NOTE_MAX } from './constants.ts';
import { cleanName } from './clean.ts';
import { MAX_PHOTOS } from './model.ts';

/** An activity as the facilitator writes it: kind, title and the kind's own config. */
export interface ActivityDraft {
  kind: string;
  title: string;
  config: any;
}
let draftVariant: v.GenericSchema<unknown, ActivityDraft> | undefined;
/** Checked against the kind's own draft schema (a variant on `kind`, built once the kinds are loaded). */
export const ActivityDraft: v.GenericSchema<unknown, ActivityDraft> = v.lazy(
  () => (draftVariant ??= v.variant('kind', allKinds().map((k) => k.schemas.draft) as never) as never),
);

/** A stored image's id (nanoid, made by the server on upload). */
export const ImageId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{21}$/));
/** What a photo shows, in a line or two: its alt text and caption in the report. */
export const PhotoDescription = v.pipe(v.string(), v.trim(), v.maxLength(500));
/** A photo the facilitator added to an activity (a flipchart): facilitators and the report only. */
export const Photo = v.strictObject({ imageId: ImageId, description: v.pipe(v.string(), v.maxLength(500)) });
/** An activity's photos, as an activity carries them (Activity.photos). */
export const Photos = v.pipe(v.array(Photo), v.maxLength(MAX_PHOTOS));

const Seconds = v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(4 * 3600));
export const timerCommands = [
  command('timer.start', { seconds: Seconds, activityId: v.nullable(ActivityId), lockAtZero: v.boolean() }),
  command('timer.pause', {}),
  command('timer.resume', {}),
  command('timer.extend', { seconds: v.pipe(v.number(), v.integer(), v.minValue(-3600), v.maxValue(3600)) }),
  command('timer.stop', {}),
  command('timer.expire', {}),
] as const;
export type TimerCommand = v.InferOutput<(typeof timerCommands)[number]>;

/** Empty string clears the field. */
const IsoDate = v.union([v.literal(''), v.pipe(v.string(), v.isoDate())]);
const Short = v.pipe(v.string(), v.trim(), v.maxLength(200));
const Index = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(200));

export const coreCommandSchemas = [
  command('agenda.add', { activity: ActivityDraft, index: v.optional(Index) }),
  command('agenda.update', { activityId: ActivityId, activity: ActivityDraft }),
  /** Replace the translations of one activity's facilitator texts into one language (original → translation). */
  command('agenda.translate', { activityId: ActivityId, lang: Lang, texts: LangTexts }),
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
    theme: v.optional(Short),
    intro: v.optional(MetaText),
    goals: v.optional(MetaText),
    resources: v.optional(Resources),
    boardLangs: v.optional(v.pipe(v.array(Lang), v.maxLength(2))),
    boardJoin: v.optional(v.picklist(['corner', 'full'])),
    boardContrast: v.optional(v.boolean()),
  }),
  /** R-CLOSE: end the session for good (its code stops working, nothing changes after). */
  command('session.close', {}),
  /** The facilitator's own note on an activity, seen only on the console (empty: none). */
  command('agenda.note', { activityId: ActivityId, note: v.pipe(v.string(), v.trim(), v.maxLength(NOTE_MAX)) }),
  /** R-PHOTO: add a photo (an uploaded image of this session) to an activity; the same image again changes its description. */
  command('activity.photoAdd', { activityId: ActivityId, imageId: ImageId, description: PhotoDescription }),
  command('activity.photoRemove', { activityId: ActivityId, imageId: ImageId }),
  command('participant.rename', { name: v.pipe(v.string(), v.transform(cleanName), v.maxLength(40)) }),
  ...timerCommands,
] as const;

export type CoreCommand = v.InferOutput<(typeof coreCommandSchemas)[number]>;
