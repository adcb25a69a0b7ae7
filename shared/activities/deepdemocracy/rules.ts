/**
 * A Deep Democracy round (the Lewis Method): gain all the views → find the no → spread the
 * no → vote (secret, up to 3 rounds) → the minority's wisdom (only those who voted
 * otherwise or abstained are asked) → final check; an undercurrent step (soft-shoe slider)
 * when that fails.
 *
 * The rules alone, without valibot: the phone loads this file (and its views take their
 * runtime values from here only). Types come from schema.ts.
 */
import type { KindRules } from '../kind.ts';
import { apply } from './apply.ts';
import { decide } from './decide.ts';
import { initState } from './helpers.ts';
import { projectEvent, projectState } from './project.ts';
import type { DeepDemocracyConfig, DeepDemocracyState } from './schema.ts';

export * from './constants.ts';
export * from './helpers.ts';

export const rules: KindRules<DeepDemocracyConfig, DeepDemocracyState> = {
  kind: 'deepdemocracy',
  // R-DD-PSEUDONYM: their records (and command ids) are kept under the voter's pseudonym.
  pseudonymous: [
    'deepdemocracy.recognise',
    'deepdemocracy.vote',
    'deepdemocracy.minority',
    'deepdemocracy.final',
    'deepdemocracy.slider',
    'deepdemocracy.unsaid',
  ],
  texts: (c) => [c.proposal],
  init: initState,
  decide: (cmd, activity, actor, ctx, room) => decide(cmd, activity, actor, ctx, room),
  apply: (state, ev) => apply(state, ev),
  projectState: (state, viewer, activity) => projectState(state, viewer, activity),
  projectEvent: (ev, viewer) => projectEvent(ev, viewer),
};
