/**
 * SPEC: R-KIND-CONTRACT — every kind the registry discovers (shared/activities/<kind>/kind.ts)
 * keeps the contract of shared/activities/kind.ts:
 * - its rules are named after its folder (also the rules a phone loads alone from rules.ts);
 * - the builder's fresh config, normalised, with a title, fits its draft schema, except for
 *   fields the facilitator must fill in, which the builder can name (fieldLabels);
 * - in a scripted run, every command fits `schemas.commands`, and every event it emits, as
 *   stored and as each viewer receives it, fits `schemas.events`;
 * - `init(config)`, the state after the run and each viewer's projection fit `schemas.state`;
 * - its client folder has Phone, Board, Console and Fields views;
 * - its rules and its phone view load no valibot.
 * Kinds whose `schemas.events` or `schemas.state` is still undefined are skipped (and
 * listed). A new kind adds its scripted run to SCRIPTS below.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ActivityKind, KindRules } from '../../shared/activities/kind.ts';
import { fullKindOf, KIND_NAMES, loadKinds } from '../../shared/activities/registry.ts';
import { projectEvent, projectState } from '../../shared/audiences.ts';
import { translate } from '../../shared/i18n/index.ts';
import type { Actor, Context, StoredEvent, Viewer } from '../../shared/model.ts';
import { F, P, Script } from '../helpers/script.ts';

await loadKinds();
const kind = (name: string): ActivityKind => fullKindOf(name)!;
const t = (key: string, params?: Record<string, string | number>) => translate('nl', key, params);

// ---- Scripted runs -----------------------------------------------------------------------

interface Run {
  s: Script;
  /** The activity under test (added from the builder's config, then made current). */
  id: string;
  state<S = any>(): S;
  /** A command of this kind, checked against its schemas (as the server does); must be accepted. */
  ok(actor: Actor, type: string, payload?: Record<string, unknown>, extra?: Partial<Context>): void;
}
interface Scripted {
  participants?: number;
  /** What the facilitator types into the builder's fresh config. */
  fill?(config: any): any;
  play(r: Run): void;
}

/** A seeded randomness, so group forming is the same every run. */
function seeded() {
  let x = 1;
  return () => (x = (x * 16807) % 2147483647) / 2147483647;
}
const as = (participantId: string): Actor => ({ role: 'participant', participantId });

