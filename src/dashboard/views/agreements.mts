/**
 * The agreements view: county and local agreement (överenskommelse) coverage computed from
 * unit rows beside the published figures, then the plan counts.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { areaName, catalogReady, THIS_YEAR } from '../catalog.mjs';
import { option } from '../controls.mjs';
import { chart, downloadLinks, h, table } from '../dom.mjs';
import { navigate, type State } from '../state.mjs';
import type { AgreementCoverage } from '../types.mjs';
import {
  fraction,
  measureLabel,
  num,
  pct,
  policyName,
  printedPercent,
  reason,
  scopeLabel,
  t,
  word,
} from '../words.mjs';
import { plansSection } from './plans.mjs';

export async function agreementsView(state: State): Promise<Node[]> {
  const figures = await gql(OPERATIONS.publishedFigures, {
    subject: 'AGREEMENT_COVERAGE',
    first: 500,
  });
  const years = [...new Set(figures.nodes.map((f) => f.year))].sort((a, b) => b - a);
  const year = state.ayear ?? years[0] ?? state.year ?? THIS_YEAR;
  await catalogReady;
  const topic = state.area || 'MISSBRUK';
  const yearSel = h(
    'select',
    { id: 'ayear' },
    ...[...new Set([year, ...years])].map((y) => option(String(y), String(y))),
  );
  yearSel.value = String(year);
  yearSel.addEventListener('change', () => navigate({ ayear: Number(yearSel.value) }));

  const levels = await Promise.all(
    (['COUNTY', 'LOCAL'] as const).map((level) =>
      gql(OPERATIONS.agreementCoverage, {
        level,
        topic,
        year,
        groupBy: 'NATION',
        denominator: 'RESPONDENTS',
      }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    ),
  );
  const sections = levels.map((a, i) => {
    const level = i === 0 ? 'COUNTY' : 'LOCAL';
    const title = level === 'COUNTY' ? t().countyAgreements : t().localAgreements;
    if (a instanceof Error) return h('section', {}, h('h3', {}, title), h('p', { class: 'error' }, a.message));
    const computed = a.groups
      ? table(
          t().computedFromRows,
          [
            t().group,
            { text: t().exists, num: true },
            { text: t().inProgress, num: true },
            { text: t().none, num: true },
            { text: t().noResponse, num: true },
            { text: t().units, num: true },
            t().shareWithAgreement,
          ],
          a.groups.map((g) => [
            g.scope.name,
            num(g.counts.exists),
            num(g.counts.inProgress),
            num(g.counts.none),
            num(g.counts.noResponse),
            num(g.counts.units),
            g.share.share === null
              ? reason(g.share.missingReason)
              : `${pct(g.share.share)} (${fraction(g.share)}, ${policyName(g.share.policy)})`,
          ]),
        )
      : h(
          'p',
          {},
          h('span', { class: 'badge computed' }, word(t().origins, 'COMPUTED')),
          t().noUnitRows(a.topicName, a.year, reason(a.missingReason ?? 'NOT_COLLECTED')),
        );
    const coverage = a.published.filter((f) => f.published.scopeLabel?.includes(':'));
    const content = a.published.filter((f) => !f.published.scopeLabel?.includes(':'));
    const labels = coverage.map(
      (f) =>
        `${measureLabel(f.published.measure)} · ${scopeLabel(f.published.scopeLabel)}${f.published.percent === null ? ` — ${t().noPercentPrinted}` : ''}`,
    );
    const publishedChart = coverage.length
      ? chart(
          t().publishedCoverage(
            title,
            a.year,
            coverage
              .map(
                (f) =>
                  `${measureLabel(f.published.measure)}, ${scopeLabel(f.published.scopeLabel)}: ${f.published.percent === null ? t().noPercentPrinted : printedPercent(f.published.percent)}`,
              )
              .join('; '),
          ),
          {
            grid: { left: 210, right: 70, top: 30, bottom: 30 },
            title: {
              text: word(t().origins, 'PUBLISHED'),
              left: 0,
              top: 0,
              textStyle: { fontSize: 11, color: '#1f3b5c' },
            },
            xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => printedPercent(v) } },
            yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { fontSize: 11 } },
            series: [
              {
                type: 'bar',
                data: [...coverage].reverse().map((f) => ({
                  value: f.published.percent,
                  itemStyle: { color: '#1f3b5c' },
                  label: {
                    show: true,
                    position: f.published.percent === null ? 'insideLeft' : 'right',
                    formatter:
                      f.published.percent === null ? t().noPercentPrinted : printedPercent(f.published.percent),
                    fontSize: 11,
                  },
                })),
              },
            ],
          },
          'chart short',
        )
      : null;
    const publishedRows = (figures: AgreementCoverage['published']) =>
      figures.map((f) => [
        measureLabel(f.published.measure),
        h('span', { class: 'badge published' }, word(t().origins, f.published.origin)),
        scopeLabel(f.published.scopeLabel),
        f.published.numerator === null ? '—' : num(f.published.numerator),
        `${f.published.denominator === null ? '—' : num(f.published.denominator)}${f.published.denominatorKind ? ` (${f.published.denominatorKind})` : ''}`,
        f.published.percent === null
          ? '—'
          : `${printedPercent(f.published.percent)}${f.published.qualifier ? ` (${f.published.qualifier})` : ''}`,
        f.computedShare === null
          ? h(
              'span',
              { class: 'reason', title: reason(f.computedMissingReason) },
              f.computedMissingReason === 'NOT_COLLECTED' ? t().notComputed : reason(f.computedMissingReason),
            )
          : `${pct(f.computedShare)}${f.agreesWithComputed === null ? '' : ` — ${f.agreesWithComputed ? t().agrees : t().differs}`}`,
        f.published.publication,
      ]);
    const publishedHeaders = [
      t().measure,
      t().origin,
      t().scopeCol,
      { text: t().numerator, num: true },
      t().denominator,
      t().percent,
      t().computedByJamfor,
      t().publication,
    ];
    const publishedTable = table(t().publishedTable, publishedHeaders, publishedRows(coverage));
    const contentTable = content.length
      ? h(
          'details',
          {},
          h('summary', {}, t().contentSummary(content.length)),
          table(t().contentTable, publishedHeaders, publishedRows(content)),
        )
      : null;
    return h(
      'section',
      {},
      h('h3', {}, title),
      h('p', { class: 'note' }, a.frame),
      h(
        'div',
        { class: 'toolbar' },
        downloadLinks(title, '/export/agreement-coverage.csv', {
          level,
          topic,
          year,
          groupBy: 'NATION',
          denominator: 'RESPONDENTS',
        }),
      ),
      computed,
      publishedChart,
      publishedTable,
      contentTable,
    );
  });

  return [
    h('h2', {}, t().agreementsTitle(areaName(topic))),
    h('div', { class: 'toolbar' }, h('label', { class: 'inline-control', for: 'ayear' }, t().agreementYear), yearSel),
    ...sections,
    await plansSection(),
  ];
}
