/**
 * Built-in agendas, in the session's language. "learningNetwork" is the flow of the real
 * session in shared/seeds/verslag-lerend-netwerk-sessie-6.txt. Texts come from the
 * content catalogues (shared/i18n/content/), so every template exists in every language.
 */
import type { ActivityDraft } from './commands.ts';
import { LANGUAGES, translate } from './i18n/index.ts';
import { textsOf } from './translations.ts';
import { kindOf } from './activities/registry.ts';
import { GROUPWORK_QUESTIONS } from './activities/groupwork/constants.ts';
import type { Activity } from './model.ts';

import type { TemplateId } from './template-ids.ts';
export { TEMPLATE_IDS, type TemplateId } from './template-ids.ts';

/** A template activity; `ref` names it so that a later one can take it as its source. */
export interface TemplateItem {
  ref?: string;
  draft: ActivityDraft;
  /** The ref of the activity whose items this one takes (dot vote source). */
  sourceRef?: string;
  /** Starting post-its (brainstorm), written as the facilitator's. */
  seed?: string[];
  /** Translations of the texts (see translations.ts). */
  tr?: Record<string, Record<string, string>>;
  /**
   * The template's own look back at the previous session: left out when a series
   * refresher (shared/series.ts) opens the agenda instead (R-SERIES-ONE-REFRESHER).
   */
  refresher?: true;
}

export function templateItems(id: TemplateId, lang: string): TemplateItem[] {
  const t = (key: string) => translate(lang, key);
  const houseRules: TemplateItem = {
    draft: { kind: 'info', title: t('template.houseRules.title'), config: { body: t('template.houseRules.body'), agreeable: true } },
  };
  const postits = { maxLength: 280, allowNames: false, privateUntilReveal: false };
  switch (id) {
    case 'empty':
      return [];
    case 'houseRules':
      return [houseRules];
    case 'learningNetwork':
      return [
        houseRules,
        {
          draft: {
            kind: 'checkin',
            title: t('tpl.ln.checkin.title'),
            config: { mode: 'checkin', prompts: [t('tpl.ln.checkin.p1'), t('tpl.ln.checkin.p2')] },
          },
        },
        {
          refresher: true,
          draft: {
            kind: 'brainstorm',
            title: t('tpl.ln.words.title'),
            config: {
              prompt: t('tpl.ln.words.prompt'),
              columns: [t('tpl.ln.words.c1'), t('tpl.ln.words.c2'), t('tpl.ln.words.c3')],
              maxPerPerson: 10,
              ...postits,
            },
          },
        },
        {
          draft: {
            kind: 'brainstorm',
            title: t('tpl.ln.exchange.title'),
            config: {
              prompt: t('tpl.ln.exchange.prompt'),
              columns: [t('tpl.ln.exchange.c1'), t('tpl.ln.exchange.c2'), t('tpl.ln.exchange.c3')],
              maxPerPerson: 10,
              ...postits,
            },
          },
        },
        {
          ref: 'engagements',
          draft: {
            kind: 'brainstorm',
            title: t('tpl.ln.engagements.title'),
            config: { prompt: t('tpl.ln.engagements.prompt'), columns: [], maxPerPerson: 3, ...postits },
          },
        },
        {
          ref: 'vote',
          sourceRef: 'engagements',
          draft: {
            kind: 'dotvote',
            title: t('tpl.ln.vote.title'),
            config: { prompt: t('tpl.ln.vote.prompt'), sourceId: null, items: [], budget: 5, stacking: true, capPerItem: null },
          },
        },
        {
          sourceRef: 'vote',
          draft: {
            kind: 'groupwork',
            title: t('tpl.ln.groupwork.title'),
            config: { sourceId: null, items: [], questions: GROUPWORK_QUESTIONS.map(t) },
          },
        },
        { draft: { kind: 'checkin', title: t('tpl.ln.checkout.title'), config: { mode: 'checkout', prompts: [t('tpl.ln.checkout.p1')] } } },
      ];
  }
}

/** The agenda of a new session: a series refresher (if any) replaces the template's own (R-SERIES-ONE-REFRESHER). */
export function withRefresher(before: TemplateItem[], template: TemplateItem[]): TemplateItem[] {
  return before.length ? [...before, ...template.filter((it) => !it.refresher)] : template;
}

/** Turn template items into activities with fresh ids, wiring each `sourceRef`. */
export function instantiate(items: TemplateItem[], newId: () => string): Activity[] {
  const ids = items.map(() => newId());
  const byRef = new Map(items.flatMap((it, i) => (it.ref ? [[it.ref, ids[i]] as const] : [])));
  return items.map((it, i) => {
    const config = structuredClone(it.draft.config) as Record<string, unknown>;
    if (it.sourceRef) config.sourceId = byRef.get(it.sourceRef) ?? null;
    const rules = kindOf(it.draft.kind)!;
    const state = rules.init(config);
    if (it.seed) rules.seed?.(state, it.seed, newId);
    return {
      id: ids[i],
      kind: it.draft.kind,
      title: it.draft.title,
      config,
      state,
      locked: false,
      opened: false,
      ...(it.tr && { tr: it.tr }),
    };
  });
}

/**
 * Every language's version of the template's texts, as translations of `lang`'s: a mixed
 * room gets the built-in prompts each in its own language (R-TR-TEMPLATE).
 */
export function translatedTemplate(id: TemplateId, lang: string): TemplateItem[] {
  const items = templateItems(id, lang);
  const others = LANGUAGES.filter((l) => l !== lang).map((l) => [l, templateItems(id, l)] as const);
  return items.map((it, i) => {
    const tr: Record<string, Record<string, string>> = {};
    const own = textsOf(it.draft);
    for (const [l, list] of others) {
      const theirs = textsOf(list[i].draft);
      if (theirs.length !== own.length) continue;
      const texts = Object.fromEntries(own.flatMap((o, j) => (theirs[j] !== o ? [[o, theirs[j]]] : [])));
      if (Object.keys(texts).length) tr[l] = texts;
    }
    return Object.keys(tr).length ? { ...it, tr } : it;
  });
}

/** The context's `template`: a built-in agenda as activities with ids from `newId`, with every language's texts. */
export const templateSource =
  (newId: () => string) =>
  (id: string, lang: string, { refresher = true }: { refresher: boolean } = { refresher: true }) =>
    instantiate(
      translatedTemplate(id as TemplateId, lang).filter((it) => refresher || !it.refresher),
      newId,
    );
