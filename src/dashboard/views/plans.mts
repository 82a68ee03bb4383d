/**
 * The plan counts (SIP and individual plans): every series held, its values and CSV links.
 */
import { OPERATIONS } from '../../operations/saved-operations.js';
import { gql } from '../api.mjs';
import { downloadLinks, h, table } from '../dom.mjs';
import { reason } from '../words.mjs';

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
          : `${p.year}: ${p.value}${s.valueKind === 'PERCENT' ? ' %' : ''}${p.n !== null ? ` (n = ${p.n})` : ''}`,
      );
      valueOf.set(`${c.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`, shown.join('; '));
    }
  });
  const rows = series.nodes.map((s) => [
    s.scope.label,
    s.measure,
    s.planType,
    s.principal,
    s.sourceSystem,
    s.firstYear === s.lastYear ? String(s.firstYear) : `${s.firstYear}–${s.lastYear}`,
    valueOf.get(`${s.scope.key}|${s.measure}|${s.principal}|${s.sourceSystem}`) ??
      h('span', { class: 'reason' }, 'not loaded'),
    downloadLinks(
      `Plan counts for ${s.scope.label}`,
      '/export/plan-counts.csv',
      { scope: s.scope.key, measure: s.measure },
      true,
    ),
  ]);
  return h(
    'section',
    {},
    h('h3', {}, 'Plan counts (SIP and individual plans)'),
    h(
      'p',
      { class: 'note' },
      'Counts are per reporting organisation, not unique persons. Years without a row are NOT_COLLECTED, unreported cells NO_RESPONSE — never 0.',
    ),
    failures.length
      ? h('p', { class: 'error' }, `Some series could not be read from the API: ${failures.join(' · ')}`)
      : null,
    table(
      `${series.nodes.length} plan-count series`,
      ['Scope', 'Measure', 'Plan type', 'Principal', 'Source', 'Years', 'Values', 'CSV'],
      rows,
    ),
  );
}
