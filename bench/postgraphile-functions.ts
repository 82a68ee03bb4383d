import type pg from 'pg';

/*
 * PostGraphile's contestants: STABLE SQL functions in schema bench_pg, hand-written for
 * PostGraphile over the SAME precomputed tables Jämför reads (issue 12) — routine_scope_count
 * (the counts per question, year and scope that ingest keeps in step with the answers) and
 * routine_scope — each the shortest SQL we know for its query: key lookups into the stored
 * counts, the unit's own answers by key, no CTE machinery. The canonicaliser in queries.ts
 * assembles their rows into the numbers the gate compares.
 */

interface FunctionSpec {
  name: string;
  args: string[];
  columns: string[];
  body: string;
}

/** SQL: numerator, denominator, share and is_collected of stored counts `c` under `policy`. */
function shareColumns(c: string, policy = 'policy'): string {
  const den = `CASE ${policy} WHEN 'RESPONDENTS' THEN ${c}.ja + ${c}.nej + ${c}.ej_aktuellt WHEN 'APPLICABLE' THEN ${c}.ja + ${c}.nej ELSE ${c}.units_in_frame END`;
  return `CASE WHEN ${c}.units_in_frame > 0 THEN ${c}.ja END AS numerator,
    CASE WHEN ${c}.units_in_frame > 0 THEN ${den} END AS denominator,
    CASE WHEN ${c}.units_in_frame > 0 AND ${c}.ja + ${c}.nej + ${c}.ej_aktuellt > 0 AND ${den} > 0 THEN ${c}.ja::float8 / (${den}) END AS share,
    coalesce(${c}.units_in_frame > 0, false) AS is_collected`;
}

const SHARE_TYPES = ['numerator int', 'denominator int', 'share float8', 'is_collected boolean'];

/** The stored counts of key (question, year, scope kind, scope code). */
const countsOf = (c: string, question: string, year: string, kind: string, code: string) =>
  `LEFT JOIN routine_scope_count ${c} ON ${c}.question_code = ${question} AND ${c}.year = ${year}
    AND ${c}.scope_kind = ${kind} AND ${c}.scope_code = ${code}`;

const ANSWER_ORDER = `array_position(ARRAY['JA','NEJ','EJ_AKTUELLT','NO_RESPONSE','NOT_ASKED']::varchar[], c.answer)`;

function comparisonRows(orderByAnswer: boolean): string {
  return `WITH prev AS (
      SELECT max(p.year)::int AS year FROM routine_scope_count p
      WHERE p.question_code = question AND p.year < jf.year AND p.scope_kind = 'NATION' AND p.units_in_frame > 0)
    SELECT u.unit_code::text, u.name::text AS unit_name, u.region_code::text AS r_code, c.answer::text,
      prev.year AS prev_year, pa.answer::text AS prev_answer
    FROM reporting_unit u CROSS JOIN prev
    LEFT JOIN routine_answer c ON c.question_code = question AND c.year = jf.year AND c.unit_code = u.unit_code
    LEFT JOIN routine_answer pa ON pa.question_code = question AND pa.year = prev.year AND pa.unit_code = u.unit_code
    WHERE (kind = 'NATION' OR (kind = 'REGION' AND u.region_code = code) OR (kind = 'KOMMUNGRUPP' AND u.kommungrupp_code = code))
      AND (u.unit_kind = 'MUNICIPALITY' OR (u.unit_kind = 'DISTRICT' AND c.unit_code IS NOT NULL))
    ORDER BY ${orderByAnswer ? `${ANSWER_ORDER} NULLS LAST, ` : ''}u.name, u.unit_code`;
}

const COMPARISON_ROW_TYPES = [
  'unit_code text',
  'unit_name text',
  'r_code text',
  'answer text',
  'prev_year int',
  'prev_answer text',
];
const COMPARISON_ARGS = ['question text', 'year int', 'kind text', 'code text', 'policy text'];

