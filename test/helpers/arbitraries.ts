/**
 * Random rooms for the property tests (test/shared/property.test.ts): 2–6 participants
 * (some named, some joining late), one activity of every kind in a few configurations, and
 * random steps: commands of every kind and of the core by random actors (many of them
 * refused), late joins and reconnects.
 *
 * A step holds only small numbers; a maker turns them into a command against the state of
 * the moment (an existing post-it, group or answer, or now and then one that does not
 * exist), so that fast-check can shrink a failing sequence. Texts carry the step number and
 * end in `!`, so that each is unique and none is part of another.
 */
import fc from 'fast-check';
import { DD_STEPS } from '../../shared/activities/deepdemocracy/constants.ts';
import { SCALE_VALUES } from '../../shared/activities/poll/rules.ts';
import type { Actor, RoomState } from '../../shared/model.ts';

/** Participant ids and names that occur nowhere else (none is part of another). */
export const PIDS = ['PidQa1X', 'PidWb2X', 'PidEc3X', 'PidRd4X', 'PidTe5X', 'PidYf6X'];
/** Participant p's k-th display name. */
export const nameOf = (p: number, k: number) => `Nm${'ABCDEF'[p]}${k}q`;

export interface Variant {
  privateUntilReveal: boolean;
  allowNames: boolean;
  columns: boolean;
  budget: number;
  stacking: boolean;
  cap: number | null;
  pollMode: 'single' | 'multiple' | 'scale';
  /** The dot vote takes the brainstorm's post-its; the group work the vote's carried items. */
  chained: boolean;
  smallGroupSafety: boolean;
}
export interface Seeds {
  a: number;
  b: number;
  c: number;
  flag: boolean;
}
/** `who` 0–6: whoever gives such a command (a participant, or the facilitator); 7 the board; 8 the facilitator; 9 a participant. */
export type Step =
  ({ do: 'cmd'; who: number; m: number; zoom: boolean } & Seeds) | { do: 'join'; who: number } | { do: 'reconnect'; who: number };
export interface Plan {
  /** The kind most commands go to (`zoom`), so that each room gets deep into one kind. */
  focus: string;
  people: { named: boolean; late: boolean }[];
  variant: Variant;
  steps: Step[];
  seed: number;
}
/** What a maker reads: the state now, the activity of each kind, who joined, the step's number. */
export interface Room {
  state: RoomState;
  ids: Record<string, string>;
  joined: string[];
  step: number;
}
type Cmd = Record<string, unknown> & { type: string };

// ---- drafts -----------------------------------------------------------------------------

const configs = (v: Variant, ids: Record<string, string>): Record<string, unknown> => ({
  brainstorm: {
    prompt: 'Ideeën',
    columns: v.columns ? ['Links', 'Rechts'] : [],
    maxPerPerson: 3,
    maxLength: 280,
    allowNames: v.allowNames,
    privateUntilReveal: v.privateUntilReveal,
  },
  dotvote: {
    prompt: 'Stem',
    sourceId: v.chained ? (ids.brainstorm ?? null) : null,
    unit: 'items',
    items: v.chained ? [] : ['A', 'B', 'C'].map((t) => ({ id: `item${t}1`, text: `Optie ${t}` })),
    budget: v.budget,
    stacking: v.stacking,
    capPerItem: v.stacking ? v.cap : null,
  },
  groupwork: {
    sourceId: v.chained ? (ids.dotvote ?? null) : null,
    items: v.chained ? [] : [{ id: 'gwItem1', text: 'Thema' }],
    questions: ['Wat?', 'Hoe?'],
  },
  poll: {
    question: 'Vraag?',
    mode: v.pollMode,
    options: v.pollMode === 'scale' ? [] : ['Ja', 'Nee', 'Soms'].map((text, i) => ({ id: `opt${i}xx`, text })),
    maxChoices: v.pollMode === 'multiple' ? 2 : null,
    scaleLow: v.pollMode === 'scale' ? 'Oneens' : '',
    scaleHigh: v.pollMode === 'scale' ? 'Eens' : '',
  },
  checkin: { mode: 'checkin', prompts: ['Hoe gaat het?'] },
  info: { body: 'Huisregels', agreeable: true },
  deepdemocracy: { proposal: 'We doen het', smallGroupSafety: v.smallGroupSafety },
});

/** One draft of every kind in `kinds`; `ids` holds the ids of those added so far (sources). */
export function draftOf(kind: string, v: Variant, ids: Record<string, string>) {
  return { kind, title: `Activiteit ${kind}`, config: configs(v, ids)[kind] };
}
/** The kinds the drafts know, sources before the kinds that take from them. */
export const DRAFT_KINDS = ['brainstorm', 'dotvote', 'groupwork', 'poll', 'checkin', 'info', 'deepdemocracy'];

