import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import type { DenominatorPolicy } from '../types/routine-enums.type.js';
import type { RegionComparison } from '../types/routine-results.type.js';
import {
  CURRENT,
  checkYear,
  latestCte,
  QUESTION_COLUMNS,
  sharesCte,
  preparedStatement,
  queryPrepared,
  SqlParams,
  toQuestion,
  toShare,
} from './routine-sql.js';

export interface RegionComparisonInput {
  question: string;
  year: number;
  denominator: DenominatorPolicy;
}

/**
 * The 21 regions side by side, in one statement: shares per region and for riket, RANK() over
 * the regions with a whole share (ties share a rank; regions without a share, or covered only in
 * part by the releases, are unranked), percentile_cont median and quartiles over those shares,
 * and each region's quartile band.
 */
export async function regionComparison(db: EntityManager, input: RegionComparisonInput): Promise<RegionComparison> {
  checkYear(input.year);
  const p = new SqlParams();
  const question = p.add(input.question);
  const year = p.add(input.year);
  const policy = p.add(input.denominator);
  const asOf = CURRENT;
  const statement = preparedStatement(
    'regionComparison',
    () => `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    ${latestCte(asOf, question)},
    share_keys AS (
      SELECT 'REGION' AS scope_kind, rg.region_code::text AS scope_code, q.question_code, ${year}::int AS year FROM q CROSS JOIN region rg
      UNION ALL
      SELECT 'NATION', '00', q.question_code, ${year}::int FROM q
    ),
    ${sharesCte(policy, asOf, 'stored')},
    -- Only whole shares are ranked: a region without a share, or one a release covers only in
    -- part, is unranked and left out of the median and quartiles.
    ranked AS (
      SELECT s.*, CASE WHEN s.share IS NOT NULL AND NOT s.is_partial
        THEN (rank() OVER (PARTITION BY s.share IS NOT NULL AND NOT s.is_partial ORDER BY s.share DESC))::int END AS rank
      FROM shares s WHERE s.scope_kind = 'REGION'
    ),
    stats AS (
      SELECT count(*)::int AS ranked_regions,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY share) AS median,
        percentile_cont(0.25) WITHIN GROUP (ORDER BY share) AS lower_quartile,
        percentile_cont(0.75) WITHIN GROUP (ORDER BY share) AS upper_quartile
      FROM ranked WHERE rank IS NOT NULL
    ),
    result AS (
      SELECT rk.*, CASE WHEN rk.rank IS NULL THEN NULL
        WHEN rk.share >= st.upper_quartile THEN 1 WHEN rk.share >= st.median THEN 2
        WHEN rk.share >= st.lower_quartile THEN 3 ELSE 4 END AS quartile_band
      FROM ranked rk CROSS JOIN stats st
      UNION ALL
      SELECT s.*, NULL::int, NULL::int FROM shares s WHERE s.scope_kind = 'NATION'
    )
    SELECT ${QUESTION_COLUMNS}, st.*, x.*
    FROM (SELECT 1) one
    LEFT JOIN q ON true
    CROSS JOIN stats st
    LEFT JOIN result x ON true
    ORDER BY x.scope_kind = 'NATION', x.rank NULLS LAST, x.scope_name`,
  );
  const rows = await queryPrepared(db, statement, p.values);
  const first = rows[0]!;
  if (first['q_code'] === null) throw new NotFoundError('question', input.question);
  const regions = rows.filter((r) => r['scope_kind'] === 'REGION');
  const nation = rows.find((r) => r['scope_kind'] === 'NATION')!;
  const stat = (key: string) => (first[key] === null ? null : Number(first[key]));
  const median = stat('median');
  const lowerQuartile = stat('lower_quartile');
  const upperQuartile = stat('upper_quartile');
  return {
    question: toQuestion(first),
    year: input.year,
    policy: input.denominator,
    regions: regions.map((r) => ({
      share: toShare(r, input.denominator),
      rank: r['rank'] === null ? null : Number(r['rank']),
      quartileBand: r['quartile_band'] === null ? null : Number(r['quartile_band']),
    })),
    nation: toShare(nation, input.denominator),
    rankedRegions: Number(first['ranked_regions']),
    median,
    lowerQuartile,
    upperQuartile,
    interquartileRange: lowerQuartile === null || upperQuartile === null ? null : upperQuartile - lowerQuartile,
  };
}
