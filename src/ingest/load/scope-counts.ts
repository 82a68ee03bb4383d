import type { QueryRunner } from 'typeorm';

/**
 * The counts behind every routine share, per (question, year, scope), and the one place their
 * counting rule is written (src/schema/queries/routine-sql.ts states the rule's contract):
 * - a scope counts MUNICIPALITIES only; districts are rows of their own, never counted;
 * - a municipality in a release frame of the (question, year) without an answer is no
 *   response; one outside every frame was not collected and left out of the counts;
 * - on a question asked of regions only, a framed municipality without an answer was not asked.
 *
 * The same SQL serves two callers: ingest stores the counts of the current answers and frames
 * in routine_scope_count (refreshScopeCounts, in the load's own transaction), which the read
 * path looks up by key; an as-of query counts the answers and frames as they stood at an
 * instant (scopeCountCtes with a non-NULL asOf).
 */

/**
 * Bump when the counting rule changes; combined with a fingerprint of the reference data
 * (scope membership, names, populations) it says whether the stored rows are current.
 */
export const SCOPE_COUNT_RULE = 'scope-counts@2';

/**
 * SQL: whether frame `f` (release_frame) was recorded as of `asOf` (NULL = now). The literal
 * `NULL` (CURRENT, a statement of the current data) leaves the test out of the text.
 */
export function frameAsOf(asOf: string, f = 'f'): string {
  if (asOf === CURRENT) return 'true';
  return `(${asOf}::timestamptz IS NULL OR ${f}.recorded_at <= ${asOf}::timestamptz)`;
}

/**
 * The `asOf` of a statement of the current data: the literal NULL instead of a parameter, so
 * the as-of tests and the history branches (answersAsOf, latestCte in
 * src/schema/queries/routine-sql.ts) are left out of its text and its plan.
 */
export const CURRENT = 'NULL';

/** SQL: the scope columns of a GROUPING SETS ((region), (kommungrupp), ()) over municipalities `m`. */
const SCOPE_OF_GROUPING = `CASE WHEN GROUPING(m.region_code) = 0 THEN 'REGION' WHEN GROUPING(m.kommungrupp_code) = 0 THEN 'KOMMUNGRUPP' ELSE 'NATION' END AS scope_kind,
      CASE WHEN GROUPING(m.region_code) = 0 THEN m.region_code::text WHEN GROUPING(m.kommungrupp_code) = 0 THEN m.kommungrupp_code::text ELSE '00' END AS scope_code`;

/** SQL: the labels of the frames of (question, year) of row `b` that cover part of its scope, e.g. "Södermanlands län". */
function frameLabels(column: string, asOf: string): string {
  return `(SELECT string_agg(x.label, ', ' ORDER BY x.label) FROM (
      SELECT DISTINCT f.${column} AS label FROM release_frame f
      JOIN release_frame_question lq ON lq.frame_id = f.id AND lq.question_code = b.question_code
      WHERE f.year = b.year AND ${frameAsOf(asOf)} AND EXISTS (
        SELECT 1 FROM release_frame_unit lu JOIN reporting_unit lm ON lm.unit_code = lu.unit_code AND lm.unit_kind = 'MUNICIPALITY'
        WHERE lu.frame_id = f.id AND (b.scope_kind = 'NATION' OR (b.scope_kind = 'REGION' AND lm.region_code = b.scope_code)
          OR (b.scope_kind = 'KOMMUNGRUPP' AND lm.kommungrupp_code = b.scope_code)))) x)`;
}

/**
 * The columns of a `scope_counts` row (both the counted and the stored form), in the order of
 * routine_scope_count after its key.
 */
export const COUNT_COLUMNS = [
  'units_in_frame',
  'ja',
  'nej',
  'ej_aktuellt',
  'not_asked',
  'no_response',
  'not_collected',
  'inferred',
  'pop_ja',
  'pop_nej',
  'pop_ej',
  'pop_frame',
  'frame_labels',
  'frame_labels_sv',
] as const;

/**
 * CTEs `frame_units`, `unit_counts`, `counted` and `scope_counts`, counting
 * from CTEs the caller defines: `share_keys(scope_kind, scope_code, question_code, year)` and
 * `ans` (answers as of `asOf`, covering every key's question and year). One row of
 * `scope_counts` per key whose scope exists: the scope (routine_scope: name, units, population
 * figures) and COUNT_COLUMNS. One GROUP BY with GROUPING SETS on equality joins for all scopes.
 */