// ---- makers -----------------------------------------------------------------------------

/** An element of `list`, or (about one time in list.length + 1) `none`. */
const pick = <T>(list: readonly T[], n: number, none: T): T => list[n % (list.length + 1)] ?? none;
/** A subset of `list` (by the bits of n). */
const subset = <T>(list: readonly T[], n: number): T[] => list.filter((_, i) => (n >> i) & 1);
const NOPE = 'nopeId01';
const text = (r: Room, what: string) => `${what}-${r.step}!`;

function activityOf(r: Room, kind: string, s: Seeds): { id: string; state: any; config: any } {
  // Now and then another activity than the command's kind (refused: INVALID).
  const a = s.c % 17 === 16 ? r.state.agenda[s.a % r.state.agenda.length] : r.state.agenda.find((x) => x.id === r.ids[kind]);
  return (a as never) ?? { id: NOPE, state: {}, config: {} };
}
/** Ids of `list`; for `own`, those whose `pid` is the actor's (a facilitator's: none). */
const idsOf = (list: { id: string; pid?: string }[] | undefined, actor?: Actor) =>
  (Array.isArray(list) ? list : []).filter((x) => !actor || x.pid === actor.participantId).map((x) => x.id);
/** The actor's own entries when `flag`, else any (so that most edits and deletes are allowed). */
const mineOr = (list: { id: string; pid?: string }[] | undefined, s: Seeds, actor: Actor) =>
  pick(idsOf(list, s.flag ? actor : undefined), s.a, NOPE);

type Maker = (r: Room, s: Seeds, actor: Actor) => Cmd;
/** Commands of one kind: each gets `activityId` of that kind's activity. */
function kindMakers(kind: string, makers: Record<string, (a: any, r: Room, s: Seeds, actor: Actor) => Record<string, unknown>>) {
  return Object.fromEntries(
    Object.entries(makers).map(([verb, make]): [string, Maker] => [
      `${kind}.${verb}`,
      (r, s, actor) => {
        const a = activityOf(r, kind, s);
        return { type: `${kind}.${verb.replace(/\d$/, '')}`, activityId: a.id, ...make(a, r, s, actor) };
      },
    ]),
  );
}

const agendaIds = (r: Room) => r.state.agenda.map((a) => a.id);
const activity = (r: Room, s: Seeds) => r.state.agenda[s.a % Math.max(1, r.state.agenda.length)];
const column = (a: any, s: Seeds) => (a.config.columns?.length ? s.b % 3 : s.b % 5 === 0 ? 0 : null);

