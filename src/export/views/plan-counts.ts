import type { PlanCountsQuery, PlanCountsQueryVariables, PlanType } from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import type { ExportView } from '../export-view.js';
import { defined, enumValue, optional, optionalInt, required, slug } from '../parameters.js';

/** planCounts as CSV: one row per series and year, missing years with their reason. */

export interface PlanCsvRow {
  scopeKey: string;
  seriesScope: string;
  coversWholeScope: boolean;
  coverage: string | null;
  planType: string;
  measure: string;
  principal: string;
  sourceSystem: string;
  valueKind: string;
  year: number;
  value: number | null;
  missingReason: string | null;
  n: number | null;
  countingNote: string | null;
}

/** "10 of 30 units: <note>", "14 units: <note>": a series' coverage of the asked scope in one cell. */
function coverageText(c: { sampleUnits: number | null; frameUnits: number | null; note: string | null }): string {
  const units =
    c.sampleUnits === null
      ? null
      : c.frameUnits === null
        ? `${c.sampleUnits} units`
        : `${c.sampleUnits} of ${c.frameUnits} units`;
  return [units, c.note].filter((x) => x !== null).join(': ');
}

export const planCountsExport: ExportView<PlanCsvRow, PlanCountsQuery, PlanCountsQueryVariables> = {
  name: 'plan-counts',
  operation: OPERATIONS.planCounts,
  parameters: ['scope', 'planType', 'measure', 'fromYear', 'toYear'],
  variables: (p) =>
    defined<PlanCountsQueryVariables>({
      scope: required(p, 'scope'),
      planType: enumValue<PlanType>(optional(p, 'planType')),
      measure: optional(p, 'measure'),
      fromYear: optionalInt(p, 'fromYear'),
      toYear: optionalInt(p, 'toYear'),
    }),
  fileStem: (v) => slug('plan-counts', v.scope, v.planType, v.measure),
  rows(data) {
    const d = data.planCounts;
    return d.series.flatMap((s) =>
      s.points.map((p) => ({
        scopeKey: d.scope.key,
        seriesScope: s.scopeKey,
        coversWholeScope: s.coversWholeScope,
        coverage: s.coverage && coverageText(s.coverage),
        planType: s.planType,
        measure: s.measure,
        principal: s.principal,
        sourceSystem: s.sourceSystem,
        valueKind: s.valueKind,
        ...p,
      })),
    );
  },
  columns: [
    { header: 'scope', value: (r) => r.scopeKey },
    // why: a region's export also holds the samples inside it; each row says whose values they are and how much of the region they cover.
    { header: 'series_scope', value: (r) => r.seriesScope },
    { header: 'covers_whole_scope', value: (r) => (r.coversWholeScope ? 'yes' : 'no (part only)') },
    { header: 'coverage', value: (r) => r.coverage },
    { header: 'plan_type', value: (r) => r.planType },
    { header: 'measure', value: (r) => r.measure },
    { header: 'principal', value: (r) => r.principal },
    { header: 'source_system', value: (r) => r.sourceSystem },
    { header: 'value_kind', value: (r) => r.valueKind },
    { header: 'year', value: (r) => r.year },
    { header: 'value', value: (r) => r.value },
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'n', value: (r) => r.n },
    { header: 'counting_note', value: (r) => r.countingNote },
  ],
};

/** A view with its row type closed over: what the route needs. */
