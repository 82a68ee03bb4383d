/**
 * The cross-county view: the 21 regions' shares ranked, with riket and the median.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { areaName, catalogReady, questionText } from '../catalog.mjs';
import { chart, downloadLinks, h, table } from '../dom.mjs';
import { choropleth, shareState } from '../map.mjs';
import { navigate, scopeInput, type State } from '../state.mjs';
import { shareLegend } from './comparison-map.mjs';
import { fraction, frameNote, num, pct, policyName, printedPercent, reason, shareText, t } from '../words.mjs';

export async function regionsView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, t().noYear)];
  const data = await gql(OPERATIONS.regionComparison, {
    question: state.question,
    year: state.year,
    denominator: state.denominator,
  });
  await catalogReady;
  const ranked = data.regions.filter((r) => r.share.share !== null);
  const unranked = data.regions.filter((r) => r.share.share === null);
  const ordered = [...ranked, ...unranked];
  const selected = scopeInput(state.scope).kind === 'REGION' ? scopeInput(state.scope).code : undefined;
  // An unranked region keeps its row, named with the reason: no bar, never a zero.
  const names = ordered
    .map((r) =>
      r.share.share === null
        ? `${r.share.scope.name} — ${t().noShare} (${reason(r.share.missingReason)})`
        : r.share.scope.name,
    )
    .reverse();
  const marks: {
    name: string;
    xAxis: number;
    lineStyle: { type: 'dashed' | 'solid'; color: string };
    label: { formatter: string; position: 'start' | 'end' };
  }[] = [];
  if (data.median !== null)
    marks.push({
      name: t().median,
      xAxis: data.median * 100,
      lineStyle: { type: 'dashed', color: '#444' },
      label: { formatter: `${t().median} ${pct(data.median)}`, position: 'end' },
    });
  if (data.nation.share !== null)
    marks.push({
      name: t().nation,
      xAxis: data.nation.share * 100,
      lineStyle: { type: 'solid', color: '#2f5f8f' },
      label: { formatter: `${t().nation} ${pct(data.nation.share)}`, position: 'start' },
    });
  const chartEl = chart(
    t().regionsChart(
      questionText(state.question),
      data.year,
      ranked.map((r) => `${r.share.scope.name} ${pct(r.share.share)}`).join(', '),
      unranked.length,
    ),
    {
      grid: { left: 260, right: 120, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => printedPercent(v) } },
      yAxis: {
        type: 'category',
        data: names,
        axisLabel: {
          fontSize: 11,
          color: (_: unknown, i: number) =>
            ordered[ordered.length - 1 - i]?.share.share === null ? '#6b7480' : '#1d2733',
        },
      },
      series: [
        {
          type: 'bar',
          name: t().share,
          data: [...ordered].reverse().map((r) => ({
            value: r.share.share === null ? null : Math.round(r.share.share * 1000) / 10,
            itemStyle: { color: r.share.scope.code === selected ? '#b36b00' : '#2f5f8f' },
            label: {
              show: true,
              position: r.share.share === null ? 'insideLeft' : 'right',
              formatter:
                r.share.share === null
                  ? `${t().noShare}: ${reason(r.share.missingReason)}`
                  : `${pct(r.share.share)} (${fraction(r.share)})`,
              color: r.share.share === null ? '#6b7480' : '#1d2733',
              fontStyle: r.share.share === null ? 'italic' : 'normal',
            },
          })),
          markLine: { symbol: 'none', data: marks },
        },
      ],
    },
  );
  const units = data.regions.map((r) => ({
    code: r.share.scope.code,
    state: shareState(r.share.share),
    detail: shareText(r.share),
  }));
  const map = await choropleth({
    shapes: 'lan',
    label: t().mapRegions(data.year),
    units,
    legend: shareLegend(units),
    open: (code) => navigate({ view: 'trend', unit: code }),
    aside:
      ranked.length < data.regions.length
        ? h('p', { class: 'coverage', 'data-testid': 'coverage' }, t().regionCoverage(ranked.length))
        : null,
  });
  chartEl.style.height = `${Math.max(22, data.regions.length * 1.45 + 4)}rem`;
  const body = ordered.map((r) => [
    r.share.scope.name,
    r.rank === null ? h('span', { class: 'reason' }, t().unranked) : r.rank,
    r.share.share === null ? h('span', { class: 'reason' }, reason(r.share.missingReason)) : pct(r.share.share),
    orDash(r.share.numerator),
    orDash(r.share.denominator),
    orDash(r.share.counts?.ejAktuellt),
    orDash(r.share.counts?.noResponse),
    orDash(r.share.counts?.units),
    r.quartileBand ?? '—',
    r.share.published?.percent !== null && r.share.published?.percent !== undefined
      ? printedPercent(r.share.published.percent)
      : '—',
  ]);
  return [
    h('h2', {}, t().regionsTitle(areaName(state.area), data.year)),
    h(
      'p',
      { class: 'sub' },
      t().regionsSub(
        shareText(data.nation),
        data.rankedRegions,
        pct(data.median),
        data.interquartileRange !== null ? `${pct(data.lowerQuartile)}–${pct(data.upperQuartile)}` : null,
        policyName(data.policy),
      ),
    ),
    ...(frameNote(data.nation.coverage)
      ? [h('p', { class: 'coverage', 'data-testid': 'frame-coverage' }, frameNote(data.nation.coverage))]
      : []),
    h(
      'div',
      { class: 'toolbar' },
      downloadLinks(t().crossCounty, '/export/region-comparison.csv', {
        question: state.question,
        year: state.year,
        denominator: state.denominator,
      }),
    ),
    h(
      'div',
      { class: 'map-and-chart' },
      h('section', { class: 'map-section', 'aria-label': t().mapRegions(data.year) }, map),
      chartEl,
    ),
    table(
      t().tableView,
      [
        t().region,
        { text: t().rank, num: true },
        { text: t().share, num: true },
        { text: t().ja, num: true },
        { text: t().denominator, num: true },
        { text: t().ejAktuellt, num: true },
        { text: t().noResponse, num: true },
        { text: t().units, num: true },
        { text: t().quartileBand, num: true },
        { text: t().published, num: true },
      ],
      body,
      (i) => ({ class: ordered[i]!.share.scope.code === selected ? 'selected' : undefined }),
    ),
  ];
}

function orDash(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : num(n);
}
