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
import { answerWord, frameNote, policyName, printedPercent, reason, shareText, t } from '../words.mjs';

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
    option(scopeUnit(state.scope), t().theScope(scopeName(state.scope))),
    ...unitsInScope(state.scope).map((m) => option(m.code, m.name)),
  );
  if (![...unitSel.options].some((o) => o.value === unit)) unitSel.append(option(unit, data.unit.name));
  unitSel.value = unit;
  unitSel.addEventListener('change', () => navigate({ unit: unitSel.value }));

  const yearsAxis = data.points.map((p) => String(p.year));
  type Pick = (p: TrendPoint) => Share | null | undefined;
  const lines: { name: string; pick: Pick; color: string; dashed: boolean }[] = [
    ...(isAggregate
      ? [{ name: data.unit.name, pick: (p: TrendPoint) => p.share, color: '#b36b00', dashed: false }]
      : []),
    ...(data.unit.region && data.unit.kind !== 'REGION'
      ? [{ name: data.unit.region.name, pick: (p: TrendPoint) => p.region, color: '#2f5f8f', dashed: false }]
      : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [
          {
            name: `${t().kommungrupp} ${data.unit.kommungrupp.code}`,
            pick: (p: TrendPoint) => p.kommungrupp,
            color: '#7a4fa0',
            dashed: true,
          },
        ]
      : []),
    ...(data.unit.kind !== 'NATION'
      ? [{ name: t().nation, pick: (p: TrendPoint) => p.nation, color: '#333333', dashed: true }]
      : []),
  ];
  const values = lines.map((l) =>
    data.points.map((p) => {
      const s = l.pick(p);
      return s && s.share !== null ? Math.round(s.share * 1000) / 10 : null;
    }),
  );
  // Equal values (a län, its kommungrupp and riket all at 50 %) would hide each other: each
  // series gets its own shape, drawn smaller and on top of the one before (concentric marks),
  // and a value is labelled once per year, naming every series that has it.
  const SHAPES = ['circle', 'rect', 'triangle', 'diamond'] as const;
  const series = lines.map((l, i) => ({
    type: 'line' as const,
    name: l.name,
    z: 2 + i,
    symbol: SHAPES[i % SHAPES.length],
    symbolSize: Math.max(6, 18 - i * 4),
    data: values[i]!.map((v, x) => {
      const sharedWith = lines.filter((_, j) => values[j]![x] === v && v !== null);
      const first = values.findIndex((vs) => vs[x] === v) === i;
      return {
        value: v,
        label: {
          show: v !== null && first,
          formatter: () =>
            v === null ? '' : `${printedPercent(v)}${sharedWith.length > 1 ? ` (×${sharedWith.length})` : ''}`,
        },
      };
    }),
    connectNulls: false,
    lineStyle: { color: l.color, width: 2.5, type: l.dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color: l.color, borderColor: '#fff', borderWidth: 1 },
    label: { position: 'top' as const, fontSize: 11 },
  }));
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
        t().answerByYear(data.unit.name),
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
    t().yearCol,
    isAggregate ? t().unitShare(data.unit.name) : t().unitAnswer(data.unit.name),
    ...(data.unit.region && data.unit.kind !== 'REGION' ? [data.unit.region.name] : []),
    ...(data.unit.kommungrupp && data.unit.kind !== 'KOMMUNGRUPP'
      ? [`${t().kommungrupp} ${data.unit.kommungrupp.code} ${data.unit.kommungrupp.name}`]
      : []),
    ...(data.unit.kind !== 'NATION' ? [t().nation] : []),
  ];
  const described = data.points
    .map(
      (p) =>
        `${p.year}: ${p.answer ? answerWord(p.answer).label : isAggregate ? shareText(p.share) : reason(p.missingReason)}`,
    )
    .join('; ');

  return [
    h('h2', {}, t().trendTitle(data.unit.name, data.unit.code, areaName(state.area))),
    h('p', { class: 'sub' }, t().trendSub(fromYear, toYear, policyName(data.policy))),
    ...[...new Set(data.points.map((p) => frameNote(p.nation.coverage)).filter((n): n is string => n !== null))].map(
      (note) => h('p', { class: 'coverage' }, `${t().nation}: ${note}`),
    ),
    h(
      'div',
      { class: 'toolbar' },
      h('label', { class: 'inline-control', for: 'unit' }, t().unit),
      unitSel,
      downloadLinks(t().thisTrend, '/export/routine-trend.csv', {
        question: state.question,
        unit,
        fromYear,
        toYear,
        denominator: state.denominator,
      }),
    ),
    ...(strip ? [strip] : []),
    chart(t().sharesByYear(fromYear, toYear, described), {
      grid: { left: 60, right: 30, top: 60, bottom: 40 },
      legend: { top: 5 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? printedPercent(v) : t().noValue),
      },
      xAxis: { type: 'category', data: yearsAxis },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: (v: number) => printedPercent(v) } },
      series,
    }),
    table(t().tableView, headers, body, (i) => ({
      'data-year': String(data.points[i]!.year),
    })),
  ];
}