const SCRIPTS: Record<string, Scripted> = {
  info: {
    fill: (c) => ({ ...c, body: 'Respect voor elkaar.\nWe zorgen samen voor een veilig gevoel.' }),
    play(r) {
      r.ok(P(1), 'info.agree', { agree: true });
      r.ok(P(2), 'info.agree', { agree: true });
      r.ok(P(2), 'info.agree', { agree: false });
    },
  },
  checkin: {
    fill: (c) => ({ ...c, prompts: ['Hoe kom je binnen?', 'Wat neem je mee?'] }),
    play(r) {
      r.ok(P(1), 'checkin.respond', { answer: 'Moe maar blij', passed: false });
      r.ok(P(2), 'checkin.respond', { answer: '', passed: true });
      r.ok(P(3), 'checkin.speak', { want: true });
      r.ok(P(4), 'checkin.speak', { want: true });
      r.ok(P(4), 'checkin.speak', { want: false });
      r.ok(F, 'checkin.show', { show: true });
      r.ok(P(3), 'checkin.respond', { answer: 'Benieuwd', passed: false });
      r.ok(F, 'checkin.spoken', { entryId: r.state().queue[0].id });
      r.ok(F, 'checkin.show', { show: false });
    },
  },
  brainstorm: {
    fill: (c) => ({ ...c, prompt: 'Welke woorden?', columns: ['Gevoel', 'Feit'], allowNames: true, privateUntilReveal: true }),
    play(r) {
      const item = (text: string): string => r.state().items.find((i: { text?: string }) => i.text === text).id;
      r.ok(P(1), 'brainstorm.add', { text: 'Micro-agressie', column: 0, showName: true });
      r.ok(P(1), 'brainstorm.add', { text: 'Structureel', column: 1, showName: false });
      r.ok(P(2), 'brainstorm.add', { text: 'Vooroordelen', column: 0, showName: false });
      r.ok(P(3), 'brainstorm.add', { text: 'Iets kwetsends', column: 1, showName: false });
      r.ok(F, 'brainstorm.add', { text: 'Van de begeleider', column: 0, showName: false });
      r.ok(P(1), 'brainstorm.edit', { itemId: item('Structureel'), text: 'Is structureel' });
      r.ok(P(2), 'brainstorm.delete', { itemId: item('Vooroordelen') });
      r.ok(F, 'brainstorm.hide', { itemId: item('Iets kwetsends'), hidden: true });
      r.ok(F, 'brainstorm.reveal', { revealed: true });
      r.ok(F, 'brainstorm.hide', { itemId: item('Iets kwetsends'), hidden: false });
      r.ok(F, 'brainstorm.merge', { itemId: item('Micro-agressie'), otherId: item('Van de begeleider') });
      r.ok(F, 'brainstorm.move', { itemId: item('Is structureel'), column: 0 });
      r.ok(F, 'brainstorm.clusterAdd', { title: 'Thema' });
      const cluster = r.state().clusters[0].id;
      r.ok(F, 'brainstorm.cluster', { itemId: item('Is structureel'), clusterId: cluster });
      r.ok(F, 'brainstorm.clusterRename', { clusterId: cluster, title: 'Thema één' });
      r.ok(F, 'brainstorm.reveal', { revealed: false });
      r.ok(P(2), 'brainstorm.add', { text: 'Na het verbergen', column: 1, showName: false });
      r.ok(F, 'brainstorm.clusterRemove', { clusterId: cluster });
    },
  },
  dotvote: {
    fill: (c) => ({
      ...c,
      prompt: 'Wat kiezen we?',
      items: [
        { id: 'item1', text: 'A' },
        { id: 'item2', text: 'B' },
        { id: 'item3', text: 'C' },
      ],
    }),
    play(r) {
      r.ok(P(1), 'dotvote.place', { itemId: 'item1' });
      r.ok(P(1), 'dotvote.place', { itemId: 'item1' });
      r.ok(P(2), 'dotvote.place', { itemId: 'item2' });
      r.ok(P(1), 'dotvote.unplace', { itemId: 'item1' });
      r.ok(F, 'dotvote.reveal', { revealed: true });
      r.ok(P(3), 'dotvote.place', { itemId: 'item3' });
      r.ok(F, 'dotvote.carry', { itemIds: ['item1', 'item2'] });
    },
  },
  groupwork: {
    participants: 6,
    fill: (c) => ({
      ...c,
      items: [
        { id: 'itemA', text: 'Ervaringsdeskundigen' },
        { id: 'itemB', text: 'Vormingen' },
      ],
    }),
    play(r) {
      const groups = (): { id: string; members: string[] }[] => r.state().groups;
      r.ok(F, 'groupwork.form', { by: 'count', value: 2, assignment: 'choose' });
      r.ok(P(1), 'groupwork.join', { groupId: groups()[1].id });
      r.ok(P(1), 'groupwork.join', { groupId: groups()[0].id });
      r.ok(F, 'groupwork.form', { by: 'size', value: 3, assignment: 'random' }, { random: seeded() });
      r.ok(F, 'groupwork.assign', { groupId: groups()[0].id, itemId: 'itemB' });
      r.ok(F, 'groupwork.assign', { groupId: groups()[1].id, itemId: null });
      r.ok(F, 'groupwork.move', { participantId: groups()[1].members[0], groupId: groups()[0].id });
      r.ok(F, 'groupwork.rebalance');
      r.s.addParticipant('pid9');
      r.s.arrive('pid9');
      r.s.addParticipant('pid8');
      r.ok(F, 'groupwork.placeLate', { participantId: 'pid8' });
      const member = as(groups()[0].members[0]);
      r.ok(member, 'groupwork.answer', { groupId: groups()[0].id, question: 0, text: 'Meer empathie' });
      const answer = r.state().answers[0].id;
      r.ok(member, 'groupwork.editAnswer', { answerId: answer, text: 'Veel meer empathie' });
      r.ok(F, 'groupwork.answer', { groupId: groups()[1].id, question: 1, text: 'Van de begeleider' });
      r.ok(member, 'groupwork.deleteAnswer', { answerId: answer });
    },
  },
  deepdemocracy: {
    participants: 6,
    fill: (c) => ({ ...c, proposal: 'We starten met ervaringsdeskundigen' }),
    play(r) {
      const step = (to: string) => r.ok(F, 'deepdemocracy.step', { step: to });
      r.ok(F, 'deepdemocracy.sliderOpen', { statement: 'We moeten dit nu beslissen', open: true });
      r.ok(P(1), 'deepdemocracy.slider', { value: 10 });
      r.ok(P(2), 'deepdemocracy.slider', { value: 90 });
      r.ok(F, 'deepdemocracy.sliderOpen', { statement: '', open: false });
      r.ok(P(1), 'deepdemocracy.unsaid');
      r.ok(P(1), 'deepdemocracy.view', { text: 'Meer tijd' });
      r.ok(P(2), 'deepdemocracy.view', { text: 'Meer tijd nodig' });
      r.ok(P(3), 'deepdemocracy.view', { text: 'Budget?' });
      const [a, b] = r.state().views;
      r.ok(F, 'deepdemocracy.mergeViews', { viewId: a.id, otherId: b.id });
      step('findNo');
      r.ok(P(2), 'deepdemocracy.alternative', { text: 'Eerst met de eigen dienst' });
      const alt = r.state().alternatives[0].id;
      r.ok(F, 'deepdemocracy.rephrase', { alternativeId: alt, text: 'Eerst intern starten', onBallot: true });
      step('spreadNo');
      r.ok(P(3), 'deepdemocracy.recognise', { alternativeId: alt, level: 'fully' });
      r.ok(P(4), 'deepdemocracy.recognise', { alternativeId: alt, level: 'partly' });
      step('vote');
      for (const n of [1, 2, 3, 4]) r.ok(P(n), 'deepdemocracy.vote', { optionId: 'proposal' });
      r.ok(P(5), 'deepdemocracy.vote', { optionId: alt });
      r.ok(P(6), 'deepdemocracy.vote', { optionId: 'abstain' });
      r.ok(F, 'deepdemocracy.closeVote');
      step('minority');
      r.ok(P(5), 'deepdemocracy.minority', { answer: 'need', need: 'Een evaluatie na drie maanden' });
      r.ok(P(6), 'deepdemocracy.minority', { answer: 'asIs' });
      r.ok(F, 'deepdemocracy.handleNeed', { needId: r.state().needs[0].id, status: 'adapted' });
      step('final');
      r.ok(P(1), 'deepdemocracy.final', { answer: 'yes' });
      r.ok(P(2), 'deepdemocracy.final', { answer: 'yes' });
      r.ok(P(5), 'deepdemocracy.final', { answer: 'reservations' });
      r.ok(F, 'deepdemocracy.closeFinal');
      r.ok(F, 'deepdemocracy.decide');
    },
  },
  poll: {
    fill: (c) => ({
      ...c,
      question: 'Gaan we door?',
      options: [
        { id: 'optA', text: 'Ja' },
        { id: 'optB', text: 'Nee' },
      ],
    }),
    play(r) {
      r.ok(P(1), 'poll.answer', { answer: ['optA'] });
      r.ok(P(2), 'poll.answer', { answer: ['optB'] });
      r.ok(P(2), 'poll.withdraw');
      r.ok(P(3), 'poll.answer', { answer: ['optA'] });
      r.ok(F, 'poll.reveal', { revealed: true });
      r.ok(P(2), 'poll.answer', { answer: ['optB'] });
      r.ok(F, 'poll.reveal', { revealed: false });
    },
  },
};

