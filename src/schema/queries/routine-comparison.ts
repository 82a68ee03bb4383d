import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import {
  ComparisonOrder,
  MissingReason,
  type Answer,
  type DenominatorPolicy,
  type RoutineUnitKind,
} from '../types/routine-enums.type.js';
import type { RoutineComparison, RoutineComparisonRow } from '../types/routine-results.type.js';
import type { RoutineUnit } from '../types/routine-share.type.js';
import { Kommungrupp, Region } from '../../entities/index.js';
import {
  asOfPlaceholder,
  answerOrder,
  answersAsOf,
  checkYear,
  frameAsOf,
  latestCte,
  normaliseScope,
  QUESTION_COLUMNS,
  scopeName,
  scopeNotFound,
  sharesCte,
  preparedStatement,
  queryPrepared,
  SqlParams,
  toQuestion,
  provenanceColumns,
  runPublicationsCte,
  toProvenance,
  toShare,
  unitAnswer,
  type Row,
  publishedShape,
  sourcedShape,
  detailShape,
  type ShareDetail,
  asJson,
  jsonRow,
} from './routine-sql.js';
import { ScopeKind } from '../types/routine-enums.type.js';

export interface RoutineComparisonInput {
  question: string;
  year: number;
  scope: { kind: ScopeKind; code?: string | null };
  denominator: DenominatorPolicy;
  orderBy: ComparisonOrder;
  asOf?: Date | null;
  /** Whether the request selects a Share's published figure (PUBLISHED_SHARE_FIELDS); default true. */
  published?: boolean;
  /** Whether the request selects a row's `provenance`; default true. Without it the rows leave it out (null). */
  provenance?: boolean;
  /** How much of each share row the request reads (ShareDetail); default 'full'. */
  detail?: ShareDetail;
}

const ORDER: Record<ComparisonOrder, string> = {
  [ComparisonOrder.NAME]: 'u.name, u.unit_code',
  [ComparisonOrder.ANSWER]: `${answerOrder('c.answer')} NULLS LAST, u.name, u.unit_code`,
  [ComparisonOrder.REGION]: 'r.name, u.name, u.unit_code',
};

/**
 * Every unit of a scope for one question and year, with last survey year's answer, the
 * scope's share and its reference shares. One statement, so the rows and the shares come
 * from one snapshot even while an ingest commits (two statements on two connections could
 * straddle a commit). The units come back as plain rows in their SQL order: building 304
 * JSON objects cost Postgres more than reading the rows (4 ms of the national comparison's
 * 8). The question, the shares (a few rows) and the regions and kommungrupper the rows name
 * ride on the first row only, as one JSON column (asJson), so each is sent and decoded once.
 * The `rows` field pages the rows (a scope holds at most 290 municipalities and their districts).
 */
