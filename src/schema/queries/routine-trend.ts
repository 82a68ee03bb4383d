import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { RoutineUnitKind, type DenominatorPolicy } from '../types/routine-enums.type.js';
import type { RoutineTrend, RoutineTrendPoint } from '../types/routine-results.type.js';
import {
  asOfPlaceholder,
  answersAsOf,
  checkYearRange,
  groupBy,
  latestCte,
  ownAnswer,
  provenanceColumns,
  provenanceColumnsOf,
  provenanceJoin,
  QUESTION_COLUMNS,
  sharesCte,
  preparedStatement,
  queryPrepared,
  SqlParams,
  toQuestion,
  toRoutineUnit,
  toShare,
  UNIT_COLUMNS,
  UNIT_JOINS,
  unitFramesCte,
  unitInFrame,
  publishedShape,
  sourcedShape,
  detailShape,
  type ShareDetail,
  asJson,
  jsonRow,
} from './routine-sql.js';

export interface RoutineTrendInput {
  question: string;
  unit: string;
  fromYear: number;
  toYear: number;
  denominator: DenominatorPolicy;
  asOf?: Date | null;
  /** Whether the request selects a Share's published figure (PUBLISHED_SHARE_FIELDS); default true. */
  published?: boolean;
  /** Whether the request selects the unit's answers' `provenance`; default true. Without it, null. */
  provenance?: boolean;
  /** How much of each share row the request reads (ShareDetail); default 'full'. */
  detail?: ShareDetail;
}

/**
 * One unit's series for one question, dense over [fromYear, toYear], with its region's,
 * kommungrupp's and riket's shares per year. One SQL statement: the question and unit are
 * looked up in it too (a missing one comes back as a row of NULLs → NOT_FOUND).
 */
export async function routineTrend(db: EntityManager, input: RoutineTrendInput): Promise<RoutineTrend> {
  checkYearRange(input.fromYear, input.toYear);
  const p = new SqlParams();
  const question = p.add(input.question);
  const unit = p.add(input.unit);
  const from = p.add(input.fromYear);
  const to = p.add(input.toYear);
  const asOf = asOfPlaceholder(p, input.asOf);
  const counts = input.asOf ? 'counted' : 'stored';
  const sourced = input.provenance !== false;
  const statement = preparedStatement(
    `trend:${counts}${publishedShape(input.published)}${sourcedShape(input.provenance)}${detailShape(input.detail)}`,
    () => `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    target AS (
      SELECT t.unit_code, t.unit_kind, t.name, t.municipality_code, t.region_code::text AS region_code, t.kommungrupp_code
        FROM reporting_unit t WHERE t.unit_code = ${unit}
      UNION ALL
      SELECT k.kommungrupp_code, 'KOMMUNGRUPP', k.name, NULL, NULL, k.kommungrupp_code FROM kommungrupp k WHERE k.kommungrupp_code = ${unit}
    ),
    years AS (SELECT generate_series(${from}::int, ${to}::int) AS year),
    -- The unit's own answers: one index descent per year, the years given as an array (the key
    -- is question, year, unit: a range of years would read every unit's answers of each). The
    -- current shares come from the stored counts; as of an instant, they are counted from every
    -- unit's answers (narrow rows, no provenance).
    own_ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.unit_code = ${unit} AND ${a}.year = ANY (ARRAY(SELECT generate_series(${from}::int, ${to}::int)))`, sourced ? 'shown' : 'valued')}),
    ${
      counts === 'counted'
        ? `ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year BETWEEN ${from}::int AND ${to}::int`, 'counted')}),`
        : ''
    }
    ${latestCte(asOf, question)},
    share_keys AS (
      SELECT k.scope_kind, k.scope_code, q.question_code, y.year
      FROM target t CROSS JOIN q CROSS JOIN years y
      CROSS JOIN LATERAL (VALUES ('REGION', t.region_code), ('KOMMUNGRUPP', t.kommungrupp_code::text), ('NATION', '00')) k(scope_kind, scope_code)
      WHERE k.scope_code IS NOT NULL
    ),
    ${sharesCte(asOf, counts, input.published !== false, input.detail)},
    -- The unit's own answers with their provenance, picked out once (not per share row).
    own AS MATERIALIZED (SELECT a.year, a.answer, a.raw_value${sourced ? `, ${provenanceColumns('a', 'pv')}` : ''}
      FROM own_ans a JOIN target t ON t.unit_code = a.unit_code ${sourced ? provenanceJoin('a', 'pv') : ''}
      WHERE t.unit_kind <> 'KOMMUNGRUPP'),
    ${unitFramesCte('unit_frames', unit, asOf, { question, from, to })},
    -- The question and unit go out on the first row only, as one JSON column (asJson). A missing
    -- question or unit leaves no shares: the one row of NULLs → NOT_FOUND.
    head AS MATERIALIZED (SELECT ${QUESTION_COLUMNS}, ${UNIT_COLUMNS}
      FROM (SELECT 1) one
      LEFT JOIN q ON true
      LEFT JOIN target u ON true
      ${UNIT_JOINS}),
    body AS (SELECT s.*, own.answer AS unit_answer, own.raw_value AS unit_raw_value,
        ${unitInFrame('s')} AS unit_in_frame, ${sourced ? `${provenanceColumnsOf('own', 'pv')},` : ''}
        row_number() OVER (ORDER BY s.year, s.scope_kind) AS rn
      FROM shares s LEFT JOIN own ON own.year = s.year)
    SELECT ${asJson('h', 'head')}, b.*
    FROM (SELECT 1) one
    LEFT JOIN body b ON true
    LEFT JOIN head h ON b.rn IS NULL OR b.rn = 1
    ORDER BY b.rn`,
  );
  const rows = await queryPrepared(db, statement, p.values);
  const first = jsonRow(rows[0]!, 'head')!;
  if (first['q_code'] === null) throw new NotFoundError('question', input.question);
  if (first['unit_code'] === null) throw new NotFoundError('unit', input.unit);
  const target = toRoutineUnit(first);
  const askedOf = String(first['q_asked_of']);
  const points: RoutineTrendPoint[] = [];
  for (const [year, yearRows] of groupBy(rows, (r) => Number(r['year']))) {
    const byKind = new Map(yearRows.map((r) => [String(r['scope_kind']), toShare(r, input.denominator)]));
    const nation = byKind.get('NATION')!;
    const head = yearRows[0]!;
    const own = ownAnswer(target.kind, askedOf, head, byKind.get(String(head['scope_kind']))!.missingReason);
    points.push({
      year,
      answer: own.answer,
      missingReason: own.missingReason,
      rawValue: (head['unit_raw_value'] as string | null) ?? null,
      provenance: sourced ? own.provenance : null,
      share:
        target.kind === RoutineUnitKind.REGION
          ? byKind.get('REGION')!
          : target.kind === RoutineUnitKind.KOMMUNGRUPP
            ? byKind.get('KOMMUNGRUPP')!
            : target.kind === RoutineUnitKind.NATION
              ? nation
              : null,
      region: byKind.get('REGION') ?? null,
      kommungrupp: byKind.get('KOMMUNGRUPP') ?? null,
      nation,
    });
  }
  return { question: toQuestion(first), unit: target, policy: input.denominator, points };
}