/** The builder's fresh config, with what the facilitator types, normalised (as the console sends it). */
function builtConfig(k: ActivityKind, fill: (c: any) => any = (c) => c): unknown {
  const fresh = fill(k.builder.defaults(t));
  return k.builder.normalise ? k.builder.normalise(fresh) : fresh;
}

const runs = new Map<string, { s: Script; id: string }>();
/** The kind's scripted run (once per kind): its activity added from the builder, made current, played. */
function played(name: string): { s: Script; id: string } {
  const done = runs.get(name);
  if (done) return done;
  const k = kind(name);
  const script = SCRIPTS[name];
  const s = new Script(script.participants ?? 4);
  const draft = v.parse(k.schemas.draft, { kind: name, title: 'Contract', config: builtConfig(k, script.fill) });
  const id = s.add(draft as { kind: string; title: string; config: unknown });
  s.ok(F, { type: 'agenda.goto', activityId: id });
  const command = v.variant('type', k.schemas.commands as never[]);
  const run: Run = {
    s,
    id,
    state: () => s.activity(id).state,
    ok(actor, type, payload = {}, extra = {}) {
      const parsed = v.safeParse(command, { id: `cmd${String(s.state.seq).padStart(6, '0')}`, type, activityId: id, ...payload });
      if (!parsed.success)
        throw new Error(`${type} does not fit schemas.commands: ${parsed.issues.map((i) => `${v.getDotPath(i)} ${i.message}`).join('; ')}`);
      const code = s.runWith(extra, actor, parsed.output as { type: string });
      if (code !== 'ok') throw new Error(`${type} by ${actor.role}${actor.participantId ?? ''} refused: ${code}`);
    },
  };
  script.play(run);
  runs.set(name, { s, id });
  return { s, id };
}

