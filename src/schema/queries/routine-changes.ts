import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { MissingReason, type Answer, type ScopeKind } from '../types/routine-enums.type.js';
import type { RoutineChanges, RoutineTransition } from '../types/routine-results.type.js';
import {
  answerOrder,
  answersAsOf,
  anyFrame,
  checkYearRange,
  groupBy,
  inFrame,
  inScope,
  latestCte,
  normaliseScope,
  QUESTION_COLUMNS,
  scopeName,
  scopeNotFound,
  SqlParams,
  toQuestion,
  toRoutineUnit,
  UNIT_COLUMNS,
  UNIT_JOINS,
  type Row,
} from './routine-sql.js';

export interface RoutineChangesInput {
  question: string;
  fromYear: number;
  toYear: number;
  scope: { kind: ScopeKind; code?: string | null };
}

/**
 * Units whose answer in toYear differs from their answer in fromYear, grouped by transition
 * (no row in a release that covers the unit counts as NO_RESPONSE). Counted: the scope's
 * municipalities that releases cover in both years; its districts with a row in either year are
 * listed beside each transition but not counted (the same rule as every share). One statement.
 */
export async function routineChanges(db: EntityManager, input: RoutineChangesInput): Promise<RoutineChanges> {
  checkYearRange(input.fromYear, input.toYear, true);
  const scope = normaliseScope(input.scope);
  const p = new SqlParams();
  const question = p.add(input.question);
  const from = p.add(input.fromYear);
  const to = p.add(input.toYear);
  const kind = p.add(scope.kind);
  const code = p.add(scope.code);
  const asOf = p.add(null);
  const rows: Row[] = await db.query(
    `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year IN (${from}::int, ${to}::int)`)}),
    ${latestCte(asOf, question)},
    coll AS (SELECT ${anyFrame(question, `${from}::int`, asOf)} AS from_collected, ${anyFrame(question, `${to}::int`, asOf)} AS to_collected),
    -- Compared: the scope's municipalities that releases cover in both years, and its districts
    -- that answered in either year (rows of their own, never counted: one rule with the shares).
    candidates AS (
      SELECT u.unit_code, u.unit_kind,
        ${inFrame(question, `${from}::int`, asOf)} AND ${inFrame(question, `${to}::int`, asOf)} AS in_frames
      FROM reporting_unit u
      WHERE u.unit_kind IN ('MUNICIPALITY', 'DISTRICT') AND ${inScope(kind, code)}
        AND (u.unit_kind = 'MUNICIPALITY' OR EXISTS (SELECT 1 FROM ans x WHERE x.unit_code = u.unit_code))
    ),
    pairs AS (
      SELECT un.unit_code, un.unit_kind, coalesce(f.answer, 'NO_RESPONSE') AS from_answer, coalesce(t.answer, 'NO_RESPONSE') AS to_answer
      FROM candidates un
      LEFT JOIN ans f ON f.unit_code = un.unit_code AND f.year = ${from}::int
      LEFT JOIN ans t ON t.unit_code = un.unit_code AND t.year = ${to}::int
      WHERE un.in_frames
    ),
    transitions AS (
      SELECT pr.from_answer, pr.to_answer, count(*) FILTER (WHERE pr.unit_kind = 'MUNICIPALITY')::int AS n
      FROM pairs pr WHERE pr.from_answer <> pr.to_answer GROUP BY 1, 2
    )
    SELECT ${QUESTION_COLUMNS}, ${scopeName(kind, code)} AS found_scope_name, coll.from_collected, coll.to_collected,
      (SELECT lt.latest_year FROM latest lt) AS latest_year,
      (SELECT count(*)::int FROM pairs WHERE unit_kind = 'MUNICIPALITY') AS units_compared,
      (SELECT count(*)::int FROM pairs WHERE unit_kind = 'MUNICIPALITY' AND from_answer = to_answer) AS unchanged,
      (SELECT count(*)::int FROM candidates WHERE unit_kind = 'MUNICIPALITY' AND NOT in_frames) AS not_collected,
      tr.from_answer, tr.to_answer, tr.n, ${UNIT_COLUMNS}
    FROM (SELECT 1) one
    LEFT JOIN q ON true
    CROSS JOIN coll
    LEFT JOIN (transitions tr JOIN pairs pr ON pr.from_answer = tr.from_answer AND pr.to_answer = tr.to_answer)
      ON coll.from_collected AND coll.to_collected
    LEFT JOIN reporting_unit u ON u.unit_code = pr.unit_code
    ${UNIT_JOINS}
    ORDER BY tr.n DESC, ${answerOrder('tr.from_answer')}, ${answerOrder('tr.to_answer')}, u.name, u.unit_code`,
    p.values,
  );
  const first = rows[0]!;
  if (first['q_code'] === null) throw new NotFoundError('question', input.question);
  if (first['found_scope_name'] === null) throw scopeNotFound(scope);
  const collected = first['from_collected'] === true && first['to_collected'] === true;
  const latest = first['latest_year'] === null ? null : Number(first['latest_year']);
  const missingReason = collected
    ? null
    : latest !== null && input.toYear > latest
      ? MissingReason.NOT_YET_PUBLISHED
      : MissingReason.NOT_COLLECTED;
  const transitions: RoutineTransition[] = [];
  for (const group of groupBy(
    rows.filter((r) => r['from_answer'] !== null),
    (r) => `${r['from_answer']}>${r['to_answer']}`,
  ).values()) {
    transitions.push({
      from: group[0]!['from_answer'] as Answer,
      to: group[0]!['to_answer'] as Answer,
      count: Number(group[0]!['n']),
      units: group.filter((r) => r['unit_kind'] === 'MUNICIPALITY').map(toRoutineUnit),
      districts: group.filter((r) => r['unit_kind'] === 'DISTRICT').map(toRoutineUnit),
    });
  }
  return {
    question: toQuestion(first),
    fromYear: input.fromYear,
    toYear: input.toYear,
    scope: { kind: scope.kind, code: scope.code, name: String(first['found_scope_name']) },
    missingReason,
    unitsCompared: collected ? Number(first['units_compared']) : null,
    unchanged: collected ? Number(first['unchanged']) : null,
    notCollected: collected ? Number(first['not_collected']) : null,
    transitions,
  };
}
