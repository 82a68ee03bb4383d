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
  shareCsvFields,
  shareTruthColumns,
  shareValueColumns,
  type ShareCsvFields,
  type ShareResult,
} from '../shares.js';

/** regionComparison as CSV: the regions ranked, riket, then median and quartiles as rows. */

export interface RegionCsvRow extends ShareCsvFields {
  rowType: 'region' | 'nation' | 'statistic';
  rank?: number | null;
  quartileBand?: number | null;
  share: number | null;
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
    ...shareCsvFields(s),
    share: s.share,
    policy,
    publishedPercent: s.published?.percent ?? null,
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
    ...shareValueColumns<RegionCsvRow>(),
    { header: 'missing_reason', value: (r) => r.missingReason },
    { header: 'policy', value: (r) => r.policy },
    { header: 'published_percent', value: (r) => r.publishedPercent },
    ...shareTruthColumns<RegionCsvRow>(),
  ],
};
