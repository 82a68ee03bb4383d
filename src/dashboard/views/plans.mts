/**
 * The plan counts (SIP and individual plans): every series held, its values and CSV links.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { chart, downloadLinks, h, table } from '../dom.mjs';
import { measureLabel, num, printedPercent, reason, t, word } from '../words.mjs';

export async function plansSection(): Promise<Node> {
  const series = await gql(OPERATIONS.planCountSeries);
  const scopes = [...new Set(series.nodes.map((s) => s.scope.key))];
  const counts = await Promise.all(
    scopes.map((scope) =>
      gql(OPERATIONS.planCounts, { scope }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
    ),
  );
  const valueOf = new Map<string, string>();
  // The chart: one bar per series and year (counts only: a percent series has its own scale)
  const bars: { label: string; value: number | null; why: string }[] = [];
  const failures: string[] = [];
  counts.forEach((c, i) => {
    if (c instanceof Error) {
      failures.push(`${scopes[i]}: ${c.message}`);
      return;
    }
    for (const s of c.series) {
      const shown = s.points.map((p) =>
        p.value === null
          ? `${p.year}: ${reason(p.missingReason)}`
          : `${p.year}: ${s.valueKind === 'PERCENT' ? printedPercent(p.value) : num(p.value)}${p.n !== null ? ` (n = ${num(p.n)})` : ''}`,
      );
      valueOf.set(`${c.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`, shown.join('; '));
      if (s.valueKind !== 'PERCENT')
        for (const p of s.points)
          bars.push({
            label: `${measureLabel(s.measure)} · ${word(t().principals, s.principal)} · ${p.year}`,
            value: p.value,
            why: reason(p.missingReason),
          });
    }
  });
  const rows = series.nodes.map((s) => [
    s.scope.label,
    measureLabel(s.measure),
    word(t().planTypes, s.planType),
    word(t().principals, s.principal),
    word(t().sources, s.sourceSystem),
    s.firstYear === s.lastYear ? String(s.firstYear) : `${s.firstYear}–${s.lastYear}`,
    valueOf.get(`${s.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`) ??
      h('span', { class: 'reason' }, t().notLoaded),
    downloadLinks(
      t().plansFor(s.scope.label),
      '/export/plan-counts.csv',
      { scope: s.scope.key, measure: s.measure },
      true,
    ),
  ]);
  return h(
    'section',
    {},
    h('h3', {}, t().plansTitle),
    h('p', { class: 'note' }, t().plansNote),
    bars.length
      ? chart(
          t().plansChart(bars.map((b) => `${b.label}: ${b.value === null ? b.why : num(b.value)}`).join('; ')),
          {
            grid: { left: 300, right: 90, top: 10, bottom: 30 },
            xAxis: { type: 'value', axisLabel: { formatter: (v: number) => num(v) } },
            yAxis: { type: 'category', data: bars.map((b) => b.label).reverse(), axisLabel: { fontSize: 11 } },
            series: [
              {
                type: 'bar',
                data: [...bars].reverse().map((b) => ({
                  value: b.value,
                  itemStyle: { color: '#2f5f8f' },
                  label: {
                    show: true,
                    position: b.value === null ? 'insideLeft' : 'right',
                    formatter: b.value === null ? b.why : num(b.value),
                    fontSize: 11,
                  },
                })),
              },
            ],
          },
          'chart short',
        )
      : null,
    failures.length ? h('p', { class: 'error' }, t().plansFailed(failures.join(' · '))) : null,
    table(
      t().plansCaption(series.nodes.length),
      [t().scopeCol, t().measure, t().planType, t().principal, t().source, t().years, t().values, 'CSV'],
      rows,
    ),
  );
}
