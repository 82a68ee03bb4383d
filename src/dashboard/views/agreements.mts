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
import { pct, reason } from '../words.mjs';
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
    const title =
      level === 'COUNTY' ? 'County agreements (länsöverenskommelse)' : 'Local agreements (lokal överenskommelse)';
    if (a instanceof Error) return h('section', {}, h('h3', {}, title), h('p', { class: 'error' }, a.message));
    const computed = a.groups
      ? table(
          'Computed from unit rows',
          [
            'Group',
            { text: 'Exists', num: true },
            { text: 'In progress', num: true },
            { text: 'None', num: true },
            { text: 'No response', num: true },
            { text: 'Units', num: true },
            'Share with an agreement',
          ],
          a.groups.map((g) => [
            g.scope.name,
            g.counts.exists,
            g.counts.inProgress,
            g.counts.none,
            g.counts.noResponse,
            g.counts.units,
            g.share.share === null
              ? reason(g.share.missingReason)
              : `${pct(g.share.share)} (${g.share.numerator} of ${g.share.denominator}, ${g.share.policy})`,
          ]),
        )
      : h(
          'p',
          {},
          h('span', { class: 'badge computed' }, 'COMPUTED'),
          ` None: there are no unit rows for ${a.topicName} ${a.year} at this level (${a.missingReason ?? 'NOT_COLLECTED'}), so Jämför computes no coverage — not 0 %.`,
        );
    const coverage = a.published.filter((f) => f.published.scopeLabel?.includes(':'));
    const content = a.published.filter((f) => !f.published.scopeLabel?.includes(':'));
    const labels = coverage.map(
      (f) =>
        `${f.published.measure} · ${f.published.scopeLabel}${f.published.percent === null ? ' — no percent printed' : ''}`,
    );
    const publishedChart = coverage.length
      ? chart(
          `Published coverage, ${title}, ${a.year}: ${coverage.map((f) => `${f.published.measure} ${f.published.scopeLabel} ${f.published.percent ?? 'no percent printed'}`).join('; ')}.`,
          {
            grid: { left: 210, right: 70, top: 30, bottom: 30 },
            title: { text: 'PUBLISHED', left: 0, top: 0, textStyle: { fontSize: 11, color: '#1f3b5c' } },
            xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
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
                    formatter: f.published.percent === null ? 'no percent printed' : `${f.published.percent} %`,
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
        f.published.measure,
        h('span', { class: 'badge published' }, f.published.origin),
        f.published.scopeLabel ?? '',
        f.published.numerator ?? '—',
        `${f.published.denominator ?? '—'}${f.published.denominatorKind ? ` (${f.published.denominatorKind})` : ''}`,
        f.published.percent === null
          ? '—'
          : `${f.published.percent} %${f.published.qualifier ? ` (${f.published.qualifier})` : ''}`,
        f.computedShare === null
          ? h(
              'span',
              { class: 'reason', title: reason(f.computedMissingReason) },
              f.computedMissingReason === 'NOT_COLLECTED'
                ? 'not computed (no unit rows)'
                : reason(f.computedMissingReason),
            )
          : `${pct(f.computedShare)}${f.agreesWithComputed === null ? '' : f.agreesWithComputed ? ' — agrees' : ' — differs'}`,
        f.published.publication,
      ]);
    const publishedHeaders = [
      'Measure',
      'Origin',
      'Scope',
      { text: 'Numerator', num: true },
      'Denominator',
      'Percent',
      'Computed by Jämför',
      'Publication',
    ];
    const publishedTable = table(
      'Published coverage (as printed): table view of the chart',
      publishedHeaders,
      publishedRows(coverage),
    );
    const contentTable = content.length
      ? h(
          'details',
          {},
          h('summary', {}, `What the agreements contain: ${content.length} published content figures`),
          table('Published content figures (as printed)', publishedHeaders, publishedRows(content)),
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
    h('h2', {}, `Agreements and plans · ${areaName(topic)}`),
    h('div', { class: 'toolbar' }, h('label', { class: 'inline-control', for: 'ayear' }, 'Agreement year'), yearSel),
    ...sections,
    await plansSection(),
  ];
}
