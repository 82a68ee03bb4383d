/**
 * The comparison view: every municipality of the scope with its answer, the scope's share
 * with counts and policy, and the reference shares.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { areaName, catalogReady, referenceLabel } from '../catalog.mjs';
import { option } from '../controls.mjs';
import { answerBadge, downloadLinks, h, table } from '../dom.mjs';
import { navigate, scopeInput, type State } from '../state.mjs';
import type { Answer } from '../types.mjs';
import { ANSWERS, fraction, pct, POLICIES, reason, shareText } from '../words.mjs';

export async function comparisonView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, 'No survey year is loaded for this question.')];
  const variables = {
    question: state.question,
    year: state.year,
    scope: scopeInput(state.scope),
    denominator: state.denominator,
    orderBy: state.order,
  };
  let data = await gql(OPERATIONS.routineComparison, { ...variables, first: 500 });
  const rows = [...data.rows.nodes];
  while (data.rows.pageInfo.hasNextPage) {
    data = await gql(OPERATIONS.routineComparison, {
      ...variables,
      first: 500,
      after: data.rows.pageInfo.endCursor,
    });
    rows.push(...data.rows.nodes);
  }
  await catalogReady;
  const s = data.summary;
  const c = s.counts;
  const byRegion = data.scope.kind !== 'REGION';
  const chips = c
    ? h(
        'ul',
        { class: 'chips', 'aria-label': 'Answers in the scope' },
        ...(
          [
            ['JA', c.ja],
            ['NEJ', c.nej],
            ['EJ_AKTUELLT', c.ejAktuellt],
            ['NO_RESPONSE', c.noResponse],
            ['NOT_ASKED', c.notAsked],
          ] as [Answer, number][]
        ).map(([a, n]) =>
          h(
            'li',
            {},
            h(
              'span',
              { class: `answer a-${a}` },
              h('span', { class: 'sym', 'aria-hidden': 'true' }, ANSWERS[a].symbol),
              `${ANSWERS[a].label}: ${n}`,
            ),
          ),
        ),
      )
    : null;
  const references = data.references.length
    ? h(
        'ul',
        { class: 'refs', 'aria-label': 'References' },
        ...data.references.map((r) => h('li', {}, h('b', {}, `${referenceLabel(r.scope)}: `), shareText(r))),
      )
    : h('p', { class: 'note' }, 'Riket is the reference for every other scope.');
  const order = h(
    'label',
    { class: 'inline-control' },
    'Order ',
    h(
      'select',
      { id: 'order' },
      option('NAME', 'Name (Swedish order)'),
      option('REGION', 'Region, then name'),
      option('ANSWER', 'Answer, then name'),
    ),
  );
  const orderSel = order.querySelector('select')!;
  orderSel.value = state.order;
  orderSel.addEventListener('change', () => navigate({ order: orderSel.value as State['order'] }));

  const headers = ['Municipality', ...(byRegion ? ['Region'] : []), 'Answer', 'Previous survey', 'Code'];
  const body = rows.map((r) => [
    h(
      'button',
      { type: 'button', class: 'unit-link', 'data-unit': r.unit.code, title: `Trend for ${r.unit.name}` },
      r.unit.name,
    ),
    ...(byRegion ? [r.unit.region?.name ?? ''] : []),
    answerBadge(r.answer, r.missingReason),
    r.previousYear === null
      ? h('span', { class: 'muted' }, 'no earlier survey')
      : `${r.previousYear}: ${r.previousAnswer ? ANSWERS[r.previousAnswer].label : '—'}${r.changed ? ' (changed)' : ''}`,
    h('span', { class: 'muted' }, r.unit.code),
  ]);
  const list = table(
    `${rows.length} units in ${data.scope.name}, ${data.year}. Choose a municipality for its trend.`,
    headers,
    body,
    (i) => ({ 'data-answer': rows[i]!.answer ?? 'MISSING' }),
  );
  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-unit]');
    if (button) navigate({ view: 'trend', unit: button.dataset['unit']! });
  });

  return [
    h('h2', {}, `${data.scope.name} · ${areaName(state.area)} · ${data.year}`),
    h(
      'section',
      { class: 'summary', 'aria-label': 'Share in the scope' },
      h(
        'div',
        { class: 'headline', 'data-testid': 'scope-share' },
        pct(s.share),
        h(
          'small',
          {},
          s.share === null
            ? reason(s.missingReason)
            : h('span', { class: 'fraction' }, `${fraction(s)} with a routine`),
        ),
      ),
      h(
        'div',
        {},
        chips,
        h('p', { class: 'policy' }, `Policy ${POLICIES[s.policy ?? state.denominator] ?? s.policy}`),
        c ? h('p', { class: 'note' }, `${c.units} municipalities in the scope.`) : null,
      ),
      h('div', { class: 'references' }, h('h3', {}, 'References'), references),
    ),
    h(
      'div',
      { class: 'toolbar' },
      order,
      downloadLinks('This comparison', '/export/routine-comparison.csv', {
        question: state.question,
        year: state.year,
        scope: state.scope,
        denominator: state.denominator,
        orderBy: state.order,
      }),
    ),
    list,
  ];
}
