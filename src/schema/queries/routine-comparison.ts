import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../errors.js';
import { ComparisonOrder, type Answer, type DenominatorPolicy } from '../types/routine-enums.type.js';
import type { RoutineComparison, RoutineComparisonRow } from '../types/routine-results.type.js';
import {
  answerOrder,
  answersAsOf,
  checkYear,
  inScope,
  latestCte,
  normaliseScope,
  QUESTION_COLUMNS,
  scopeName,
  scopeNotFound,
  sharesCte,
  SqlParams,
  toQuestion,
  toRoutineUnit,
  toShare,
  UNIT_COLUMNS,
  UNIT_JOINS,
  unitAnswer,
  type Row,
  type ScopeRef,
} from './routine-sql.js';
import type { ScopeKind } from '../types/routine-enums.type.js';

export interface RoutineComparisonInput {
  question: string;
  year: number;
  scope: { kind: ScopeKind; code?: string | null };
  denominator: DenominatorPolicy;
  orderBy: ComparisonOrder;
  asOf?: Date | null;
}

const ORDER: Record<ComparisonOrder, string> = {
  [ComparisonOrder.NAME]: 'u.name, u.unit_code',
  [ComparisonOrder.ANSWER]: `${answerOrder('c.answer')} NULLS LAST, u.name, u.unit_code`,
  [ComparisonOrder.REGION]: 'r.name, u.name, u.unit_code',
};

/**
 * Every unit of a scope for one question and year, with last survey year's answer, the
 * scope's share and its reference shares. Two statements, run together: the unit rows, and
 * the shares (which also look up the question and scope). Rows are ordered in SQL; the `rows`
 * field pages them (a scope holds at most 290 municipalities and their districts).
 */
export async function routineComparison(db: EntityManager, input: RoutineComparisonInput): Promise<RoutineComparison> {
  checkYear(input.year);
  const scope = normaliseScope(input.scope);
  const [unitRows, shareRows] = await Promise.all([comparisonRows(db, input, scope), comparisonShares(db, input, scope)]);
  const first = shareRows[0]!;
  if (first['q_code'] === null) throw new NotFoundError('question', input.question);
  if (first['found_scope_name'] === null) throw scopeNotFound(scope);
  const shares = shareRows.map((r) => toShare(r, input.denominator));
  const summary = shares[0]!;
  const collected = first['is_collected'] === true;
  const rows: RoutineComparisonRow[] = unitRows.map((r) => {
    const current = unitAnswer(r['answer'], collected, summary.missingReason);
    const previousYear = r['prev_year'] === null ? null : Number(r['prev_year']);
    const previousAnswer = previousYear === null ? null : ((r['prev_answer'] as Answer | null) ?? ('NO_RESPONSE' as Answer));
    return {
      unit: toRoutineUnit(r),
      ...current,
      rawValue: (r['raw_value'] as string | null) ?? null,
      previousYear,
      previousAnswer,
      changed: previousAnswer === null || current.answer === null ? null : previousAnswer !== current.answer,
    };
  });
  return {
    question: toQuestion(first),
    year: input.year,
    scope: summary.scope,
    summary,
    references: shares.slice(1),
    allRows: rows,
  };
}

function comparisonRows(db: EntityManager, input: RoutineComparisonInput, scope: ScopeRef): Promise<Row[]> {
  const p = new SqlParams();
  const question = p.add(input.question);
  const year = p.add(input.year);
  const kind = p.add(scope.kind);
  const code = p.add(scope.code);
  const asOf = p.add(input.asOf ?? null);
  return db.query(
    `WITH ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year <= ${year}::int`)}),
    prev AS (SELECT max(x.year) AS year FROM ans x WHERE x.year < ${year}::int),
    units AS (
      SELECT u.* FROM reporting_unit u
      WHERE u.unit_kind IN ('MUNICIPALITY', 'DISTRICT') AND ${inScope(kind, code)}
        AND (u.unit_kind = 'MUNICIPALITY' OR EXISTS (SELECT 1 FROM ans x WHERE x.unit_code = u.unit_code AND x.year = ${year}::int))
    )
    SELECT ${UNIT_COLUMNS}, c.answer, c.raw_value, prev.year AS prev_year, pa.answer AS prev_answer
    FROM units u
    CROSS JOIN prev
    LEFT JOIN ans c ON c.unit_code = u.unit_code AND c.year = ${year}::int
    LEFT JOIN ans pa ON pa.unit_code = u.unit_code AND pa.year = prev.year
    ${UNIT_JOINS}
    ORDER BY ${ORDER[input.orderBy]}`,
    p.values,
  );
}

/** The scope's share first, then its references (regions or kommungrupper by code), riket last. */
function comparisonShares(db: EntityManager, input: RoutineComparisonInput, scope: ScopeRef): Promise<Row[]> {
  const p = new SqlParams();
  const question = p.add(input.question);
  const year = p.add(input.year);
  const kind = p.add(scope.kind);
  const code = p.add(scope.code);
  const policy = p.add(input.denominator);
  const asOf = p.add(input.asOf ?? null);
  return db.query(
    `WITH q AS (SELECT * FROM question WHERE question_code = ${question}),
    ans AS (${answersAsOf(asOf, (a) => `${a}.question_code = ${question} AND ${a}.year = ${year}::int`)}),
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
    ${sharesCte(policy)}
    SELECT ${QUESTION_COLUMNS}, ${scopeName(kind, code)} AS found_scope_name, s.*
    FROM (SELECT 1) one
    LEFT JOIN q ON true
    LEFT JOIN shares s ON true
    ORDER BY (s.scope_kind = ${kind}::text AND s.scope_code = ${code}::text) DESC, s.scope_kind = 'NATION', s.scope_code`,
    p.values,
  );
}
