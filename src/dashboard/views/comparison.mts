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
import { answerWord, fraction, frameNote, num, pct, policyText, reason, shareText, t } from '../words.mjs';
import { comparisonMap } from './comparison-map.mjs';

export async function comparisonView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, t().noYear)];
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
        { class: 'chips', 'aria-label': t().answersInScope },
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
              h('span', { class: 'sym', 'aria-hidden': 'true' }, answerWord(a).symbol),
              `${answerWord(a).label}: ${num(n)}`,
            ),
          ),
        ),
      )
    : null;
  const references = data.references.length
    ? h(
        'ul',
        { class: 'refs', 'aria-label': t().references },
        ...data.references.map((r) => h('li', {}, h('b', {}, `${referenceLabel(r.scope)}: `), shareText(r))),
      )
    : h('p', { class: 'note' }, t().nationIsReference);
  const order = h(
    'label',
    { class: 'inline-control' },
    `${t().order} `,
    h('select', { id: 'order' }, ...['NAME', 'REGION', 'ANSWER'].map((o) => option(o, t().orders[o] ?? o))),
  );
  const orderSel = order.querySelector('select')!;
  orderSel.value = state.order;
  orderSel.addEventListener('change', () => navigate({ order: orderSel.value as State['order'] }));

  const headers = [t().municipality, ...(byRegion ? [t().region] : []), t().answer, t().previousSurvey, t().code];
  const body = rows.map((r) => [
    h(
      'button',
      { type: 'button', class: 'unit-link', 'data-unit': r.unit.code, title: t().trendFor(r.unit.name) },
      r.unit.name,
    ),
    ...(byRegion ? [r.unit.region?.name ?? ''] : []),
    answerBadge(r.answer, r.missingReason),
    r.previousYear === null
      ? h('span', { class: 'muted' }, t().noEarlierSurvey)
      : `${r.previousYear}: ${r.previousAnswer ? answerWord(r.previousAnswer).label : '—'}${r.changed ? ` (${t().changed})` : ''}`,
    h('span', { class: 'muted' }, r.unit.code),
  ]);
  const list = table(t().unitsCaption(rows.length, data.scope.name, data.year), headers, body, (i) => ({
    'data-answer': rows[i]!.answer ?? 'MISSING',
  }));
  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-unit]');
    if (button) navigate({ view: 'trend', unit: button.dataset['unit']! });
  });

  // Part of the scope only: say how much answered, beside the share that is about them alone.
  const answered = c ? c.ja + c.nej + c.ejAktuellt : null;
  const coverage =
    c && answered !== null && answered < c.units
      ? h(
          'p',
          { class: 'coverage', 'data-testid': 'coverage' },
          t().coverage(answered, c.units, pct(answered / c.units)),
        )
      : null;
  const frame = frameNote(s.coverage);
  const map = await comparisonMap(state, data, rows);

  return [
    h('h2', {}, `${data.scope.name} · ${areaName(state.area)} · ${data.year}`),
    h(
      'section',
      { class: 'summary', 'aria-label': t().shareInScope },
      h(
        'div',
        { class: 'headline', 'data-testid': 'scope-share' },
        pct(s.share),
        h(
          'small',
          {},
          s.share === null ? reason(s.missingReason) : h('span', { class: 'fraction' }, t().withRoutine(fraction(s))),
        ),
      ),
      h(
        'div',
        {},
        chips,
        h('p', { class: 'policy' }, `${t().policy} ${policyText(s.policy ?? state.denominator)}`),
        c ? h('p', { class: 'note' }, t().unitsInScope(c.units)) : null,
        frame ? h('p', { class: 'coverage', 'data-testid': 'frame-coverage' }, frame) : null,
        coverage,
      ),
      h('div', { class: 'references' }, h('h3', {}, t().references), references),
    ),
    h(
      'div',
      { class: 'toolbar' },
      order,
      downloadLinks(t().thisComparison, '/export/routine-comparison.csv', {
        question: state.question,
        year: state.year,
        scope: state.scope,
        denominator: state.denominator,
        orderBy: state.order,
      }),
    ),
    map,
    list,
  ];
}
