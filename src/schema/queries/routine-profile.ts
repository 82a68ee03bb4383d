import type { EntityManager } from 'typeorm';
import { ServiceArea } from '../../entities/index.js';
import { NotFoundError } from '../errors.js';
import type { DenominatorPolicy } from '../types/routine-enums.type.js';
import type { RoutineProfile, RoutineProfileArea } from '../types/routine-results.type.js';
import {
  asOfPlaceholder,
  answersAsOf,
  checkYear,
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

export interface RoutineProfileInput {
  unit: string;
  year: number;
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
 * One unit across every routine question that has ever been answered, grouped by service area:
 * a municipality or district with its own answer beside its region, kommungrupp and riket; a
 * region or riket with its municipalities' shares and its own answer (NOT_ASKED on a question
 * asked of municipalities only). One statement.
 */
export async function routineProfile(db: EntityManager, input: RoutineProfileInput): Promise<RoutineProfile> {
  checkYear(input.year);
  const p = new SqlParams();
  const unit = p.add(input.unit);
  const year = p.add(input.year);
  const asOf = asOfPlaceholder(p, input.asOf);
  const counts = input.asOf ? 'counted' : 'stored';
  const sourced = input.provenance !== false;
  const statement = preparedStatement(
    `profile:${counts}${publishedShape(input.published)}${sourcedShape(input.provenance)}${detailShape(input.detail)}`,
    () => `WITH target AS (SELECT * FROM reporting_unit WHERE unit_code = ${unit}),
    qs AS (SELECT qq.question_code FROM question qq
      WHERE EXISTS (SELECT 1 FROM routine_answer ra WHERE ra.question_code = qq.question_code)),
    -- The unit's own answers (one index range). The current shares come from the stored counts;
    -- as of an instant, they are counted from every unit's answers (narrow rows, no provenance).
    own_ans AS (${answersAsOf(asOf, (a) => `${a}.unit_code = ${unit} AND ${a}.year = ${year}::int`, sourced ? 'shown' : 'valued')}),
    ${
      counts === 'counted'
        ? `ans AS (${answersAsOf(asOf, (a) => `${a}.year = ${year}::int AND ${a}.question_code IN (SELECT question_code FROM qs)`, 'counted')}),`
        : ''
    }
    ${latestCte(asOf, 'SELECT question_code FROM qs')},
    -- A municipality or district beside its region, kommungrupp and riket; a region beside riket
    -- (its own share is the REGION row); riket alone.
    share_keys AS (
      SELECT k.scope_kind, k.scope_code, qs.question_code, ${year}::int AS year
      FROM target t CROSS JOIN qs
      CROSS JOIN LATERAL (VALUES ('REGION', t.region_code::text), ('KOMMUNGRUPP', t.kommungrupp_code::text), ('NATION', '00')) k(scope_kind, scope_code)
      WHERE k.scope_code IS NOT NULL
    ),
    ${sharesCte(asOf, counts, input.published !== false, input.detail)},
    -- The unit's own answers with their provenance, picked out once (not per share row).
    own AS MATERIALIZED (SELECT a.question_code, a.year, a.answer, a.raw_value${sourced ? `, ${provenanceColumns('a', 'pv')}` : ''}
      FROM own_ans a ${sourced ? provenanceJoin('a', 'pv') : ''}),
    ${unitFramesCte('unit_frames', unit, asOf, { year })},
    -- The unit goes out on the first row only, as one JSON column (asJson); a missing unit leaves
    -- no shares: the one row of NULLs → NOT_FOUND. Likewise the question and its area's name (one
    -- JSON column) and the unit's own answer with its provenance go out on the first of the
    -- question's rows (one per scope), where the mapper reads them; its area's code and the
    -- share go out on every row.
    head AS MATERIALIZED (SELECT ${UNIT_COLUMNS} FROM (SELECT 1) one LEFT JOIN target u ON true ${UNIT_JOINS}),
    body AS (SELECT sa.area_code AS sa_code, s.*,
        row_number() OVER w AS rn,
        -- In the same window as rn: one sort, not two.
        s.question_code IS DISTINCT FROM lag(s.question_code) OVER w AS question_head
      FROM shares s
      LEFT JOIN question q ON q.question_code = s.question_code
      LEFT JOIN service_area sa ON sa.area_code = q.area_code
      WINDOW w AS (ORDER BY sa.sort_order NULLS LAST, q.question_code, s.scope_kind))
    SELECT ${asJson('h', 'head')}, b.*, ${asJson('qh', 'qh')}, own.answer AS unit_answer, own.raw_value AS unit_raw_value,
      CASE WHEN b.question_head THEN ${unitInFrame('b')} END AS unit_in_frame${
        sourced
          ? `,
      ${provenanceColumnsOf('own', 'pv')}`
          : ''
      }
    FROM (SELECT 1) one
    LEFT JOIN body b ON true
    LEFT JOIN LATERAL (SELECT ${QUESTION_COLUMNS}, sa.name AS sa_name, sa.sort_order AS sa_sort_order
      FROM question q LEFT JOIN service_area sa ON sa.area_code = q.area_code
      WHERE q.question_code = b.question_code AND b.question_head) qh ON true
    LEFT JOIN own ON own.question_code = b.question_code AND own.year = b.year AND b.question_head
    LEFT JOIN head h ON b.rn IS NULL OR b.rn = 1
    ORDER BY b.rn`,
  );
  const rows = await queryPrepared(db, statement, p.values);
  const first = jsonRow(rows[0]!, 'head')!;
  if (first['unit_code'] === null) throw new NotFoundError('unit', input.unit);
  const kind = String(first['unit_kind']);
  const areas: RoutineProfileArea[] = [];
  for (const areaRows of groupBy(
    rows.filter((r) => r['question_code'] !== null),
    (r) => r['sa_code'] as string | null,
  ).values()) {
    const head = areaRows[0]!;
    const headQuestion = jsonRow(head, 'qh')!;
    const area =
      head['sa_code'] === null
        ? null
        : Object.assign(new ServiceArea(), {
            areaCode: head['sa_code'] as string,
            name: String(headQuestion['sa_name']),
            sortOrder: Number(headQuestion['sa_sort_order']),
          });
    const items = [...groupBy(areaRows, (r) => String(r['question_code'])).values()].map((qRows) => {
      const byKind = new Map(qRows.map((r) => [String(r['scope_kind']), toShare(r, input.denominator)]));
      const q = qRows[0]!;
      const question = jsonRow(q, 'qh')!;
      const own = ownAnswer(
        kind,
        String(question['q_asked_of']),
        q,
        byKind.get(String(q['scope_kind']))!.missingReason,
      );
      return {
        question: toQuestion(question),
        ...own,
        provenance: sourced ? own.provenance : null,
        rawValue: (q['unit_raw_value'] as string | null) ?? null,
        region: byKind.get('REGION') ?? null,
        kommungrupp: byKind.get('KOMMUNGRUPP') ?? null,
        nation: byKind.get('NATION')!,
      };
    });
    areas.push({ area, items });
  }
  return { unit: toRoutineUnit(first), year: input.year, policy: input.denominator, areas };
}
