/**
 * The info card's schemas: its config, its one command, its one event (as stored and as
 * each viewer receives it) and its state (as stored, exported and projected).
 */
import * as v from 'valibot';
import { ActivityId, command, draft } from '../../schema.ts';
import { INFO_ALT_MAX, INFO_BODY_MAX, INFO_IMAGES_MAX } from './rules.ts';

/**
 * A picture on the card (R-IMG-UPLOAD): an image uploaded to this session and its alt
 * text, which is required (what the picture shows, for whoever cannot see it).
 */
export const InfoImage = v.strictObject({
  imageId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{21}$/)),
  alt: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(INFO_ALT_MAX)),
});

export const InfoConfig = v.strictObject({
  body: v.pipe(v.string(), v.maxLength(INFO_BODY_MAX)),
  /** Show the "I agree" button on phones. */
  agreeable: v.boolean(),
  /** Pictures under the text, in order (absent: none). */
  images: v.optional(v.pipe(v.array(InfoImage), v.maxLength(INFO_IMAGES_MAX))),
});
export type InfoConfig = v.InferOutput<typeof InfoConfig>;

export const InfoDraft = draft('info', InfoConfig);

export const InfoAgree = command('info.agree', { activityId: ActivityId, agree: v.boolean() });
export type InfoAgree = v.InferOutput<typeof InfoAgree>;
export const commands = [InfoAgree] as const;
export type InfoCommand = InfoAgree;

/** A participant agreed or took it back. `pid` only for facilitators and that participant. */
export const InfoAgreed = v.strictObject({
  type: v.literal('info.agreed'),
  activityId: ActivityId,
  pid: v.optional(ActivityId),
  agree: v.boolean(),
});
export type InfoAgreed = v.InferOutput<typeof InfoAgreed>;
export const events = [InfoAgreed] as const;
export type InfoEvent = InfoAgreed;

/** Facilitators see everyone in `agreed`; a participant sees only itself; the board nobody. */
export const InfoState = v.strictObject({
  agreed: v.record(ActivityId, v.literal(true)),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type InfoState = v.InferOutput<typeof InfoState>;
