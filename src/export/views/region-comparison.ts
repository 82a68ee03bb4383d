import type {
  DenominatorPolicy,
  RegionComparisonQuery,
  RegionComparisonQueryVariables,
} from '../../operations/generated.js';
import { OPERATIONS } from '../../operations/saved-operations.js';
import type { ExportView } from '../export-view.js';
import { defined, enumValue, optional, required, requiredInt, slug } from '../parameters.js';
import {
  countColumns,
  sharePercentColumn,
  shareTruth,
  shareTruthColumns,
  type Counts,
  type ShareResult,
  type ShareTruth,
} from '../shares.js';

/** regionComparison as CSV: the regions ranked, riket, then median and quartiles as rows. */

export interface RegionCsvRow extends ShareTruth {
  rowType: 'region' | 'nation' | 'statistic';
  rank?: number | null;
  quartileBand?: number | null;
  code: string;
  name: string;
  year: number;
  counts?: Counts | null;
  numerator?: number | null;
  denominator?: number | null;
  share: number | null;
  missingReason?: string | null;
  policy: string;
  publishedPercent?: number | null;
}

function regionShareRow(
  rowType: 'region' | 'nation',
  s: ShareResult,
  policy: string,
  rank?: number | null,
  band?: number | null,
): RegionCsvRow {
  return {
    rowType,
    rank,
    quartileBand: band,
    code: s.scope.code,
    name: s.scope.name,
    year: s.year,
    counts: s.counts ?? null,
    numerator: s.numerator,
    denominator: s.denominator,
    share: s.share,
    missingReason: s.missingReason,
    policy,
    publishedPercent: s.published?.percent ?? null,
    ...shareTruth(s),
  };
}

export const regionComparisonExport: ExportView<RegionCsvRow, RegionComparisonQuery, RegionComparisonQueryVariables> = {
  name: 'region-comparison',
  operation: OPERATIONS.regionComparison,
  parameters: ['question', 'year', 'denominator'],
  variables: (p) =>
    defined<RegionComparisonQueryVariables>({
      question: required(p, 'question'),
      year: requiredInt(p, 'year'),
      denominator: enumValue<DenominatorPolicy>(optional(p, 'denominator')),
    }),
  fileStem: (v) => slug('region-comparison', v.question, v.year),
  rows(data) {
    const c = data.regionComparison;
    const statistic = (code: string, name: string, share: number | null): RegionCsvRow => ({
      rowType: 'statistic',
      code,
      name,
      year: c.year,
      share,
      policy: c.policy,
    });
    return [
      ...c.regions.map((r) => regionShareRow('region', r.share, c.policy, r.rank, r.quartileBand)),
      regionShareRow('nation', c.nation, c.policy),
      statistic('median', 'Median of the regional shares', c.median),
      statistic('lower_quartile', 'Lower quartile of the regional shares', c.lowerQuartile),
      statistic('upper_quartile', 'Upper quartile of the regional shares', c.upperQuartile),
      statistic('interquartile_range', 'Interquartile range of the regional shares', c.interquartileRange),
    ];
  },
  columns: [
    { header: 'row_type', value: (r) => r.rowType },
    { header: 'rank', value: (r) => r.rank },
    { header: 'quartile_band', value: (r) => r.quartileBand },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name },
    { header: 'year', value: (r) => r.year },
    ...countColumns<RegionCsvRow>(),
    { header: 'numerator', value: (r) => r.numerator },
    { header: 'denominator', value: (r) => r.denominator },
    { header: 'share', value: (r) => r.share },
    sharePercentColumn<RegionCsvRow>((r) => r.share),
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'policy', value: (r) => r.policy },
    { header: 'published_percent', value: (r) => r.publishedPercent },
    ...shareTruthColumns<RegionCsvRow>(),
  ],
};