export async function routineComparison(db: EntityManager, input: RoutineComparisonInput): Promise<RoutineComparison> {
  checkYear(input.year);
  const scope = normaliseScope(input.scope);
  const p = new SqlParams();
  const params: ComparisonParams = {
    question: p.add(input.question),
    year: p.add(input.year),
    kind: p.add(scope.kind),
    code: p.add(scope.code),
    asOf: asOfPlaceholder(p, input.asOf),
  };
  const counts = input.asOf ? 'counted' : 'stored';
  const scopeShape = scope.kind === ScopeKind.NATION ? 'nation' : 'units';
  const statement = preparedStatement(
    `comparison:${counts}:${scopeShape}:${input.orderBy}${publishedShape(input.published)}${sourcedShape(input.provenance)}${detailShape(input.detail)}`,
    () => `WITH head AS MATERIALIZED (SELECT ${QUESTION_COLUMNS}, ${scopeName(params.kind, params.code)} AS found_scope_name,
      (SELECT coalesce(json_agg(y ORDER BY y.ord), '[]'::json)
        FROM (${comparisonShares(params, counts, input.published !== false, input.detail)}) y) AS share_rows,
      json_build_object(
        'regions', (SELECT json_agg(json_build_array(r.region_code, r.name, r.region_name, r.kolada_id)) FROM region r),
        'groups', (SELECT json_agg(json_build_array(g.kommungrupp_code, g.name, g.classification)) FROM kommungrupp g)
      ) AS places
      FROM (SELECT 1) one LEFT JOIN question q ON q.question_code = ${params.question})
    SELECT ${asJson('h', 'head')}, x.*
    FROM (SELECT 1) one
    LEFT JOIN (${comparisonRows({ orderBy: input.orderBy, scope: scope.kind, counts, provenance: input.provenance !== false }, params)}) x ON true
    LEFT JOIN head h ON x.ord IS NULL OR x.ord = 1
    ORDER BY x.ord`,
  );
  const rows = await queryPrepared(db, statement, p.values);
  const unitRows = rows[0]!['ord'] === null ? [] : rows;
  const head = jsonRow(rows[0]!, 'head')!;
  if (head['q_code'] === null) throw new NotFoundError('question', input.question);
  if (head['found_scope_name'] === null) throw scopeNotFound(scope);
  const shareRows = head['share_rows'] as Row[];
  const shares = shareRows.map((r) => toShare(r, input.denominator));
  const summary = shares[0]!;
  // A unit outside every frame was not collected, even where the scope's share exists (a regional release).
  const uncollected =
    summary.missingReason === MissingReason.NOT_YET_PUBLISHED
      ? MissingReason.NOT_YET_PUBLISHED
      : MissingReason.NOT_COLLECTED;
  const unitOf = unitsFrom(head['places'] as Places);
  const allRows: RoutineComparisonRow[] = unitRows.map((r) => {
    const current = unitAnswer(r['answer'], r['in_frame'] === true, uncollected);
    const previousYear = r['prev_year'] === null ? null : Number(r['prev_year']);
    const previousAnswer =
      previousYear === null || r['prev_in_frame'] !== true
        ? null
        : ((r['prev_answer'] as Answer | null) ?? 'NO_RESPONSE');
    return {
      unit: unitOf(r),
      ...current,
      rawValue: (r['raw_value'] as string | null) ?? null,
      provenance: input.provenance === false ? null : toProvenance(r, current.answer),
      previousYear,
      previousAnswer,
      changed: previousAnswer === null || current.answer === null ? null : previousAnswer !== current.answer,
    };
  });
  return {
    question: toQuestion(head),
    year: input.year,
    scope: summary.scope,
    summary,
    references: shares.slice(1),
    allRows,
  };
}

/** Regions [code, name, regionName, koladaId] and kommungrupper [code, name, classification]. */
interface Places {
  regions: [string, string, string, string][] | null;
  groups: [string, string, string][] | null;
}

/**
 * Units of the rows (columns of UNIT_ROW_COLUMNS), each region and kommungrupp one object
 * shared by its rows, as toRoutineUnit would build them.
 */
function unitsFrom(places: Places): (row: Row) => RoutineUnit {
  const regions = new Map(
    (places.regions ?? []).map(([regionCode, name, regionName, koladaId]) => [
      regionCode,
      Object.assign(new Region(), { regionCode, name, regionName, koladaId }),
    ]),
  );
  const groups = new Map(
    (places.groups ?? []).map(([kommungruppCode, name, classification]) => [
      kommungruppCode,
      Object.assign(new Kommungrupp(), { kommungruppCode, name, classification }),
    ]),
  );
  return (row) => ({
    code: String(row['unit_code']),
    name: String(row['unit_name']),
    kind: row['unit_kind'] as RoutineUnitKind,
    municipalityCode: (row['municipality_code'] as string | null) ?? null,
    region: regions.get(row['region_code'] as string) ?? null,
    kommungrupp: groups.get(row['kommungrupp_code'] as string) ?? null,
  });
}

