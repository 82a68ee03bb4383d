import type { DenominatorPolicy, RoutineTrendQuery, RoutineTrendQueryVariables } from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import type { ExportView } from '../export-view.js';
import { defined, enumValue, optional, required, requiredInt, slug } from '../parameters.js';
import type { AnswerProvenanceFragment } from '../../operations/generated.js';
import {
  provenanceColumns,
  shareCsvFields,
  shareTruthColumns,
  shareValueColumns,
  type ShareCsvFields,
  type ShareResult,
} from '../shares.js';

/** routineTrend as CSV: per year, the unit's answer (or share) and each reference share. */

export interface TrendCsvRow extends ShareCsvFields {
  series: 'unit' | 'region' | 'kommungrupp' | 'nation';
  kind: string;
  answer?: string | null;
  rawValue?: string | null;
  missingReason: string | null;
  policy: string;
  provenance?: AnswerProvenanceFragment | null;
}

export const routineTrendExport: ExportView<TrendCsvRow, RoutineTrendQuery, RoutineTrendQueryVariables> = {
  name: 'routine-trend',
  operation: OPERATIONS.routineTrend,
  parameters: ['question', 'unit', 'fromYear', 'toYear', 'denominator'],
  variables: (p) =>
    defined<RoutineTrendQueryVariables>({
      question: required(p, 'question'),
      unit: required(p, 'unit'),
      fromYear: requiredInt(p, 'fromYear'),
      toYear: requiredInt(p, 'toYear'),
      denominator: enumValue<DenominatorPolicy>(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('routine-trend', v.question, v.unit, `${String(v.fromYear)}-${String(v.toYear)}`),
  rows(data) {
    const t = data.routineTrend;
    const rows: TrendCsvRow[] = [];
    const fromShare = (year: number, series: TrendCsvRow['series'], s: ShareResult): TrendCsvRow => ({
      ...shareCsvFields(s),
      year,
      series,
      kind: s.scope.kind,
      missingReason: s.missingReason,
      policy: t.policy,
    });
    for (const p of t.points) {
      if (p.share) rows.push(fromShare(p.year, 'unit', p.share));
      else {
        rows.push({
          year: p.year,
          series: 'unit',
          code: t.unit.code,
          name: t.unit.name,
          kind: t.unit.kind,
          answer: p.answer,
          rawValue: p.rawValue,
          missingReason: p.missingReason,
          policy: t.policy,
          provenance: p.provenance,
        });
      }
      if (p.region) rows.push(fromShare(p.year, 'region', p.region));
      if (p.kommungrupp) rows.push(fromShare(p.year, 'kommungrupp', p.kommungrupp));
      // riket's own series is already the unit row
      if (!(p.share && t.unit.kind === 'NATION')) rows.push(fromShare(p.year, 'nation', p.nation));
    }
    return rows;
  },
  columns: [
    { header: 'year', value: (r) => r.year },
    { header: 'series', value: (r) => r.series },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'kind', value: (r) => r.kind },
    { header: 'answer', value: (r) => r.answer },
    { header: 'raw_value', value: (r) => r.rawValue },
    { header: 'missing_reason', value: (r) => r.missingReason },
    ...shareValueColumns<TrendCsvRow>(),
    { header: 'policy', value: (r) => r.policy },
    ...shareTruthColumns<TrendCsvRow>(),
    ...provenanceColumns<TrendCsvRow>(),
  ],
};