export function scopeCountCtes(asOf: string): string {
  return `frame_units AS MATERIALIZED (
    -- Units covered by some frame of each (question, year) asked for: a regional and a
    -- national release of the same year cover a municipality once.
    SELECT DISTINCT fk.question_code, fk.year, fu.unit_code
    FROM (SELECT DISTINCT sk.question_code, sk.year FROM share_keys sk) fk
    JOIN release_frame_question fq ON fq.question_code = fk.question_code
    JOIN release_frame f ON f.id = fq.frame_id AND f.year = fk.year AND ${frameAsOf(asOf)}
    JOIN release_frame_unit fu ON fu.frame_id = f.id
  ),
  unit_counts AS MATERIALIZED (
    -- Framed municipalities and their answers in one pass: a frame always holds its release's
    -- respondents, so an answer outside every frame is not counted. (Counted apart, frames and
    -- answers each joined the units and aggregated the grouping sets: twice the work.)
    SELECT ${SCOPE_OF_GROUPING}, fu.question_code, fu.year,
      count(*)::int AS units_in_frame, sum(p.population)::float8 AS pop_frame,
      count(*) FILTER (WHERE a.answer = 'JA')::int AS ja,
      count(*) FILTER (WHERE a.answer = 'NEJ')::int AS nej,
      count(*) FILTER (WHERE a.answer = 'EJ_AKTUELLT')::int AS ej_aktuellt,
      count(*) FILTER (WHERE a.answer = 'NOT_ASKED')::int AS not_asked,
      count(*) FILTER (WHERE a.answer IN ('JA', 'NEJ', 'EJ_AKTUELLT') AND a.provenance = 'INFERRED')::int AS inferred,
      coalesce(sum(p.population) FILTER (WHERE a.answer = 'JA'), 0)::float8 AS pop_ja,
      coalesce(sum(p.population) FILTER (WHERE a.answer = 'NEJ'), 0)::float8 AS pop_nej,
      coalesce(sum(p.population) FILTER (WHERE a.answer = 'EJ_AKTUELLT'), 0)::float8 AS pop_ej
    FROM frame_units fu
    JOIN reporting_unit m ON m.unit_code = fu.unit_code AND m.unit_kind = 'MUNICIPALITY'
    JOIN municipality p ON p.municipality_code = m.unit_code
    LEFT JOIN ans a ON a.question_code = fu.question_code AND a.year = fu.year AND a.unit_code = fu.unit_code
    GROUP BY GROUPING SETS ((fu.question_code, fu.year, m.region_code), (fu.question_code, fu.year, m.kommungrupp_code), (fu.question_code, fu.year))
  ),
  counted AS (
    SELECT k.scope_kind, k.scope_code, k.question_code, k.year, sc.units,
      coalesce(uc.units_in_frame, 0) AS units_in_frame,
      coalesce(uc.ja, 0) AS ja,
      coalesce(uc.nej, 0) AS nej,
      coalesce(uc.ej_aktuellt, 0) AS ej_aktuellt,
      na.not_asked,
      coalesce(uc.units_in_frame, 0) - coalesce(uc.ja, 0) - coalesce(uc.nej, 0) - coalesce(uc.ej_aktuellt, 0) - na.not_asked AS no_response,
      sc.units - coalesce(uc.units_in_frame, 0) AS not_collected,
      coalesce(uc.inferred, 0) AS inferred,
      coalesce(uc.pop_ja, 0) AS pop_ja, coalesce(uc.pop_nej, 0) AS pop_nej, coalesce(uc.pop_ej, 0) AS pop_ej,
      coalesce(uc.pop_frame, 0) AS pop_frame
    FROM share_keys k
    JOIN routine_scope sc ON sc.scope_kind = k.scope_kind AND sc.scope_code = k.scope_code
    LEFT JOIN unit_counts uc ON uc.scope_kind = k.scope_kind AND uc.scope_code = k.scope_code
      AND uc.question_code = k.question_code AND uc.year = k.year
    LEFT JOIN question qa ON qa.question_code = k.question_code
    -- A question asked of regions only was put to no municipality: their silence is NOT_ASKED.
    CROSS JOIN LATERAL (SELECT CASE WHEN qa.asked_of = 'REGION'
      THEN coalesce(uc.units_in_frame, 0) - coalesce(uc.ja, 0) - coalesce(uc.nej, 0) - coalesce(uc.ej_aktuellt, 0)
      ELSE coalesce(uc.not_asked, 0) END AS not_asked) na
  ),
  scope_counts AS (
    SELECT b.*, sc.name AS scope_name, sc.population_year, sc.is_population_approximate AS population_approximate,
      sc.population_rounded_to,
      -- Only a partial share names its frames (coverage label).
      CASE WHEN b.units_in_frame > 0 AND b.units_in_frame < b.units THEN ${frameLabels('label', asOf)} END AS frame_labels,
      CASE WHEN b.units_in_frame > 0 AND b.units_in_frame < b.units THEN ${frameLabels('label_sv', asOf)} END AS frame_labels_sv
    FROM counted b
    JOIN routine_scope sc ON sc.scope_kind = b.scope_kind AND sc.scope_code = b.scope_code
  )`;
}

