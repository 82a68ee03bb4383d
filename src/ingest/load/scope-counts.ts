import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * The aggregate behind every routine share: per (question, year, scope) the municipalities
 * in the scope and how many answered Ja, Nej, Ej aktuellt, were not asked, or gave no answer.
 * Kept in routine_scope_count and rewritten, for the (question, year) pairs a load touched, in
 * the same transaction as the answers — so a reader never sees counts out of step with them.
 *
 * The rule, one place for the stored counts and for the as-of path of the queries
 * (src/schema/queries/routine-sql.ts computes the same columns from answers as they stood):
 * - a scope counts MUNICIPALITIES only (districts are rows of their own in comparisons);
 * - a (question, year) is collected when any unit of any kind has a row for it; then a
 *   municipality without a row counts as no response;
 * - rows exist only for collected pairs, one per scope (riket, every region, every kommungrupp).
 */

/** Bump when the counting rule changes: start-up then recomputes every stored row. */
export const SCOPE_COUNT_RULE = 'scope-counts@1';

/** SQL: scope kind and code of a GROUPING SETS ((region), (kommungrupp), ()) over municipalities `m`. */
export const SCOPE_OF_GROUPING = `CASE WHEN GROUPING(m.region_code) = 0 THEN 'REGION' WHEN GROUPING(m.kommungrupp_code) = 0 THEN 'KOMMUNGRUPP' ELSE 'NATION' END AS scope_kind,
      CASE WHEN GROUPING(m.region_code) = 0 THEN m.region_code::text WHEN GROUPING(m.kommungrupp_code) = 0 THEN m.kommungrupp_code::text ELSE '00' END AS scope_code`;

/**
 * CTEs `member_counts(scope_kind, scope_code, units)` and `answered_counts(scope_kind,
 * scope_code, question_code, year, ja, nej, ej_aktuellt, not_asked)` over the CTE `ans`
 * (answers, at least every municipality's answer to the pairs wanted). One GROUP BY with
 * GROUPING SETS on equality joins for all scopes at once.
 */
export const COUNT_CTES = `member_counts AS (
    SELECT ${SCOPE_OF_GROUPING}, count(*)::int AS units
    FROM reporting_unit m
    WHERE m.unit_kind = 'MUNICIPALITY'
    GROUP BY GROUPING SETS ((m.region_code), (m.kommungrupp_code), ())
  ),
  answered_counts AS MATERIALIZED (
    SELECT ${SCOPE_OF_GROUPING}, a.question_code, a.year,
      count(*) FILTER (WHERE a.answer = 'JA')::int AS ja,
      count(*) FILTER (WHERE a.answer = 'NEJ')::int AS nej,
      count(*) FILTER (WHERE a.answer = 'EJ_AKTUELLT')::int AS ej_aktuellt,
      count(*) FILTER (WHERE a.answer = 'NOT_ASKED')::int AS not_asked
    FROM ans a
    JOIN reporting_unit m ON m.unit_code = a.unit_code AND m.unit_kind = 'MUNICIPALITY'
    GROUP BY GROUPING SETS ((a.question_code, a.year, m.region_code), (a.question_code, a.year, m.kommungrupp_code), (a.question_code, a.year))
  )`;

/**
 * Recomputes the stored counts of the (question, year) pairs that `pairs` (a SELECT of
 * question_code, year) yields, inside the caller's transaction: the pairs' rows are deleted
 * and the collected pairs' rows inserted again. Returns the rows written.
 */
export async function refreshScopeCounts(q: QueryRunner, pairs: string, runId: string | null): Promise<number> {
  await q.query(
    `CREATE TEMP TABLE IF NOT EXISTS refresh_pair (question_code varchar(80), year smallint) ON COMMIT DROP`,
  );
  await q.query(`TRUNCATE refresh_pair`);
  await q.query(`INSERT INTO refresh_pair SELECT DISTINCT question_code, year FROM (${pairs}) p`);
  await q.query(
    `DELETE FROM routine_scope_count s USING refresh_pair p WHERE s.question_code = p.question_code AND s.year = p.year`,
  );
  const [{ n }] = (await q.query(
    `WITH ans AS (
       SELECT a.question_code, a.unit_code, a.year, a.answer
       FROM routine_answer a JOIN refresh_pair p ON p.question_code = a.question_code AND p.year = a.year
     ),
     collected AS (SELECT DISTINCT question_code, year FROM ans),
     ${COUNT_CTES},
     written AS (
       INSERT INTO routine_scope_count (question_code, year, scope_kind, scope_code, units, ja, nej, ej_aktuellt,
         not_asked, no_response, is_collected, refreshed_by_run_id)
       SELECT c.question_code, c.year, mc.scope_kind, mc.scope_code, mc.units,
         coalesce(ac.ja, 0), coalesce(ac.nej, 0), coalesce(ac.ej_aktuellt, 0), coalesce(ac.not_asked, 0),
         mc.units - coalesce(ac.ja, 0) - coalesce(ac.nej, 0) - coalesce(ac.ej_aktuellt, 0) - coalesce(ac.not_asked, 0),
         true, $1::bigint
       FROM collected c
       CROSS JOIN member_counts mc
       LEFT JOIN answered_counts ac ON ac.question_code = c.question_code AND ac.year = c.year
         AND ac.scope_kind = mc.scope_kind AND ac.scope_code = mc.scope_code
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [runId],
  )) as [{ n: number }];
  return n;
}

/**
 * Recomputes every stored count when the counting rule or the reference data (which
 * municipality lies in which scope) changed since they were written. Idempotent; run at
 * start-up by the owner after migrations and reference data.
 */
export async function ensureScopeCounts(db: EntityManager, referenceChanged: boolean): Promise<boolean> {
  const [{ rule }] = (await db.query(`SELECT scope_count_rule AS rule FROM dataset_state WHERE id = 1`)) as [
    { rule: string | null },
  ];
  if (rule === SCOPE_COUNT_RULE && !referenceChanged) return false;
  await db.transaction(async (tx) => {
    await refreshScopeCounts(
      tx.queryRunner!,
      'SELECT question_code, year FROM routine_scope_count UNION SELECT question_code, year FROM routine_answer',
      null,
    );
    await tx.query(`UPDATE dataset_state SET scope_count_rule = $1 WHERE id = 1`, [SCOPE_COUNT_RULE]);
  });
  return true;
}