/** A unit's columns in the rows part; its region and kommungrupp by code only (see unitsFrom). */
const UNIT_ROW_COLUMNS = `u.unit_code, u.unit_kind, u.name AS unit_name, u.municipality_code, u.region_code, u.kommungrupp_code`;

/** Placeholders of the statement's parameters, shared by its two parts. */
export interface ComparisonParams {
  question: string;
  year: string;
  kind: string;
  code: string;
  asOf: string;
}

/**
 * The unit rows part (column `ord` holds the requested order), set-based: the answers of the
 * two years shown (as of `asOf`; NULL = now) are gathered once and hash-joined to the units,
 * frame membership of each year is one hashed set, and the publications of the year's runs
 * one small set; nothing is looked up per unit row. Without `provenance` (not selected) the
 * rows carry no source location and the publications are not read.
 */
export function comparisonRows(
  input: { orderBy: ComparisonOrder; scope: ScopeKind; counts: 'stored' | 'counted'; provenance: boolean },
  { question, year, kind, code, asOf }: ComparisonParams,
): string {
  // The previous collected year first, so only the two years shown are read: the year's
  // answers whole, the previous year's answer alone. Riket reads the question's two years by
  // index range; a region or kommungrupp passes its units as one array, so its answers of both
  // years and its frame rows are read by key (routine_answer_natural_key, keyed question, year,
  // unit; release_frame_unit_pkey) rather than the whole country's: a statement text per kind.
  // (The previous year read whole, 304 entries, cost a region's comparison 0.18 ms of 1.2.)
  const years = `(${year}::int, (SELECT year FROM prev))`;
  const ofScope = (unit: string) =>
    input.scope === ScopeKind.NATION ? '' : `AND ${unit} = ANY (ARRAY(SELECT unit_code FROM scope_units))`;
  // Whether unit u (or, for a district, its municipality) lies in a frame of the year: one
  // hashed set of the frames' units, read from the frames' keys without sorting or DISTINCT.
  // A year whose share of the scope is whole (every municipality in a frame, in the stored
  // counts) has every unit of the scope in a frame: the frames are then not read (a hashed
  // subplan is built on its first use). As of an instant, the frames are always read.
  const whole = (y: string) =>
    input.counts === 'stored'
      ? `EXISTS (SELECT 1 FROM routine_scope_count wc JOIN routine_scope ws ON ws.scope_kind = wc.scope_kind AND ws.scope_code = wc.scope_code
          WHERE wc.question_code = ${question} AND wc.year = ${y} AND wc.scope_kind = ${kind}::text AND wc.scope_code = ${code}::text
            AND wc.units_in_frame = ws.units)`
      : 'false';
  const inFrames = (frameYear: string, isWhole: string) => {
    const units = `SELECT fu.unit_code FROM release_frame_unit fu
      WHERE fu.frame_id IN (SELECT id FROM frames WHERE year = ${frameYear}) ${ofScope('fu.unit_code')}`;
    return `(${isWhole} OR u.unit_code IN (${units}) OR u.municipality_code IN (${units}))`;
  };
  return `WITH prev AS MATERIALIZED (SELECT max(f.year) AS year FROM release_frame f
      JOIN release_frame_question pq ON pq.frame_id = f.id AND pq.question_code = ${question}
      WHERE f.year < ${year}::int AND ${frameAsOf(asOf)}),
    scope_units AS MATERIALIZED (
      SELECT u.* FROM reporting_unit u
      WHERE u.unit_kind IN ('MUNICIPALITY', 'DISTRICT') AND ${scopeHolds(kind, code)}),
    ans AS MATERIALIZED (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year = ${year}::int ${ofScope(`${a}.unit_code`)}`, input.provenance ? 'shown' : 'valued')}),
    prev_ans AS MATERIALIZED (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year = (SELECT year FROM prev) ${ofScope(`${a}.unit_code`)}`, 'answer')}),
    frames AS MATERIALIZED (
      SELECT f.id, f.year FROM release_frame_question fq
      JOIN release_frame f ON f.id = fq.frame_id AND f.year IN ${years} AND ${frameAsOf(asOf)}
      WHERE fq.question_code = ${question}),
    ${input.provenance ? `${runPublicationsCte('pubs', year)},` : ''}
    whole AS MATERIALIZED (SELECT ${whole(`${year}::int`)} AS cur, ${whole('(SELECT year FROM prev)')} AS prev)
    SELECT ${UNIT_ROW_COLUMNS}, c.answer, c.raw_value, prev.year AS prev_year, pa.answer AS prev_answer,
      ${inFrames(`${year}::int`, 'w.cur')} AS in_frame,
      ${inFrames('(SELECT year FROM prev)', 'w.prev')} AS prev_in_frame,
      ${input.provenance ? `${provenanceColumns('c', 'pv')},` : ''}
      row_number() OVER (ORDER BY ${ORDER[input.orderBy]}) AS ord
    FROM scope_units u
    CROSS JOIN prev
    CROSS JOIN whole w
    LEFT JOIN ans c ON c.unit_code = u.unit_code AND c.year = ${year}::int
    LEFT JOIN prev_ans pa ON pa.unit_code = u.unit_code
    ${input.provenance ? 'LEFT JOIN pubs pv_pub ON pv_pub.run_id = c.ingest_run_id' : ''}
    -- For ORDER BY region name only.
    LEFT JOIN region r ON r.region_code = u.region_code
    -- Every municipality; a district where it answered (a row of its own only then).
    WHERE u.unit_kind = 'MUNICIPALITY' OR c.unit_code IS NOT NULL`;
}