/**
 * CTE `scope_counts` with the same columns as scopeCountCtes, looked up in the stored counts
 * (current answers and frames only): one primary-key probe per key of `share_keys`. A key
 * without a stored row was not collected: its counts are zero and its scope's municipalities
 * are all not collected.
 */
export const STORED_SCOPE_COUNTS = `scope_counts AS (
    SELECT k.scope_kind, k.scope_code, k.question_code, k.year, sc.units,
      coalesce(c.units_in_frame, 0) AS units_in_frame,
      coalesce(c.ja, 0) AS ja, coalesce(c.nej, 0) AS nej, coalesce(c.ej_aktuellt, 0) AS ej_aktuellt,
      coalesce(c.not_asked, 0) AS not_asked, coalesce(c.no_response, 0) AS no_response,
      coalesce(c.not_collected, sc.units) AS not_collected, coalesce(c.inferred, 0) AS inferred,
      coalesce(c.pop_ja, 0)::float8 AS pop_ja, coalesce(c.pop_nej, 0)::float8 AS pop_nej,
      coalesce(c.pop_ej, 0)::float8 AS pop_ej, coalesce(c.pop_frame, 0)::float8 AS pop_frame,
      sc.name AS scope_name, sc.population_year, sc.is_population_approximate AS population_approximate,
      sc.population_rounded_to, c.frame_labels, c.frame_labels_sv
    FROM share_keys k
    JOIN routine_scope sc ON sc.scope_kind = k.scope_kind AND sc.scope_code = k.scope_code
    -- One primary-key probe per key. As a plain join, a generic plan (prepared statements) hashed
    -- the whole table: 33 k rows per trend request on the benchmark's data. OFFSET 0 keeps the
    -- lateral lookup from being flattened back into that join.
    LEFT JOIN LATERAL (SELECT * FROM routine_scope_count c WHERE c.question_code = k.question_code AND c.year = k.year
      AND c.scope_kind = k.scope_kind AND c.scope_code = k.scope_code OFFSET 0) c ON true
  )`;

/**
 * Recomputes the stored counts of the (question, year) pairs in the staging table
 * `scope_count_pair` (see touchPairs), inside the caller's transaction, and writes only what
 * differs: a key whose counts changed is updated, a new key inserted, a key no longer counted
 * (its pair lost every answer and frame) deleted; a key whose counts are the same is left as it
 * is, so `refreshed_by_run_id` names the run that last changed it. Returns the rows written.
 * `runId` is the ingest run that caused it (null at start-up).
 *
 * Why not delete and rewrite the touched pairs: a yearly release touches every pair of its year
 * while a revision changes a few counts, and rewriting ~2 400 of the benchmark's 36 000 rows per
 * run crossed autovacuum's thresholds on every run. Each VACUUM or ANALYZE of the table
 * invalidates the read path's cached generic plans (src/schema/queries/routine-sql.ts
 * queryPrepared) on every API connection, which then re-plan each statement (5–13 ms each)
 * — on the first requests after an ingest. Unchanged rows also stay free of dead versions,
 * which every key probe had to step over until vacuum.
 */
