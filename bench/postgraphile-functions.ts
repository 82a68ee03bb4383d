import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { comparisonRows, comparisonShares, type ComparisonParams } from '../src/schema/queries/routine-comparison.js';
import { routineProfile } from '../src/schema/queries/routine-profile.js';
import { regionComparison } from '../src/schema/queries/routine-region-comparison.js';
import { routineTrend } from '../src/schema/queries/routine-trend.js';
import { ComparisonOrder, DenominatorPolicy, ScopeKind } from '../src/schema/types/routine-enums.type.js';
import type { Params } from './queries.js';

/*
 * PostGraphile's contestants are SQL functions whose bodies are exactly the SQL Jämför issues:
 * each query function of src/schema/queries is run against a recording EntityManager, and the
 * statement it sends becomes the body of a STABLE SQL function in schema bench_pg (asOf fixed
 * to NULL, i.e. now). The row type is read from the statement's result columns.
 */

class Captured extends Error {}

interface Statement {
  sql: string;
  params: unknown[];
}

async function capture(run: (db: EntityManager) => Promise<unknown>): Promise<Statement[]> {
  const out: Statement[] = [];
  const db = {
    query: (sql: string, params: unknown[]) => {
      out.push({ sql, params });
      return Promise.reject(new Captured());
    },
  } as unknown as EntityManager;
  await run(db).catch((e: unknown) => {
    if (!(e instanceof Captured)) throw e;
  });
  return out;
}

interface FunctionSpec {
  name: string;
  args: string[];
  statement: Statement;
}

export async function jamforStatements(p: Params): Promise<FunctionSpec[]> {
  const policy = DenominatorPolicy.APPLICABLE;
  const [trend] = await capture((db) =>
    routineTrend(db, { question: p.q, unit: p.u, fromYear: p.from, toYear: p.to, denominator: policy }),
  );
  // routineComparison sends its rows and shares as one statement (one snapshot), aggregated to
  // JSON; PostGraphile gets its two parts as set-returning functions, in the same order.
  const placeholders: ComparisonParams = {
    question: '$1',
    year: '$2',
    kind: '$3',
    code: '$4',
    policy: '$5',
    asOf: '$6',
  };
  const comparisonParams = [p.q, p.y, ScopeKind.REGION, p.r, policy, null];
  const rowsPart = (orderBy: ComparisonOrder): Statement => ({
    // The rows part does not use the policy; naming $5 keeps one signature for all three functions.
    sql: `SELECT x.* FROM (${comparisonRows({ orderBy }, placeholders)}) x CROSS JOIN (SELECT $5::text AS policy) unused ORDER BY x.ord`,
    params: comparisonParams,
  });
  const rowsByAnswer = rowsPart(ComparisonOrder.ANSWER);
  const rowsByName = rowsPart(ComparisonOrder.NAME);
  const shares: Statement = {
    sql: `SELECT * FROM (${comparisonShares(placeholders, 'stored')}) y ORDER BY y.ord`,
    params: comparisonParams,
  };
  const [regions] = await capture((db) => regionComparison(db, { question: p.q, year: p.y, denominator: policy }));
  const [profile] = await capture((db) => routineProfile(db, { unit: p.u, year: p.y, denominator: policy }));
  return [
    { name: 'jf_trend', args: ['question', 'unit', 'from_year', 'to_year', 'policy'], statement: trend! },
    {
      name: 'jf_comparison_rows_by_answer',
      args: ['question', 'year', 'kind', 'code', 'policy'],
      statement: rowsByAnswer,
    },
    { name: 'jf_comparison_rows_by_name', args: ['question', 'year', 'kind', 'code', 'policy'], statement: rowsByName },
    { name: 'jf_comparison_shares', args: ['question', 'year', 'kind', 'code', 'policy'], statement: shares },
    { name: 'jf_region_comparison', args: ['question', 'year', 'policy'], statement: regions! },
    { name: 'jf_profile', args: ['unit', 'year', 'policy'], statement: profile! },
  ];
}

/** Creates schema bench_pg with one function per Jämför statement; returns the DDL run. */
export async function createPostgraphileFunctions(
  owner: pg.Client,
  p: Params,
  apiRole: string | null,
): Promise<string[]> {
  const specs = await jamforStatements(p);
  const ddl: string[] = ['DROP SCHEMA IF EXISTS bench_pg CASCADE', 'CREATE SCHEMA bench_pg'];
  for (const d of ddl) await owner.query(d);
  for (const spec of specs) {
    const { sql, params } = spec.statement;
    if (params.length !== spec.args.length + 1 || params[params.length - 1] !== null) {
      throw new Error(
        `${spec.name}: expected ${spec.args.length} arguments and asOf last, got ${JSON.stringify(params)}`,
      );
    }
    const result = await owner.query(sql, params);
    const oids = [...new Set(result.fields.map((f) => f.dataTypeID))];
    const types = new Map<number, string>(
      (
        await owner.query(
          `SELECT oid::int AS oid, CASE typname WHEN 'bpchar' THEN 'text' ELSE format_type(oid, NULL) END AS t FROM pg_type WHERE oid = ANY($1)`,
          [oids],
        )
      ).rows.map((r: { oid: number; t: string }) => [r.oid, r.t]),
    );
    const seen = new Map<string, number>();
    const columns = result.fields.map((f) => {
      const n = (seen.get(f.name) ?? 0) + 1;
      seen.set(f.name, n);
      return `"${n === 1 ? f.name : `${f.name}_${n}`}" ${types.get(f.dataTypeID)}`;
    });
    const asOf = params.length;
    const body = sql.replace(/\$(\d+)(?!\d)/g, (m, i: string) => (Number(i) === asOf ? 'NULL::timestamptz' : m));
    const args = spec.args.map((a, i) => `${a} ${typeof params[i] === 'number' ? 'int' : 'text'}`).join(', ');
    const stmts = [
      `CREATE TYPE bench_pg.${spec.name}_row AS (${columns.join(', ')})`,
      `CREATE FUNCTION bench_pg.${spec.name}(${args}) RETURNS SETOF bench_pg.${spec.name}_row LANGUAGE sql STABLE AS $jf$\n${body}\n$jf$`,
    ];
    for (const s of stmts) await owner.query(s);
    ddl.push(...stmts);
  }
  if (apiRole) {
    await owner.query(`GRANT USAGE ON SCHEMA bench_pg TO ${apiRole}`);
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA bench_pg TO ${apiRole}`);
  }
  return ddl;
}
