import 'reflect-metadata';
import { execute, parse, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import { loadConfig } from '../src/config.js';
import { createDataSource } from '../src/db/data-source.js';
import { buildJamforSchema } from '../src/schema/build-schema.js';
import { createContext } from '../src/schema/context.js';
import { routineComparison } from '../src/schema/queries/routine-comparison.js';
import { routineProfile } from '../src/schema/queries/routine-profile.js';
import { regionComparison } from '../src/schema/queries/routine-region-comparison.js';
import { routineSelection } from '../src/schema/queries/routine-sql.js';
import { routineTrend } from '../src/schema/queries/routine-trend.js';
import { ComparisonOrder, DenominatorPolicy, ScopeKind } from '../src/schema/types/routine-enums.type.js';
import { median } from './lib/stats.js';
import { JAMFOR_DOCS, jamforVariables, QUERY_NAMES, type Params, type QueryName } from './queries.js';

/**
 * Where one Jämför request spends its time, in-process on the API pool: graphql parse and
 * validate (Apollo caches both per distinct document, so they are per-document costs), the
 * SQL alone (the query function's statements, replayed as sent: TypeORM's, and the named
 * prepared statements the routine queries run on the pool), the query function (SQL +
 * rows → objects), GraphQL execution around it (resolvers, type checks, result completion)
 * and JSON serialisation of the response. Medians in ms.
 */
export interface ProfileRow {
  name: QueryName;
  parse: number;
  validate: number;
  sql: number;
  queryFunction: number;
  execute: number;
  serialise: number;
  bytes: number;
}

/** As the resolvers do: what the query's document selects (routineSelection). */
function selection(name: QueryName): ReturnType<typeof routineSelection> {
  const operation = parse(JAMFOR_DOCS[name]).definitions[0] as OperationDefinitionNode;
  return routineSelection({ operation, fragments: {} });
}

function queryFunction(name: QueryName, db: EntityManager, p: Params): Promise<unknown> {
  const denominator = DenominatorPolicy.APPLICABLE;
  const { published, provenance, detail } = selection(name);
  switch (name) {
    case 'trend':
      return routineTrend(db, {
        question: p.q,
        unit: p.u,
        fromYear: p.from,
        toYear: p.to,
        denominator,
        published,
        provenance,
        detail,
      });
    case 'regionRows':
      return routineComparison(db, {
        question: p.q,
        year: p.y,
        scope: { kind: ScopeKind.REGION, code: p.r },
        denominator,
        orderBy: ComparisonOrder.ANSWER,
        published,
        provenance,
        detail,
      });
    case 'national':
      return routineComparison(db, {
        question: p.q,
        year: p.y,
        scope: { kind: ScopeKind.NATION },
        denominator,
        orderBy: ComparisonOrder.NAME,
        published,
        provenance,
        detail,
      });
    case 'regions':
      return regionComparison(db, { question: p.q, year: p.y, denominator, published, detail });
    case 'profile':
      return routineProfile(db, { unit: p.u, year: p.y, denominator, published, provenance, detail });
  }
}

/** A statement sent through the pool itself (the routine queries' named prepared statements). */
type PoolStatement = pg.QueryConfig;

/** Records what is sent through `pool.query` while `into` holds a list. */
function recordPool(pool: pg.Pool): { into: PoolStatement[] | null } {
  const recorder: { into: PoolStatement[] | null } = { into: null };
  const original = pool.query.bind(pool) as (config: PoolStatement) => Promise<pg.QueryResult>;
  (pool as unknown as { query: (config: PoolStatement) => Promise<pg.QueryResult> }).query = (config) => {
    recorder.into?.push(config);
    return original(config);
  };
  return recorder;
}

/** The statements a query function sends, run as-is (without the mapping to objects). */
function recordingManager(db: EntityManager, log: { sql: string; params: unknown[] }[]): EntityManager {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'query') {
        return (sql: string, params: unknown[]) => {
          log.push({ sql, params });
          return target.query(sql, params);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export async function profileJamfor(
  apiUrl: string,
  sets: Params[],
  iterations: number,
  seconds: number,
): Promise<ProfileRow[]> {
  const config = loadConfig({ ...process.env, SCHEDULER_ENABLED: 'false' });
  const api = createDataSource({
    url: apiUrl,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: 'jamfor-bench-profile',
  });
  await api.initialize();
  const pool = (api.driver as unknown as { master: pg.Pool }).master;
  const poolRecorder = recordPool(pool);
  const schema = await buildJamforSchema();
  const rows: ProfileRow[] = [];
  for (const name of QUERY_NAMES) {
    const t = {
      parse: [] as number[],
      validate: [] as number[],
      sql: [] as number[],
      fn: [] as number[],
      exec: [] as number[],
      ser: [] as number[],
    };
    let bytes = 0;
    const deadline = performance.now() + seconds * 1000;
    for (let i = 0; i < iterations + 10 && (i < 15 || performance.now() < deadline); i++) {
      const p = sets[i % sets.length]!;
      const warm = i >= 5;
      let s = performance.now();
      const doc: DocumentNode = parse(JAMFOR_DOCS[name]);
      const parseMs = performance.now() - s;
      s = performance.now();
      const errors = validate(schema, doc);
      const validateMs = performance.now() - s;
      if (errors.length) throw new Error(`${name}: ${errors[0]!.message}`);

      const statements: { sql: string; params: unknown[] }[] = [];
      const prepared: PoolStatement[] = [];
      poolRecorder.into = prepared;
      s = performance.now();
      await queryFunction(name, recordingManager(api.manager, statements), p);
      const fnMs = performance.now() - s;
      poolRecorder.into = null;
      s = performance.now();
      await Promise.all([
        ...statements.map((st) => api.manager.query(st.sql, st.params)),
        ...prepared.map((st) => pool.query(st)),
      ]);
      const sqlMs = performance.now() - s;

      s = performance.now();
      const result = await execute({
        schema,
        document: doc,
        variableValues: jamforVariables(name, p),
        contextValue: createContext(api.manager, config.limits),
      });
      const execMs = performance.now() - s;
      if (result.errors?.length) throw new Error(`${name}: ${result.errors[0]!.message}`);
      s = performance.now();
      const text = JSON.stringify(result);
      const serMs = performance.now() - s;
      if (warm) {
        t.parse.push(parseMs);
        t.validate.push(validateMs);
        t.sql.push(sqlMs);
        t.fn.push(fnMs);
        t.exec.push(execMs);
        t.ser.push(serMs);
        bytes = text.length;
      }
    }
    rows.push({
      name,
      parse: median(t.parse),
      validate: median(t.validate),
      sql: median(t.sql),
      queryFunction: median(t.fn),
      execute: median(t.exec),
      serialise: median(t.ser),
      bytes,
    });
  }
  await api.destroy();
  return rows;
}
