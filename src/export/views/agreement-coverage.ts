import type {
  AgreementCoverageQuery,
  AgreementCoverageQueryVariables,
  AgreementGrouping,
  AgreementLevel,
  DenominatorPolicy,
} from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import type { ExportView } from '../export-view.js';
import { sharePercentColumn } from '../shares.js';
import { defined, enumValue, optional, required, requiredInt, slug } from '../parameters.js';

/** agreementCoverage as CSV: the computed groups (COMPUTED), then the published figures (PUBLISHED). */

export interface AgreementCsvRow {
  origin: string;
  level: string;
  year: number;
  scopeCode?: string | null;
  scopeName?: string | null;
  measure: string;
  exists?: number | null;
  inProgress?: number | null;
  none?: number | null;
  noResponse?: number | null;
  units?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  share?: number | null;
  percent?: number | null;
  missingReason?: string | null;
  policy?: string | null;
  denominatorKind?: string | null;
  qualifier?: string | null;
  publication?: string | null;
  agreesWithComputed?: boolean | null;
}

export const agreementCoverageExport: ExportView<
  AgreementCsvRow,
  AgreementCoverageQuery,
  AgreementCoverageQueryVariables
> = {
  name: 'agreement-coverage',
  operation: OPERATIONS.agreementCoverage,
  parameters: ['level', 'topic', 'year', 'groupBy', 'denominator'],
  variables: (p) =>
    defined<AgreementCoverageQueryVariables>({
      level: enumValue<AgreementLevel>(required(p, 'level')),
      topic: required(p, 'topic'),
      year: requiredInt(p, 'year'),
      groupBy: enumValue<AgreementGrouping>(optional(p, 'groupBy')),
      denominator: enumValue<DenominatorPolicy>(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('agreement-coverage', v.level, v.topic, v.year, v.groupBy),
  rows(data) {
    const a = data.agreementCoverage;
    const computed: AgreementCsvRow[] = a.groups
      ? a.groups.map((g) => ({
          origin: g.origin,
          level: a.level,
          year: a.year,
          scopeCode: g.scope.code,
          scopeName: g.scope.name,
          measure: g.share.measure,
          ...g.counts,
          numerator: g.share.numerator,
          denominator: g.share.denominator,
          share: g.share.share,
          missingReason: g.share.missingReason,
          policy: g.share.policy,
        }))
      : [
          {
            origin: 'COMPUTED',
            level: a.level,
            year: a.year,
            measure: 'exists',
            missingReason: a.missingReason,
            policy: a.policy,
          },
        ];
    const published = a.published.map((f): AgreementCsvRow => ({
      origin: f.published.origin,
      level: a.level,
      year: a.year,
      scopeName: f.published.scopeLabel,
      measure: f.published.measure,
      numerator: f.published.numerator,
      denominator: f.published.denominator,
      percent: f.published.percent,
      denominatorKind: f.published.denominatorKind,
      qualifier: f.published.qualifier,
      publication: f.published.publication,
      policy: f.comparedPolicy,
      share: f.computedShare,
      missingReason: f.computedMissingReason,
      agreesWithComputed: f.agreesWithComputed,
    }));
    return [...computed, ...published];
  },
  columns: [
    { header: 'origin', value: (r) => r.origin },
    { header: 'level', value: (r) => r.level },
    { header: 'year', value: (r) => r.year },
    { header: 'scope_code', value: (r) => r.scopeCode },
    { header: 'scope', value: (r) => r.scopeName },
    { header: 'measure', value: (r) => r.measure },
    { header: 'exists', value: (r) => r.exists },
    { header: 'in_progress', value: (r) => r.inProgress },
    { header: 'none', value: (r) => r.none },
    { header: 'no_response', value: (r) => r.noResponse },
    { header: 'units', value: (r) => r.units },
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'denominator_kind', value: (r) => r.denominatorKind },
    { header: 'published_percent', value: (r) => r.percent },
    // for PUBLISHED rows: Jämför's computed share beside the printed percent, and why not
    { header: 'computed_share', value: (r) => r.share },
    sharePercentColumn<AgreementCsvRow>((r) => r.share),
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'policy', value: (r) => r.policy },
    { header: 'agrees_with_computed', value: (r) => r.agreesWithComputed },
    { header: 'qualifier', value: (r) => r.qualifier },
    { header: 'publication', value: (r) => r.publication },
  ],
};
