/**
 * The trend view: one unit's answers (or a scope's shares) year by year beside its region,
 * kommungrupp and riket, gaps labelled with their reason.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { areaName, catalogReady, scopeName, trendRange, unitsInScope, yearsOf } from '../catalog.mjs';
import { option } from '../controls.mjs';
import { answerBadge, chart, downloadLinks, h, table } from '../dom.mjs';
import { navigate, scopeUnit, type State } from '../state.mjs';
import type { Share, TrendPoint } from '../types.mjs';
import { ANSWERS, reason, shareText } from '../words.mjs';

export async function trendView(state: State): Promise<Node[]> {
  const years = await yearsOf(state.question);
  const [fromYear, toYear] = trendRange(years);
  const unit = state.unit ?? scopeUnit(state.scope);
  const data = await gql(OPERATIONS.routineTrend, {
    question: state.question,
    unit,
    fromYear,
    toYear,
    denominator: state.denominator,
  });
  const isAggregate = data.unit.kind !== 'MUNICIPALITY' && data.unit.kind !== 'DISTRICT';
  await catalogReady;

  const unitSel = h(
    'select',
    { id: 'unit' },
    option(scopeUnit(state.scope), `${scopeName(state.scope)} (the scope)`),
    ...unitsInScope(state.scope).map((m) => option(m.code, m.name)),
  );
  if (![...unitSel.options].some((o) => o.value === unit)) unitSel.append(option(unit, data.unit.name));
  unitSel.value = unit;
  unitSel.addEventListener('change', () => navigate({ unit: unitSel.value }));

  const yearsAxis = data.points.map((p) => String(p.year));
  const line = (name: string, pick: (p: TrendPoint) => Share | null | undefined, color: string, dashed = false) => ({
    type: 'line' as const,
    name,
    data: data.points.map((p) => {
      const s = pick(p);
      return s && s.share !== null ? Math.round(s.share * 1000) / 10 : null;
    }),
    connectNulls: false,
    symbolSize: 9,
    lineStyle: { color, width: 2.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color },
    label: { show: true, position: 'top' as const, formatter: '{c} %', fontSize: 11 },
  });
  const series = [
    ...(isAggregate ? [line(data.unit.name, (p) => p.share, '#b36b00')] : []),
    ...(data.unit.region && data.unit.kind !== 'REGION'
      ? [line(data.unit.region.name, (p) => p.region, '#2f5f8f')]
      : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [line(`Kommungrupp ${data.unit.kommungrupp.code}`, (p) => p.kommungrupp, '#7a4fa0', true)]
      : []),
    ...(data.unit.kind !== 'NATION' ? [line('Riket', (p) => p.nation, '#333333', true)] : []),
  ];
  // Gaps are labelled with their reason: consecutive years with the same reason share a band.
  const gaps: [{ xAxis: string; name: string }, { xAxis: string }][] = [];
  for (let i = 0; i < data.points.length; i++) {
    const why = (data.points[i]!.share ?? data.points[i]!.nation).missingReason;
    if (!why) continue;
    let j = i;
    while (
      j + 1 < data.points.length &&
      (data.points[j + 1]!.share ?? data.points[j + 1]!.nation).missingReason === why
    )
      j++;
    gaps.push([{ xAxis: yearsAxis[i]!, name: reason(why) }, { xAxis: yearsAxis[j]! }]);
    i = j;
  }
  if (series[0]) {
    Object.assign(series[0], {
      markArea: {
        silent: true,
        itemStyle: { color: 'rgba(120,130,145,0.10)' },
        label: {
          position: 'insideTop',
          color: '#4f5d6d',
          fontStyle: 'italic',
          fontSize: 11,
          width: 90,
          overflow: 'break',
        },
        data: gaps,
      },
    });
  }

  const strip = isAggregate
    ? null
    : table(
        `${data.unit.name}: answer by survey year`,
        ['', ...data.points.map((p) => String(p.year))],
        [[data.unit.name, ...data.points.map((p) => answerBadge(p.answer, p.missingReason))]],
      );
  strip?.classList.add('strip');

  const body = data.points.map((p) => [
    String(p.year),
    isAggregate
      ? shareText(p.share)
      : p.answer
        ? h('span', {}, answerBadge(p.answer, p.missingReason))
        : h('span', { class: 'reason' }, reason(p.missingReason)),
    ...(data.unit.region && data.unit.kind !== 'REGION' ? [shareText(p.region)] : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP' ? [shareText(p.kommungrupp)] : []),
    ...(data.unit.kind !== 'NATION' ? [shareText(p.nation)] : []),
  ]);
  const headers = [
    'Year',
    isAggregate ? `${data.unit.name} share` : `${data.unit.name} answer`,
    ...(data.unit.region && data.unit.kind !== 'REGION' ? [data.unit.region.name] : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [`Kommungrupp ${data.unit.kommungrupp.code} ${data.unit.kommungrupp.name}`]
      : []),
    ...(data.unit.kind !== 'NATION' ? ['Riket'] : []),
  ];
  const described = data.points
    .map((p) => `${p.year}: ${p.answer ? ANSWERS[p.answer].label : reason(p.missingReason)}`)
    .join('; ');

  return [
    h('h2', {}, `Trend · ${data.unit.name} (${data.unit.code}) · ${areaName(state.area)}`),
    h(
      'p',
      { class: 'sub' },
      `${fromYear}–${toYear}, policy ${data.policy}. Years without a survey or answer are gaps labelled with the reason — never zero.`,
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'inline-control', for: 'unit' }, 'Unit'),
      unitSel,
      downloadLinks('This trend', '/export/routine-trend.csv', {
        question: state.question,
        unit,
        fromYear,
        toYear,
        denominator: state.denominator,
      }),
    ),
    ...(strip ? [strip] : []),
    chart(`Shares by year, ${fromYear}–${toYear}. ${described}. Table below.`, {
      grid: { left: 60, right: 30, top: 60, bottom: 40 },
      legend: { top: 5 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined || v === '-' ? 'no value' : `${String(v)} %`),
      },
      xAxis: { type: 'category', data: yearsAxis },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series,
    }),
    table('Table view: the same numbers as the chart', headers, body, (i) => ({
      'data-year': String(data.points[i]!.year),
    })),
  ];
}
