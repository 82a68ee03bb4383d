/**
 * The form above the views (scope, area, question, year, denominator) and the tabs, filled
 * from the catalog and set to the state.
 */
import { catalog, yearsOf } from './catalog.mjs';
import { $, h } from './dom.mjs';
import type { State } from './state.mjs';

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
    questions.map((q) => option(q.code, `${q.text} (${q.code})`)),
    state.question,
  );

  const scopeSel = $('scope') as HTMLSelectElement;
  const scopes = [
    option('NATION', 'Riket (all 290 municipalities)'),
    h('optgroup', { label: 'Regions (län)' }, ...catalog.regions.map((r) => option(`REGION:${r.code}`, r.name))),
    h(
      'optgroup',
      { label: 'Kommungrupper (SKR 2023)' },
      ...catalog.groups.map((g) => option(`KOMMUNGRUPP:${g.code}`, `${g.code} ${g.name}`)),
    ),
  ];
  if (![...scopeSel.options].length) fillSelect(scopeSel, scopes, state.scope);
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
    yearOptions.map((y) => option(String(y), years.includes(y) ? String(y) : `${y} (not collected)`)),
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