/** Everyone who looks: facilitator, board, the phones' shared audience and each phone. */
const viewersOf = (s: Script): Viewer[] => [
  { role: 'facilitator' },
  { role: 'board' },
  { role: 'participant' },
  ...Object.keys(s.state.participants).map((participantId) => ({ role: 'participant' as const, participantId })),
];
const bare = ({ seq: _s, at: _a, ...ev }: StoredEvent) => ev;
const problems = (schema: v.GenericSchema, x: unknown) =>
  v.safeParse(schema, x).issues?.map((i) => `${v.getDotPath(i) ?? '(root)'}: ${i.message}`);

// ---- Static checks -----------------------------------------------------------------------

const ROOT = path.resolve('.');
const VIEWS = ['Phone', 'Board', 'Console', 'Fields'] as const;

/** The modules a file loads at run time (type-only imports are erased; `import { type X }` is not). */
function runtimeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
    if (m[2] || (m[1] === 'export' && !m[3])) continue;
    out.push(m[4]);
  }
  return out;
}

/** The chain of modules by which `file` loads valibot at run time, or null. */
function valibotChain(file: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  for (const spec of runtimeImports(file)) {
    if (spec === 'valibot' || spec.startsWith('valibot/')) return [file];
    if (!spec.startsWith('.')) continue;
    const next = path.resolve(path.dirname(file), spec);
    if (!fs.existsSync(next) || !/\.(ts|svelte)$/.test(next)) continue;
    const chain = valibotChain(next, seen);
    if (chain) return [file, ...chain];
  }
  return null;
}
const rel = (f: string) => path.relative(ROOT, f);

// ---- The contract ------------------------------------------------------------------------

const rulesModules = import.meta.glob<{ rules: KindRules }>('../../shared/activities/*/rules.ts');
const noEvents = KIND_NAMES.filter((n) => !kind(n).schemas.events);
const noState = KIND_NAMES.filter((n) => !kind(n).schemas.state);
if (noEvents.length) console.info(`R-KIND-CONTRACT: skipped, no schemas.events yet: ${noEvents.join(', ')}`);
if (noState.length) console.info(`R-KIND-CONTRACT: skipped, no schemas.state yet: ${noState.join(', ')}`);

describe('R-KIND-CONTRACT: the kinds are discovered', () => {
  it('R-KIND-CONTRACT: every folder of shared/activities with a kind.ts is a kind, and nothing else', () => {
    const dir = path.join(ROOT, 'shared/activities');
    const folders = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'kind.ts')))
      .map((d) => d.name)
      .sort();
    expect([...KIND_NAMES].sort()).toEqual(folders);
  });
});