export const POSTGRAPHILE_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'jf_trend',
    args: ['question text', 'unit text', 'from_year int', 'to_year int', 'policy text'],
    columns: ['unit_code text', 'unit_name text', 'year int', 'scope_kind text', ...SHARE_TYPES, 'unit_answer text'],
    body: `SELECT t.unit_code::text, t.name::text, y.year, k.scope_kind, ${shareColumns('c')}, a.answer::text
      FROM reporting_unit t
      CROSS JOIN generate_series(from_year, to_year) y(year)
      CROSS JOIN LATERAL (VALUES ('REGION', t.region_code::text), ('KOMMUNGRUPP', t.kommungrupp_code::text), ('NATION', '00')) k(scope_kind, scope_code)
      ${countsOf('c', 'question', 'y.year', 'k.scope_kind', 'k.scope_code')}
      LEFT JOIN routine_answer a ON a.question_code = question AND a.unit_code = t.unit_code AND a.year = y.year
      WHERE t.unit_code = unit AND k.scope_code IS NOT NULL
      ORDER BY y.year, k.scope_kind`,
  },
  {
    name: 'jf_comparison_rows_by_answer',
    args: COMPARISON_ARGS,
    columns: COMPARISON_ROW_TYPES,
    body: comparisonRows(true),
  },
  {
    name: 'jf_comparison_rows_by_name',
    args: COMPARISON_ARGS,
    columns: COMPARISON_ROW_TYPES,
    body: comparisonRows(false),
  },
  {
    name: 'jf_comparison_shares',
    args: COMPARISON_ARGS,
    columns: ['scope_kind text', 'scope_code text', ...SHARE_TYPES],
    // The scope first, then its references (the kommungrupper of a region's municipalities, the
    // regions of a kommungrupp's), riket last.
    body: `WITH keys AS (
        SELECT kind AS scope_kind, code AS scope_code, 0 AS ord
        UNION ALL
        SELECT DISTINCT 'KOMMUNGRUPP', m.kommungrupp_code::text, 1 FROM reporting_unit m
          WHERE kind = 'REGION' AND m.unit_kind = 'MUNICIPALITY' AND m.region_code = code
        UNION ALL
        SELECT DISTINCT 'REGION', m.region_code::text, 1 FROM reporting_unit m
          WHERE kind = 'KOMMUNGRUPP' AND m.unit_kind = 'MUNICIPALITY' AND m.kommungrupp_code = code
        UNION ALL
        SELECT 'NATION', '00', 2 WHERE kind <> 'NATION')
      SELECT k.scope_kind, k.scope_code, ${shareColumns('c')}
      FROM keys k ${countsOf('c', 'question', 'jf.year', 'k.scope_kind', 'k.scope_code')}
      ORDER BY k.ord, k.scope_code`,
  },
  {
    name: 'jf_region_comparison',
    args: ['question text', 'year int', 'policy text'],
    columns: [
      'scope_kind text',
      'scope_code text',
      'scope_name text',
      ...SHARE_TYPES,
      'rank int',
      'quartile_band int',
      'median float8',
      'lower_quartile float8',
      'upper_quartile float8',
    ],
    body: `WITH s AS (
        SELECT sc.scope_kind::text, sc.scope_code::text, sc.name::text AS scope_name, ${shareColumns('c')},
          coalesce(c.units_in_frame < sc.units, true) AS partial
        FROM routine_scope sc ${countsOf('c', 'question', 'jf.year', 'sc.scope_kind', 'sc.scope_code')}
        WHERE sc.scope_kind IN ('REGION', 'NATION')),
      ranked AS (
        SELECT s.*, CASE WHEN s.share IS NOT NULL AND NOT s.partial
          THEN (rank() OVER (PARTITION BY s.share IS NOT NULL AND NOT s.partial ORDER BY s.share DESC))::int END AS rank
        FROM s WHERE s.scope_kind = 'REGION'),
      st AS (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY share) AS median,
          percentile_cont(0.25) WITHIN GROUP (ORDER BY share) AS lq, percentile_cont(0.75) WITHIN GROUP (ORDER BY share) AS uq
        FROM ranked WHERE rank IS NOT NULL)
      SELECT x.* FROM (
        SELECT r.scope_kind, r.scope_code, r.scope_name, r.numerator, r.denominator, r.share, r.is_collected, r.rank,
          CASE WHEN r.rank IS NULL THEN NULL WHEN r.share >= st.uq THEN 1 WHEN r.share >= st.median THEN 2
            WHEN r.share >= st.lq THEN 3 ELSE 4 END AS quartile_band,
          st.median, st.lq, st.uq
        FROM ranked r CROSS JOIN st
        UNION ALL
        SELECT s.scope_kind, s.scope_code, s.scope_name, s.numerator, s.denominator, s.share, s.is_collected, NULL, NULL,
          st.median, st.lq, st.uq
        FROM s CROSS JOIN st WHERE s.scope_kind = 'NATION') x
      ORDER BY x.scope_kind = 'NATION', x.rank NULLS LAST, x.scope_name`,
  },
  {
    name: 'jf_profile',
    args: ['unit text', 'year int', 'policy text'],
    columns: [
      'unit_code text',
      'unit_name text',
      'sa_code text',
      'sa_name text',
      'q_code text',
      'scope_kind text',
      'share float8',
      'is_collected boolean',
      'unit_answer text',
    ],
    body: `SELECT t.unit_code::text, t.name::text, q.area_code::text, sa.name::text, q.question_code::text, k.scope_kind,
        x.share, x.is_collected, a.answer::text
      FROM reporting_unit t
      JOIN question q ON EXISTS (SELECT 1 FROM routine_answer ra WHERE ra.question_code = q.question_code)
      LEFT JOIN service_area sa ON sa.area_code = q.area_code
      CROSS JOIN LATERAL (VALUES ('REGION', t.region_code::text), ('KOMMUNGRUPP', t.kommungrupp_code::text), ('NATION', '00')) k(scope_kind, scope_code)
      ${countsOf('c', 'q.question_code', 'jf.year', 'k.scope_kind', 'k.scope_code')}
      CROSS JOIN LATERAL (SELECT ${shareColumns('c')}) x
      LEFT JOIN routine_answer a ON a.question_code = q.question_code AND a.unit_code = t.unit_code AND a.year = jf.year
      WHERE t.unit_code = unit AND k.scope_code IS NOT NULL
      ORDER BY sa.sort_order NULLS LAST, q.question_code, k.scope_kind`,
  },
];

/** Creates schema bench_pg with the functions; returns the DDL run. */
export async function createPostgraphileFunctions(owner: pg.Client, apiRole: string | null): Promise<string[]> {
  const ddl: string[] = ['DROP SCHEMA IF EXISTS bench_pg CASCADE', 'CREATE SCHEMA bench_pg'];
  for (const spec of POSTGRAPHILE_FUNCTIONS) {
    ddl.push(
      `CREATE TYPE bench_pg.${spec.name}_row AS (${spec.columns.join(', ')})`,
      // Named `jf` so a body can qualify an argument (jf.year) where a column has its name.
      `CREATE FUNCTION bench_pg.${spec.name}(${spec.args.join(', ')}) RETURNS SETOF bench_pg.${spec.name}_row
         LANGUAGE sql STABLE AS $jf$\n${spec.body.replace(/\bjf\./g, `${spec.name}.`)}\n$jf$`,
    );
  }
  if (apiRole) {
    ddl.push(
      `GRANT USAGE ON SCHEMA bench_pg TO ${apiRole}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench_pg TO ${apiRole}`,
    );
  }
  for (const d of ddl) await owner.query(d);
  return ddl;
}
