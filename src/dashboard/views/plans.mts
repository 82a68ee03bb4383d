/**
 * The plan counts (SIP and individual plans): every series held, its values and CSV links.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { downloadLinks, h, table } from '../dom.mjs';
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
    failures.length ? h('p', { class: 'error' }, t().plansFailed(failures.join(' · '))) : null,
    table(
      t().plansCaption(series.nodes.length),
      [t().scopeCol, t().measure, t().planType, t().principal, t().source, t().years, t().values, 'CSV'],
      rows,
    ),
  );
}