/**
 * SQL: whether unit `u` lies in the scope, as inScope says, written as one CASE. The generic
 * plan of a prepared statement cannot see the parameters, and estimates inScope's three-way OR
 * at about 2 of 326 units, then nested-loops 304 units over the answers (92 k comparisons for
 * riket); a CASE is estimated at half the units, so the answers are hash-joined.
 */
function scopeHolds(kind: string, code: string): string {
  return `CASE ${kind}::text WHEN 'NATION' THEN true WHEN 'REGION' THEN u.region_code = ${code}::text
      WHEN 'KOMMUNGRUPP' THEN u.kommungrupp_code = ${code}::text ELSE false END`;
}

/**
 * The shares part: the scope's share first, then its references (regions or kommungrupper by
 * code), riket last. `counts`: see sharesCte (the stored counts now, counted as of an instant).
 */
export function comparisonShares(
  { question, year, kind, code, asOf }: ComparisonParams,
  counts: 'stored' | 'counted',
  published = true,
  detail: ShareDetail = 'full',
): string {
  const ans =
    counts === 'counted'
      ? `ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year = ${year}::int`, 'counted')}),`
      : '';
  return `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    ${ans}
    ${latestCte(asOf, question)},
    share_keys AS (
      SELECT ${kind}::text AS scope_kind, ${code}::text AS scope_code, q.question_code, ${year}::int AS year FROM q
      UNION
      SELECT 'KOMMUNGRUPP', m.kommungrupp_code, q.question_code, ${year}::int FROM q
        JOIN reporting_unit m ON m.unit_kind = 'MUNICIPALITY' AND ${kind}::text = 'REGION' AND m.region_code = ${code}::text
      UNION
      SELECT 'REGION', m.region_code, q.question_code, ${year}::int FROM q
        JOIN reporting_unit m ON m.unit_kind = 'MUNICIPALITY' AND ${kind}::text = 'KOMMUNGRUPP' AND m.kommungrupp_code = ${code}::text
      UNION
      SELECT 'NATION', '00', q.question_code, ${year}::int FROM q WHERE ${kind}::text <> 'NATION'
    ),
    ${sharesCte(asOf, counts, published, detail)}
    SELECT s.*,
      row_number() OVER (ORDER BY (s.scope_kind = ${kind}::text AND s.scope_code = ${code}::text) DESC, s.scope_kind = 'NATION', s.scope_code) AS ord
    FROM shares s`;
}