describe.each(KIND_NAMES)('R-KIND-CONTRACT: %s', (name) => {
  it('R-KIND-CONTRACT: rules.kind is its folder name, also in the rules a phone loads alone', async () => {
    const k = kind(name);
    expect(k.rules.kind).toBe(name);
    const alone = rulesModules[`../../shared/activities/${name}/rules.ts`];
    if (alone) expect((await alone()).rules, `${name}/rules.ts exports \`rules\`, the same as kind.ts`).toBe(k.rules);
  });

  it('R-KIND-CONTRACT: the builder’s fresh config, normalised, with a title, fits schemas.draft (but for fields it labels)', () => {
    const k = kind(name);
    const issues = v.safeParse(k.schemas.draft, { kind: name, title: 'Nieuwe activiteit', config: builtConfig(k) }).issues ?? [];
    // What the facilitator must still fill in is refused only at fields the builder can name.
    const unlabelled = issues.map((i) => v.getDotPath(i) ?? '(root)').filter((p) => !(k.builder.fieldLabels && p in k.builder.fieldLabels));
    expect(unlabelled, `${name}: refused at fields the builder cannot point at`).toEqual([]);
    const script = SCRIPTS[name];
    if (script)
      expect(problems(k.schemas.draft, { kind: name, title: 'Nieuwe activiteit', config: builtConfig(k, script.fill) })).toBeUndefined();
  });

  it.skipIf(noEvents.includes(name))('R-KIND-CONTRACT: every event its decide emits in a scripted run fits schemas.events', () => {
    expect(SCRIPTS[name], `no scripted run for ${name}: add one to SCRIPTS in test/shared/kinds.test.ts`).toBeDefined();
    const { s } = played(name);
    const schema = v.variant('type', kind(name).schemas.events as never[]);
    const mine = s.events.filter((e) => e.type.startsWith(`${name}.`));
    expect(mine.length, 'the run emits events').toBeGreaterThan(0);
    for (const ev of mine) expect(problems(schema, bare(ev)), `${ev.seq} ${ev.type}`).toBeUndefined();
  });

  it.skipIf(noEvents.includes(name))('R-KIND-CONTRACT: every viewer’s projection of those events fits schemas.events', () => {
    expect(SCRIPTS[name], `no scripted run for ${name}: add one to SCRIPTS in test/shared/kinds.test.ts`).toBeDefined();
    const { s } = played(name);
    const schema = v.variant('type', kind(name).schemas.events as never[]);
    for (const ev of s.events.filter((e) => e.type.startsWith(`${name}.`))) {
      for (const viewer of viewersOf(s)) {
        const seen = projectEvent(ev, viewer);
        if (seen)
          expect(problems(schema, bare(seen)), `${ev.seq} ${ev.type} for ${viewer.role} ${viewer.participantId ?? ''}`).toBeUndefined();
      }
    }
  });

  it.skipIf(noState.includes(name))('R-KIND-CONTRACT: init(config) fits schemas.state', () => {
    const k = kind(name);
    const draft = v.safeParse(k.schemas.draft, { kind: name, title: 'T', config: builtConfig(k, SCRIPTS[name]?.fill) });
    expect(draft.success, 'a config to start from').toBe(true);
    expect(problems(k.schemas.state!, k.rules.init((draft.output as { config: unknown }).config))).toBeUndefined();
  });

  it.skipIf(noState.includes(name))(
    'R-KIND-CONTRACT: the state after the scripted run, and every viewer’s projection of it, fit schemas.state',
    () => {
      expect(SCRIPTS[name], `no scripted run for ${name}: add one to SCRIPTS in test/shared/kinds.test.ts`).toBeDefined();
      const { s, id } = played(name);
      const schema = kind(name).schemas.state!;
      expect(problems(schema, s.activity(id).state), 'stored').toBeUndefined();
      for (const viewer of viewersOf(s)) {
        const seen = projectState(s.state, viewer).agenda.find((a) => a.id === id)!.state;
        expect(problems(schema, seen), `${viewer.role} ${viewer.participantId ?? ''}`).toBeUndefined();
      }
    },
  );

  it('R-KIND-CONTRACT: client/src/activities/<kind>/ has Phone, Board, Console and Fields views', () => {
    const dir = path.join(ROOT, 'client/src/activities', name);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    expect(
      VIEWS.filter((view) => !files.includes(`${view}.svelte`)),
      `missing in client/src/activities/${name}/`,
    ).toEqual([]);
  });

  it('R-KIND-CONTRACT: its rules and its phone view load no valibot', () => {
    for (const file of [`shared/activities/${name}/rules.ts`, `client/src/activities/${name}/Phone.svelte`]) {
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full)) continue;
      expect(valibotChain(full)?.map(rel).join(' → ') ?? null, file).toBeNull();
    }
  });
});
