import type {
  ComparisonOrder,
  DenominatorPolicy,
  RoutineComparisonQuery,
  RoutineComparisonQueryVariables,
} from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import type { ExportView } from '../export-view.js';
import { defined, enumValue, optional, parseScope, required, requiredInt, slug } from '../parameters.js';
import type { AnswerProvenanceFragment } from '../../operations/generated.js';
import {
  countColumns,
  provenanceColumns,
  shareCsvFields,
  shareTruthColumns,
  shareValueColumns,
  type ShareCsvFields,
  type ShareResult,
} from '../shares.js';

/** routineComparison as CSV: the scope's share, the reference shares, then one row per unit. */

export interface ComparisonCsvRow extends ShareCsvFields {
  rowType: 'scope' | 'reference' | 'unit';
  kind: string;
  regionCode?: string | null;
  regionName?: string | null;
  answer?: string | null;
  rawValue?: string | null;
  missingReason: string | null;
  policy?: string | null;
  previousYear?: number | null;
  previousAnswer?: string | null;
  changed?: boolean | null;
  provenance?: AnswerProvenanceFragment | null;
}

function shareRow(rowType: 'scope' | 'reference', s: ShareResult, policy: string | undefined): ComparisonCsvRow {
  return {
    rowType,
    ...shareCsvFields(s),
    kind: s.scope.kind,
    missingReason: s.missingReason,
    policy: s.policy ?? policy ?? null,
  };
}

export const routineComparisonExport: ExportView<
  ComparisonCsvRow,
  RoutineComparisonQuery,
  RoutineComparisonQueryVariables
> = {
  name: 'routine-comparison',
  operation: OPERATIONS.routineComparison,
  parameters: ['question', 'year', 'scope', 'denominator', 'orderBy'],
  paged: true,
  variables: (p) =>
    defined<RoutineComparisonQueryVariables>({
      question: required(p, 'question'),
      year: requiredInt(p, 'year'),
      scope: parseScope(required(p, 'scope')),
      denominator: enumValue<DenominatorPolicy>(optional(p, 'denominator')),
      orderBy: enumValue<ComparisonOrder>(optional(p, 'orderBy')),
    }),
  fileStem: (v) => {
    return slug('routine-comparison', v.question, v.year, v.scope.kind, v.scope.code);
  },
  rows(data) {
    const c = data.routineComparison;
    const policy = c.summary.policy;
    return [
      shareRow('scope', c.summary, policy),
      ...c.references.map((r) => shareRow('reference', r, policy)),
      ...c.rows.nodes.map((n): ComparisonCsvRow => ({
        rowType: 'unit',
        code: n.unit.code,
        name: n.unit.name,
        kind: n.unit.kind,
        regionCode: n.unit.region?.code,
        regionName: n.unit.region?.name,
        year: c.year,
        answer: n.answer,
        rawValue: n.rawValue,
        missingReason: n.missingReason,
        previousYear: n.previousYear,
        previousAnswer: n.previousAnswer,
        changed: n.changed,
        provenance: n.provenance,
      })),
    ];
  },
  columns: [
    { header: 'row_type', value: (r) => r.rowType },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'kind', value: (r) => r.kind },
    { header: 'region_code', value: (r) => r.regionCode },
    { header: 'region_name', value: (r) => r.regionName },
    { header: 'year', value: (r) => r.year },
    { header: 'answer', value: (r) => r.answer },
    { header: 'raw_value', value: (r) => r.rawValue },
    { header: 'missing_reason', value: (r) => r.missingReason },
    ...countColumns<ComparisonCsvRow>(),
    ...shareValueColumns<ComparisonCsvRow>(),
    { header: 'policy', value: (r) => r.policy },
    { header: 'previous_year', value: (r) => r.previousYear },
    { header: 'previous_answer', value: (r) => r.previousAnswer },
    { header: 'changed', value: (r) => r.changed },
    ...shareTruthColumns<ComparisonCsvRow>(),
    ...provenanceColumns<ComparisonCsvRow>(),
  ],
};
