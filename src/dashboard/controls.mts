/**
 * The form above the views (scope, area, question, year, denominator) and the tabs, filled
 * from the catalog and set to the state.
 */
import { catalog, yearsOf } from './catalog.mjs';
import { $, h } from './dom.mjs';
import { stateUrl, type State } from './state.mjs';
import { t, type Lang } from './words.mjs';

type WordKey = {
  [K in keyof ReturnType<typeof t>]: ReturnType<typeof t>[K] extends string ? K : never;
}[keyof ReturnType<typeof t>];

/**
 * The page's fixed words in the state's language: `lang` on the document, the title, every
 * `data-w` text and `data-w-label` name in index.html, the tabs, and the switch to the other
 * language (a link to the same view with `lang` flipped: one click, and shareable).
 */
export function applyWords(state: State): void {
  const words = t();
  document.documentElement.lang = state.lang;
  document.title = words.title;
  for (const el of document.querySelectorAll<HTMLElement>('[data-w]'))
    el.textContent = words[el.dataset['w'] as WordKey];
  for (const el of document.querySelectorAll<HTMLElement>('[data-w-label]'))
    el.setAttribute('aria-label', words[el.dataset['wLabel'] as WordKey]);
  for (const o of ($('denominator') as HTMLSelectElement).options)
    o.textContent = words.denominators[o.value] ?? o.value;
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]'))
    tab.textContent = words.tabs[tab.dataset['view'] as State['view']];
  const other: Lang = state.lang === 'sv' ? 'en' : 'sv';
  const link = $('lang-switch') as HTMLAnchorElement;
  link.href = stateUrl({ ...state, lang: other });
  link.hreflang = other;
  link.lang = other;
  link.textContent = words.switchLang;
  link.title = words.switchLangTitle;
}

export function fillSelect(
  select: HTMLSelectElement,
  options: (HTMLOptionElement | HTMLOptGroupElement)[],
  value: string,
): void {
  select.replaceChildren(...options);
  select.value = value;
}

export function option(value: string, label: string): HTMLOptionElement {
  return h('option', { value }, label);
}

export async function syncControls(state: State): Promise<void> {
  const areaSel = $('area') as HTMLSelectElement;
  const questionSel = $('question') as HTMLSelectElement;
  if (!catalog.areas.some((a) => a.code === state.area)) state.area = catalog.areas[0]?.code ?? '';
  const area = catalog.areas.find((a) => a.code === state.area);
  const questions = area?.questions ?? [];
  if (!questions.some((q) => q.code === state.question)) state.question = questions[0]?.code ?? '';
  fillSelect(
    areaSel,
    catalog.areas.map((a) => option(a.code, a.name)),
    state.area,
  );
  fillSelect(
    questionSel,
    questions.map((q) => option(q.code, q.text)),
    state.question,
  );

  const scopeSel = $('scope') as HTMLSelectElement;
  const scopes = [
    option('NATION', t().nationAll),
    h('optgroup', { label: t().regionsGroup }, ...catalog.regions.map((r) => option(`REGION:${r.code}`, r.name))),
    h(
      'optgroup',
      { label: t().groupsGroup },
      ...catalog.groups.map((g) => option(`KOMMUNGRUPP:${g.code}`, `${g.code} ${g.name}`)),
    ),
  ];
  fillSelect(scopeSel, scopes, state.scope);
  if (
    !new Set([
      'NATION',
      ...catalog.regions.map((r) => `REGION:${r.code}`),
      ...catalog.groups.map((g) => `KOMMUNGRUPP:${g.code}`),
    ]).has(state.scope)
  )
    state.scope = 'NATION';
  scopeSel.value = state.scope;

  const years = state.question ? await yearsOf(state.question) : [];
  state.year ??= years.at(-1) ?? null;
  const yearOptions = [...new Set([...years, ...(state.year !== null ? [state.year] : [])])].sort((a, b) => b - a);
  fillSelect(
    $('year') as HTMLSelectElement,
    yearOptions.map((y) => option(String(y), years.includes(y) ? String(y) : t().notCollectedYear(y))),
    state.year === null ? '' : String(state.year),
  );
  ($('denominator') as HTMLSelectElement).value = state.denominator;

  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    const selected = tab.dataset['view'] === state.view;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  $('view').setAttribute('aria-labelledby', `tab-${state.view}`);
}