export async function refreshScopeCounts(q: QueryRunner, runId: string | null): Promise<number> {
  await q.query('ANALYZE scope_count_pair');
  const columns = COUNT_COLUMNS.join(', ');
  // The statement joins aggregates of CTEs whose row counts the planner cannot estimate; when it
  // guessed one row it chose nested loops over CTE scans, seconds for one publication (seen in
  // the benchmark). Hash joins are right for every join here except the per-pair answer lookup,
  // which is lateral and stays a nested loop; merge joins off as well (it sorted both 22 k-row
  // sides of the answers-in-frame join). For this statement only. (The penalty that turns them
  // off inflates its cost estimate; the pools run with JIT off, src/db/data-source.ts.)
  await q.query('SET LOCAL enable_nestloop = off; SET LOCAL enable_mergejoin = off');
  const [written] = (await q.query(
    `WITH pairs AS (SELECT DISTINCT question_code, year::int AS year FROM scope_count_pair),
     share_keys AS (SELECT s.scope_kind, s.scope_code, p.question_code, p.year FROM pairs p CROSS JOIN routine_scope s),
     -- One index range per pair: a publication touches a small part of routine_answer, which the
     -- planner, hashing the pairs, would read whole (OFFSET 0 keeps the lateral lookup as written).
     -- Materialised once: inlined into the answers-in-frame join, it ran once per pair over all
     -- the pairs' frame units (1 s for a yearly release). Only the columns counted: whole rows
     -- (with their file, sheet and column) made the materialised answers four times as wide.
     ans AS MATERIALIZED (SELECT a.* FROM pairs p
       CROSS JOIN LATERAL (SELECT r.question_code, r.unit_code, r.year, r.answer, r.provenance FROM routine_answer r
         WHERE r.question_code = p.question_code AND r.year = p.year OFFSET 0) a),
     ${scopeCountCtes(CURRENT)},
     -- Pairs with an answer or a framed unit, one index probe each (OFFSET 0 keeps each a probe
     -- rather than a join over the whole table); deduplicating the pairs' answers and frame
     -- units (46 k rows for a yearly release) took a third of the statement.
     present AS (SELECT p.question_code, p.year FROM pairs p
       WHERE EXISTS (SELECT 1 FROM routine_answer r WHERE r.question_code = p.question_code AND r.year = p.year OFFSET 0)
          OR EXISTS (SELECT 1 FROM release_frame_question fq JOIN release_frame f ON f.id = fq.frame_id AND f.year = p.year
               JOIN release_frame_unit fu ON fu.frame_id = f.id WHERE fq.question_code = p.question_code OFFSET 0)),
     fresh AS MATERIALIZED (
       SELECT c.question_code, c.year, c.scope_kind, c.scope_code, ${COUNT_COLUMNS.map((x) => `c.${x}`).join(', ')}
       FROM scope_counts c WHERE (c.question_code, c.year) IN (SELECT question_code, year FROM present)),
     -- Keys of the touched pairs that are no longer counted. Disjoint from the upserted keys, so
     -- the two writes of this statement never meet one row. The stored keys of the pairs are read
     -- one primary-key range per pair and deleted by row address: joined to the pairs (hash joins
     -- only, above), the delete read the whole table, which grows with every year loaded.
     removed AS (
       DELETE FROM routine_scope_count s WHERE s.ctid = ANY (ARRAY(
         SELECT c.ctid FROM pairs p
         CROSS JOIN LATERAL (SELECT c.ctid, c.question_code, c.year, c.scope_kind, c.scope_code FROM routine_scope_count c
           WHERE c.question_code = p.question_code AND c.year = p.year OFFSET 0) c
         WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.question_code = c.question_code AND f.year = c.year
           AND f.scope_kind = c.scope_kind AND f.scope_code = c.scope_code)))
       RETURNING 1),
     written AS (
       INSERT INTO routine_scope_count AS s (question_code, year, scope_kind, scope_code, ${columns}, refreshed_by_run_id)
       SELECT f.*, $1::bigint FROM fresh f
       ON CONFLICT (question_code, year, scope_kind, scope_code) DO UPDATE
         SET ${COUNT_COLUMNS.map((x) => `${x} = EXCLUDED.${x}`).join(', ')}, refreshed_by_run_id = EXCLUDED.refreshed_by_run_id
         WHERE (${COUNT_COLUMNS.map((x) => `s.${x}`).join(', ')}) IS DISTINCT FROM (${COUNT_COLUMNS.map((x) => `EXCLUDED.${x}`).join(', ')})
       RETURNING 1)
     SELECT (SELECT count(*) FROM written)::int + (SELECT count(*) FROM removed)::int AS n`,
    [runId],
  )) as { n: number }[];
  await q.query('SET LOCAL enable_nestloop = DEFAULT; SET LOCAL enable_mergejoin = DEFAULT');
  await q.query('TRUNCATE scope_count_pair');
  return written!.n;
}

