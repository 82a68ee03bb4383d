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
  publishedShape,
  detailShape,
  type ShareDetail,
  asJson,
  jsonRow,
} from './routine-sql.js';

export interface RegionComparisonInput {
  question: string;
  year: number;
  denominator: DenominatorPolicy;
  /** Whether the request selects a Share's published figure (PUBLISHED_SHARE_FIELDS); default true. */
  published?: boolean;
  /** How much of each share row the request reads (ShareDetail); default 'full'. */
  detail?: ShareDetail;
}

/**
 * The 21 regions side by side: shares per region and for riket in one statement (ordered by
 * scope name in its collation), then ranked here: RANK() over the regions with a whole share
 * (ties share a rank; regions without a share, or covered only in part by the releases, are
 * unranked), percentile_cont median and quartiles over those shares, and each region's
 * quartile band. Ranking 21 numbers in node costs less than a window and an ordered-set
 * aggregate in the statement, and reads the shares toShare computed.
 */
export async function regionComparison(db: EntityManager, input: RegionComparisonInput): Promise<RegionComparison> {
  checkYear(input.year);
  const p = new SqlParams();
  const question = p.add(input.question);
  const year = p.add(input.year);
  const asOf = CURRENT;
  // The regions are ordered by name: a share row carries at least its scope's name.
  const detail = input.detail === 'counts' ? 'named' : input.detail;
  const statement = preparedStatement(
    `regionComparison${publishedShape(input.published)}${detailShape(detail)}`,
    () => `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    ${latestCte(asOf, question)},
    share_keys AS (
      SELECT 'REGION' AS scope_kind, rg.region_code::text AS scope_code, q.question_code, ${year}::int AS year FROM q CROSS JOIN region rg
      UNION ALL
      SELECT 'NATION', '00', q.question_code, ${year}::int FROM q
    ),
    ${sharesCte(asOf, 'stored', input.published !== false, detail)},
    -- The regions by name in the database's (Swedish) collation, riket last.
    body AS (SELECT x.*, row_number() OVER (ORDER BY x.scope_kind = 'NATION', x.scope_name) AS rn FROM shares x)
    -- The question goes out on the first row only, as one JSON column (asJson). A missing question
    -- leaves no shares and no question: one row of NULLs → NOT_FOUND.
    SELECT ${asJson('h', 'question')}, b.*
    FROM (SELECT 1) one
    LEFT JOIN body b ON true
    LEFT JOIN (SELECT ${QUESTION_COLUMNS} FROM q) h ON b.rn IS NULL OR b.rn = 1
    ORDER BY b.rn`,
  );
  const rows = await queryPrepared(db, statement, p.values);
  const asked = jsonRow(rows[0]!, 'question');
  if (asked === null) throw new NotFoundError('question', input.question);
  const regions = rows.filter((r) => r['scope_kind'] === 'REGION').map((r) => toShare(r, input.denominator));
  const nation = toShare(
    rows.find((r) => r['scope_kind'] === 'NATION')!,
    input.denominator,
  );
  // Only whole shares are ranked: a region without a share, or one a release covers only in
  // part, is unranked and left out of the median and quartiles.
  const ranked = regions
    .filter((s) => s.share !== null && !s.coverage.partial)
    .map((s) => s.share!)
    .sort((a, b) => a - b);
  const median = percentileCont(ranked, 0.5);
  const lowerQuartile = percentileCont(ranked, 0.25);
  const upperQuartile = percentileCont(ranked, 0.75);
  const rankOf = (s: number) => 1 + ranked.length - upperBound(ranked, s);
  const out = regions.map((share) => {
    const rank = share.share !== null && !share.coverage.partial ? rankOf(share.share) : null;
    const v = share.share!;
    const quartileBand =
      rank === null ? null : v >= upperQuartile! ? 1 : v >= median! ? 2 : v >= lowerQuartile! ? 3 : 4;
    return { share, rank, quartileBand };
  });
  // Ranked first, by rank; the rows come ordered by name, and the sort is stable.
  out.sort((a, b) => (a.rank === b.rank ? 0 : a.rank === null ? 1 : b.rank === null ? -1 : a.rank - b.rank));
  return {
    question: toQuestion(asked),
    year: input.year,
    policy: input.denominator,
    regions: out,
    nation,
    rankedRegions: ranked.length,
    median,
    lowerQuartile,
    upperQuartile,
    interquartileRange: lowerQuartile === null || upperQuartile === null ? null : upperQuartile - lowerQuartile,
  };
}

/** How many of the ascending `sorted` are ≤ `value`. */
function upperBound(sorted: number[], value: number): number {
  let n = 0;
  while (n < sorted.length && sorted[n]! <= value) n++;
  return n;
}

/**
 * PostgreSQL's percentile_cont over the ascending `sorted` (NULL → null when empty): the value
 * at fractional position fraction · (n − 1), interpolated as lo + (hi − lo) · proportion, so
 * the float8 result is the one the SQL aggregate gave.
 */
export function percentileCont(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const position = fraction * (sorted.length - 1);
  const first = Math.floor(position);
  const second = Math.ceil(position);
  const lo = sorted[first]!;
  if (first === second) return lo;
  return lo + (sorted[second]! - lo) * (position - first);
}