export const MAKERS: Record<string, Maker> = {
  'agenda.goto': (r, s) => ({ type: 'agenda.goto', activityId: pick(agendaIds(r), s.a, null) }),
  'activity.lock': (r, s) => ({ type: 'activity.lock', activityId: pick(agendaIds(r), s.a, NOPE), locked: s.flag && s.b % 3 === 0 }),
  'agenda.update': (r, s) => {
    const a = activity(r, s);
    const variant = {
      budget: 1 + (s.b % 5),
      stacking: s.flag,
      cap: s.c % 3 ? s.c % 3 : null,
      pollMode: (['single', 'multiple', 'scale'] as const)[s.b % 3],
    };
    const draft = draftOf(
      a.kind,
      {
        privateUntilReveal: s.flag,
        allowNames: s.b % 2 === 0,
        columns: s.c % 2 === 0,
        chained: false,
        smallGroupSafety: s.flag,
        ...variant,
      },
      r.ids,
    );
    // A source stays the one it was (a chained vote keeps its brainstorm).
    const config = {
      ...(draft.config as object),
      ...('sourceId' in (a.config as object) ? { sourceId: (a.config as { sourceId: unknown }).sourceId } : {}),
    };
    return { type: 'agenda.update', activityId: a.id, activity: { ...draft, config } };
  },
  'agenda.note': (r, s) => ({ type: 'agenda.note', activityId: pick(agendaIds(r), s.a, NOPE), note: s.flag ? text(r, 'Notitie') : '' }),
  'agenda.move': (r, s) => ({ type: 'agenda.move', activityId: pick(agendaIds(r), s.a, NOPE), toIndex: s.b % 8 }),
  'agenda.remove': (r, s) => ({ type: 'agenda.remove', activityId: s.c === 0 && s.b === 0 ? activity(r, s).id : NOPE }),
  'session.meta': (r) => ({ type: 'session.meta', title: text(r, 'Titel') }),
  'timer.start': (r, s) => ({ type: 'timer.start', seconds: 5 + (s.b % 6), activityId: pick(agendaIds(r), s.a, null), lockAtZero: s.flag }),
  'timer.pause': () => ({ type: 'timer.pause' }),
  'timer.resume': () => ({ type: 'timer.resume' }),
  'timer.extend': (_r, s) => ({ type: 'timer.extend', seconds: s.b - 20 }),
  'timer.stop': () => ({ type: 'timer.stop' }),
  'timer.expire': () => ({ type: 'timer.expire' }),
  'participant.rename': (_r, s, actor) => ({
    type: 'participant.rename',
    name: s.flag ? nameOf(Math.max(0, PIDS.indexOf(actor.participantId ?? '')), 1 + (s.b % 3)) : '',
  }),
  ...kindMakers('brainstorm', {
    add: (a, r, s) => ({ text: text(r, 'Postit'), column: column(a, s), showName: s.flag }),
    add2: (a, r, s) => ({ text: text(r, 'Postit'), column: column(a, s), showName: !s.flag }),
    add3: (a, r, s) => ({ text: text(r, 'Postit'), column: column(a, s), showName: s.flag }),
    edit: (a, r, s, actor) => ({ itemId: mineOr(a.state.items, s, actor), text: text(r, 'Bewerkt') }),
    delete: (a, _r, s, actor) => ({ itemId: mineOr(a.state.items, s, actor) }),
    delete2: (a, _r, s, actor) => ({ itemId: pick(idsOf(a.state.items, actor), s.a, NOPE) }),
    hide: (a, _r, s) => ({ itemId: pick(idsOf(a.state.items), s.a, NOPE), hidden: s.flag }),
    merge: (a, _r, s) => {
      const ids = idsOf(a.state.items);
      return { itemId: pick(ids, s.a, NOPE), otherId: s.flag ? (ids[(s.a + 1) % Math.max(1, ids.length)] ?? NOPE) : pick(ids, s.b, NOPE) };
    },
    move: (a, _r, s) => ({ itemId: pick(idsOf(a.state.items), s.a, NOPE), column: column(a, s) }),
    cluster: (a, _r, s) => ({ itemId: pick(idsOf(a.state.items), s.a, NOPE), clusterId: pick(idsOf(a.state.clusters), s.b, null) }),
    clusterAdd: (_a, r) => ({ title: text(r, 'Cluster') }),
    clusterRename: (a, r, s) => ({ clusterId: pick(idsOf(a.state.clusters), s.a, NOPE), title: text(r, 'Cluster') }),
    clusterRemove: (a, _r, s) => ({ clusterId: pick(idsOf(a.state.clusters), s.a, NOPE) }),
    reveal: (_a, _r, s) => ({ revealed: s.flag }),
    bulk: (a, r, s) => {
      const action = ['hide', 'show', 'cluster', 'newCluster', 'merge', 'move'][s.b % 6];
      const itemIds = subset(idsOf(a.state.items), s.a + 1);
      const extra = {
        cluster: { clusterId: pick(idsOf(a.state.clusters), s.c, null) },
        newCluster: { title: text(r, 'Cluster') },
        merge: { into: itemIds[0] ?? NOPE },
        move: { column: column(a, s) },
      }[action];
      return { action, itemIds, ...extra };
    },
    spotlight: (a, _r, s) =>
      s.flag
        ? { itemId: pick(idsOf(a.state.items), s.a, null), clusterId: null }
        : { itemId: null, clusterId: pick(idsOf(a.state.clusters), s.a, null) },
    page: (_a, _r, s) => ({ page: s.b, auto: s.flag }),
    followUp: (a, r, s) => ({
      itemId: pick(idsOf(a.state.items), s.a, NOPE),
      owner: s.flag ? text(r, 'Eigenaar') : '',
      due: s.b % 2 ? '2025-06-01' : '',
    }),
  }),
  ...kindMakers('dotvote', {
    place: (a, _r, s) => ({ itemId: pick(idsOf(a.state.items), s.a, NOPE) }),
    place2: (a, _r, s) => ({ itemId: pick(idsOf(a.state.items), s.b, NOPE) }),
    unplace: (a, _r, s, actor) => {
      const mine = Object.keys(a.state.dots?.[actor.participantId ?? ''] ?? {});
      return { itemId: s.flag ? pick(mine, s.a, NOPE) : pick(idsOf(a.state.items), s.a, NOPE) };
    },
    reveal: (_a, _r, s) => ({ revealed: s.flag }),
    carry: (a, _r, s) => ({ itemIds: subset(idsOf(a.state.items), s.a) }),
    load: (_a, r, s) => ({ sourceId: pick(agendaIds(r), s.b, NOPE), ...(s.c % 3 ? { unit: s.flag ? 'clusters' : 'items' } : {}) }),
  }),
  ...kindMakers('poll', {
    answer: (a, _r, s) => {
      const keys: string[] = a.state.mode === 'scale' ? [...SCALE_VALUES] : idsOf(a.state.options);
      return { answer: s.flag || !keys.length ? [pick(keys, s.a, '5')] : subset(keys, s.a).concat(s.b % 7 ? [] : [NOPE]) };
    },
    withdraw: () => ({}),
    reveal: (_a, _r, s) => ({ revealed: s.flag }),
  }),
  ...kindMakers('checkin', {
    respond: (_a, r, s) => ({ answer: text(r, 'Antwoord'), passed: s.b % 4 === 0 }),
    speak: (_a, _r, s) => ({ want: s.flag }),
    spoken: (a, _r, s) => ({ entryId: pick(idsOf(a.state.queue), s.a, NOPE) }),
    show: (_a, _r, s) => ({ show: s.flag }),
    report: (_a, _r, s) => ({ include: s.flag }),
  }),
  ...kindMakers('groupwork', {
    form: (_a, _r, s) => ({ by: s.flag ? 'count' : 'size', value: 1 + (s.b % 4), assignment: s.c % 2 ? 'random' : 'choose' }),
    join: (a, _r, s) => ({ groupId: pick(idsOf(a.state.groups), s.a, NOPE) }),
    move: (a, r, s) => ({ participantId: pick(r.joined, s.b, NOPE), groupId: pick(idsOf(a.state.groups), s.a, NOPE) }),
    placeLate: (_a, r, s) => ({ participantId: pick(r.joined, s.b, NOPE) }),
    rebalance: () => ({}),
    assign: (a, _r, s) => ({ groupId: pick(idsOf(a.state.groups), s.a, NOPE), itemId: pick(idsOf(a.state.items), s.b, null) }),
    answer: (a, r, s) => ({ groupId: pick(idsOf(a.state.groups), s.a, NOPE), question: s.b % 3, text: text(r, 'Groepsantwoord') }),
    answer2: (a, r, s) => ({ groupId: pick(idsOf(a.state.groups), s.a, NOPE), question: s.b % 2, text: text(r, 'Groepsantwoord') }),
    editAnswer: (a, r, s, actor) => ({ answerId: mineOr(a.state.answers, s, actor), text: text(r, 'Herschreven') }),
    deleteAnswer: (a, _r, s, actor) => ({ answerId: mineOr(a.state.answers, s, actor) }),
    load: (_a, r, s) => ({ sourceId: pick(agendaIds(r), s.b, NOPE) }),
    label: (a, r, s) => ({
      groupId: pick(idsOf(a.state.groups), s.a, NOPE),
      name: s.flag ? text(r, 'Groep') : '',
      place: s.b % 2 ? text(r, 'Tafel') : '',
    }),
    scribe: (a, r, s, actor) => ({
      groupId: pick(idsOf(a.state.groups), s.a, NOPE),
      participantId: s.flag ? (s.b % 2 && actor.participantId ? actor.participantId : pick(r.joined, s.b, NOPE)) : null,
    }),
    showName: (_a, _r, s) => ({ show: s.flag }),
  }),
  ...kindMakers('info', { agree: (_a, _r, s) => ({ agree: s.flag }) }),
  ...kindMakers('deepdemocracy', {
    // Mostly the next step (most jumps are refused).
    step: (a, _r, s) => ({ step: DD_STEPS[s.flag ? (DD_STEPS.indexOf(a.state.step) + 1) % DD_STEPS.length : s.b % DD_STEPS.length] }),
    step2: (a) => ({ step: DD_STEPS[(DD_STEPS.indexOf(a.state.step) + 1) % DD_STEPS.length] }),
    step3: (a) => ({ step: DD_STEPS[(DD_STEPS.indexOf(a.state.step) + 1) % DD_STEPS.length] }),
    view: (_a, r) => ({ text: text(r, 'Standpunt') }),
    mergeViews: (a, _r, s) => ({ viewId: pick(idsOf(a.state.views), s.a, NOPE), otherId: pick(idsOf(a.state.views), s.b, NOPE) }),
    alternative: (_a, r) => ({ text: text(r, 'Alternatief') }),
    rephrase: (a, r, s) => ({
      alternativeId: pick(idsOf(a.state.alternatives), s.a, NOPE),
      text: text(r, 'Herformuleerd'),
      onBallot: s.flag,
    }),
    recognise: (a, _r, s) => ({ alternativeId: pick(idsOf(a.state.alternatives), s.a, NOPE), level: ['fully', 'partly', 'not'][s.b % 3] }),
    vote: (a, _r, s) => ({ optionId: pick(['proposal', 'abstain', ...idsOf(a.state.alternatives)], s.a, NOPE) }),
    vote2: (a, _r, s) => ({ optionId: pick(['proposal', 'abstain', ...idsOf(a.state.alternatives)], s.b, 'proposal') }),
    closeVote: () => ({}),
    revote: () => ({}),
    minority: (_a, r, s) => ({ answer: ['asIs', 'need', 'cannot'][s.b % 3], ...(s.flag ? { need: text(r, 'Behoefte') } : {}) }),
    handleNeed: (a, r, s) => ({
      needId: pick(idsOf(a.state.needs), s.a, NOPE),
      status: ['added', 'adapted', 'notFeasible'][s.b % 3],
      ...(s.flag ? { reason: text(r, 'Reden') } : {}),
    }),
    final: (_a, _r, s) => ({ answer: ['yes', 'reservations', 'no'][s.b % 3] }),
    closeFinal: () => ({}),
    decide: () => ({}),
    slider: (_a, _r, s) => ({ value: (s.b * 3) % 101 }),
    sliderOpen: (_a, r, s) => ({ statement: text(r, 'Stelling'), open: s.flag }),
    unsaid: () => ({}),
    amend: (a, r, s) => ({ text: s.flag ? text(r, 'Besluit') : '', needIds: subset(idsOf(a.state.needs), s.a) }),
  }),
};
export const MAKER_NAMES = Object.keys(MAKERS);