/**
 * Starts a transaction's set of (question, year) pairs for the next refresh: empties the
 * staging table `scope_count_pair` (UNLOGGED, migration 1764700000000; see release-loader.ts
 * STAGING_TABLES for why it is not temporary). TRUNCATE holds the table until commit, so
 * two transactions never share it.
 */
export async function clearPairs(q: QueryRunner): Promise<void> {
  await q.query('TRUNCATE scope_count_pair');
}

/** Adds the (question, year) pairs `pairs` (a SELECT of question_code, year) to the next refresh. */
export async function touchPairs(q: QueryRunner, pairs: string, params: unknown[] = []): Promise<void> {
  await q.query(
    `INSERT INTO scope_count_pair (question_code, year) SELECT question_code, year FROM (${pairs}) p`,
    params,
  );
}

/**
 * SQL: a fingerprint of what the stored rows depend on besides answers and frames — the rule
 * version and the reference data (which municipality lies in which scope, names, populations).
 */
const FINGERPRINT = `SELECT $1::text || ':' || md5(concat_ws('|',
    (SELECT string_agg(concat_ws(',', u.unit_code, u.unit_kind, u.region_code, u.kommungrupp_code, u.name,
       p.population, p.population_year, p.is_population_approximate, p.population_rounded_to), ';' ORDER BY u.unit_code)
     FROM reporting_unit u LEFT JOIN municipality p ON p.municipality_code = u.unit_code),
    (SELECT string_agg(concat_ws(',', r.region_code, r.name), ';' ORDER BY r.region_code) FROM region r),
    (SELECT string_agg(concat_ws(',', g.kommungrupp_code, g.name), ';' ORDER BY g.kommungrupp_code) FROM kommungrupp g)
  )) AS fingerprint`;

/**
 * Rebuilds routine_scope and every stored count when the counting rule or the reference data
 * changed since they were written (or were never written: a fresh or upgraded database). Run
 * at start-up by the owner after migrations and reference data; idempotent. Returns whether it
 * recomputed.
 */
export async function ensureScopeCounts(q: QueryRunner): Promise<boolean> {
  const [state] = (await q.query(
    `SELECT (SELECT scope_count_rule FROM dataset_state WHERE id = 1) AS stored, (${FINGERPRINT.replace(' AS fingerprint', '')}) AS wanted`,
    [SCOPE_COUNT_RULE],
  )) as { stored: string | null; wanted: string }[];
  if (state!.stored === state!.wanted) return false;
  await q.startTransaction();
  try {
    // Waits for a load that is writing counts, and keeps the next one out until the rebuild commits.
    await q.query(`LOCK TABLE routine_scope_count IN EXCLUSIVE MODE`);
    await clearPairs(q);
    await q.query(`DELETE FROM routine_scope`);
    await q.query(
      `INSERT INTO routine_scope (scope_kind, scope_code, name, units, population_year, is_population_approximate, population_rounded_to)
       SELECT x.scope_kind, x.scope_code,
         CASE x.scope_kind WHEN 'NATION' THEN (SELECT n.name FROM reporting_unit n WHERE n.unit_code = '00')
           WHEN 'REGION' THEN (SELECT r.name FROM region r WHERE r.region_code = x.scope_code)
           ELSE (SELECT g.name FROM kommungrupp g WHERE g.kommungrupp_code = x.scope_code) END,
         x.units, x.population_year, x.population_approximate, x.population_rounded_to
       FROM (
         SELECT ${SCOPE_OF_GROUPING},
           count(*)::int AS units,
           max(p.population_year)::int AS population_year,
           bool_or(p.is_population_approximate) AS population_approximate,
           max(p.population_rounded_to)::int AS population_rounded_to
         FROM reporting_unit m JOIN municipality p ON p.municipality_code = m.unit_code
         WHERE m.unit_kind = 'MUNICIPALITY'
         GROUP BY GROUPING SETS ((m.region_code), (m.kommungrupp_code), ())
       ) x`,
    );
    await touchPairs(
      q,
      `SELECT question_code, year FROM routine_scope_count
       UNION SELECT question_code, year FROM routine_answer
       UNION SELECT fq.question_code, f.year FROM release_frame f JOIN release_frame_question fq ON fq.frame_id = f.id`,
    );
    await refreshScopeCounts(q, null);
    await q.query(`UPDATE dataset_state SET scope_count_rule = $1 WHERE id = 1`, [state!.wanted]);
    await q.commitTransaction();
  } catch (error) {
    await q.rollbackTransaction();
    throw error;
  }
  return true;
}
