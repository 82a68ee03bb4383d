/**
 * The cross-county view: the 21 regions' shares ranked, with riket and the median.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { areaName, catalogReady } from '../catalog.mjs';
import { chart, downloadLinks, h, table } from '../dom.mjs';
import { scopeInput, type State } from '../state.mjs';
import { fraction, pct, reason, shareText } from '../words.mjs';

export async function regionsView(state: State): Promise<Node[]> {
  if (state.year === null) return [h('p', {}, 'No survey year is loaded for this question.')];
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
        ? `${r.share.scope.name} — no share (${reason(r.share.missingReason)})`
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
      name: 'Median',
      xAxis: data.median * 100,
      lineStyle: { type: 'dashed', color: '#444' },
      label: { formatter: `Median ${pct(data.median)}`, position: 'end' },
    });
  if (data.nation.share !== null)
    marks.push({
      name: 'Riket',
      xAxis: data.nation.share * 100,
      lineStyle: { type: 'solid', color: '#2f5f8f' },
      label: { formatter: `Riket ${pct(data.nation.share)}`, position: 'start' },
    });
  const chartEl = chart(
    `Regions ranked by share for ${state.question} in ${data.year}: ${ranked.map((r) => `${r.share.scope.name} ${pct(r.share.share)}`).join(', ') || 'no region has a share'}; ${unranked.length} without a share. Table below.`,
    {
      grid: { left: 260, right: 120, top: 30, bottom: 40 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
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
          name: 'Share',
          data: [...ordered].reverse().map((r) => ({
            value: r.share.share === null ? null : Math.round(r.share.share * 1000) / 10,
            itemStyle: { color: r.share.scope.code === selected ? '#b36b00' : '#2f5f8f' },
            label: {
              show: true,
              position: r.share.share === null ? 'insideLeft' : 'right',
              formatter:
                r.share.share === null
                  ? `no share: ${reason(r.share.missingReason)}`
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
  chartEl.style.height = `${Math.max(22, data.regions.length * 1.45 + 4)}rem`;
  const body = ordered.map((r) => [
    r.share.scope.name,
    r.rank === null ? h('span', { class: 'reason' }, 'unranked') : r.rank,
    r.share.share === null ? h('span', { class: 'reason' }, reason(r.share.missingReason)) : pct(r.share.share),
    r.share.numerator ?? '—',
    r.share.denominator ?? '—',
    r.share.counts?.ejAktuellt ?? '—',
    r.share.counts?.noResponse ?? '—',
    r.share.counts?.units ?? '—',
    r.quartileBand ?? '—',
    r.share.published?.percent !== null && r.share.published?.percent !== undefined
      ? `${r.share.published.percent} %`
      : '—',
  ]);
  return [
    h('h2', {}, `Regions compared · ${areaName(state.area)} · ${data.year}`),
    h(
      'p',
      { class: 'sub' },
      `Riket: ${shareText(data.nation)}. Median of the ${data.rankedRegions} ranked regions: ${pct(data.median)}` +
        (data.interquartileRange !== null
          ? `, interquartile range ${pct(data.lowerQuartile)}–${pct(data.upperQuartile)}.`
          : '.') +
        ` Policy ${data.policy}. Regions without a share are unranked, not last.`,
    ),
    h(
      'div',
      { class: 'toolbar' },
      downloadLinks('The cross-county comparison', '/export/region-comparison.csv', {
        question: state.question,
        year: state.year,
        denominator: state.denominator,
      }),
    ),
    chartEl,
    table(
      'Table view: the same numbers as the chart',
      [
        'Region',
        { text: 'Rank', num: true },
        { text: 'Share', num: true },
        { text: 'Ja', num: true },
        { text: 'Denominator', num: true },
        { text: 'Ej aktuellt', num: true },
        { text: 'No response', num: true },
        { text: 'Units', num: true },
        { text: 'Quartile band', num: true },
        { text: 'Published', num: true },
      ],
      body,
      (i) => ({ class: ordered[i]!.share.scope.code === selected ? 'selected' : undefined }),
    ),
  ];
}