/** The makers whose commands participants give (the rest: the facilitator's). */
export const BY_PARTICIPANTS: ReadonlySet<string> = new Set([
  'participant.rename',
  ...['add', 'add2', 'add3', 'edit', 'delete', 'delete2'].map((x) => `brainstorm.${x}`),
  ...['place', 'place2', 'unplace'].map((x) => `dotvote.${x}`),
  'poll.answer',
  'poll.withdraw',
  'checkin.respond',
  'checkin.speak',
  ...['join', 'answer', 'answer2', 'editAnswer', 'deleteAnswer', 'scribe', 'showName'].map((x) => `groupwork.${x}`),
  'info.agree',
  ...['view', 'alternative', 'recognise', 'vote', 'vote2', 'minority', 'final', 'slider', 'unsaid'].map((x) => `deepdemocracy.${x}`),
]);

// ---- arbitraries ------------------------------------------------------------------------

/** The maker of a step: one of the focus kind's (a zoomed step), or any. */
export function makerOf(plan: Plan, s: { m: number; zoom: boolean }): string {
  const focused = MAKER_NAMES.filter((n) => n.startsWith(`${plan.focus}.`));
  const list = s.zoom && focused.length ? focused : MAKER_NAMES;
  return list[s.m % list.length];
}

const seeds = { a: fc.nat(40), b: fc.nat(40), c: fc.nat(40), flag: fc.boolean() };
const cmdArb = fc.record({ do: fc.constant('cmd' as const), who: fc.nat(9), m: fc.nat(999), zoom: fc.nat(9).map((n) => n < 7), ...seeds });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 24, arbitrary: cmdArb },
  { weight: 2, arbitrary: fc.record({ do: fc.constantFrom('join' as const, 'reconnect' as const), who: fc.nat(7) }) },
);

export const planArb = (maxSteps = 60): fc.Arbitrary<Plan> =>
  fc.record({
    focus: fc.constantFrom(...DRAFT_KINDS, 'timer', 'agenda'),
    people: fc.array(fc.record({ named: fc.boolean(), late: fc.boolean() }), { minLength: 2, maxLength: 6 }),
    variant: fc.record({
      privateUntilReveal: fc.boolean(),
      allowNames: fc.boolean(),
      columns: fc.boolean(),
      budget: fc.integer({ min: 1, max: 5 }),
      stacking: fc.boolean(),
      cap: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
      pollMode: fc.constantFrom('single' as const, 'multiple' as const, 'scale' as const),
      chained: fc.boolean(),
      smallGroupSafety: fc.boolean(),
    }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: maxSteps, size: 'max' }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  });
