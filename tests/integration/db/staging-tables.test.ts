import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../../src/db/data-source.js';
import { ingestFile } from '../../../src/ingest/ingest-file.js';
import { STAGING_TABLES } from '../../../src/ingest/load/release-loader.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/*
 * Ingest stages rows in permanent UNLOGGED tables (migration 1764700000000), not in temporary
 * ones: the first temporary table a database session creates resets the cached plans of every
 * other session, so each ingest on a new session made every API connection re-plan.
 */

const SAMPLE = path.join(PROJECT_ROOT, 'data/samples/oj-2018-sormland-sip-information-routine.csv');
// A statement on reference data, which ingest never writes: only a reset of every cached plan re-plans it.
const PROBE = 'SELECT name FROM region WHERE region_code = $1';

let db: TestDatabase;
let api: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.owner.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.owner.query(`ALTER DATABASE "${db.name}" SET pg_stat_statements.track_planning = on`);
  // As the API's pool connects: its role, generic plans of named statements.
  api = new pg.Client({ connectionString: db.urls.api, options: '-c plan_cache_mode=force_generic_plan' });
  await api.connect();
}, 120_000);

afterAll(async () => {
  await api?.end();
  await db?.close();
});

/** Runs the probe as a named statement on the API session; returns how often it has been planned. */
async function probe(): Promise<number> {
  await api.query({ name: 'staging-probe', text: PROBE, values: ['04'] });
  const [row] = await db.owner.query<{ plans: number }[]>(
    `SELECT coalesce(sum(s.plans), 0)::int AS plans FROM pg_stat_statements s
       JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database() AND s.query = $1`,
    [PROBE],
  );
  return row!.plans;
}

/** A session of its own, as each nightly ingest and each CLI run opens. */
async function inNewSession<T>(work: (ds: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> {
  const ds = createDataSource({ url: db.urls.ingest, poolSize: 1, applicationName: 'jamfor-test-ingest-session' });
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

describe('staging tables', () => {
  it('are UNLOGGED tables with file_ord and the columns ingest COPYs into them', async () => {
    const spec = (columns: readonly { column: string; type: string }[]) =>
      `file_ord int, ${columns.map((c) => `${c.column} ${c.type}`).join(', ')}`;
    // Column names and types as PostgreSQL spells them, of a table `q` can see.
    const describeTable = (q: { query: (sql: string, params: unknown[]) => Promise<unknown> }, table: string) =>
      q.query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
           WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [table],
      );
    for (const [table, columns] of Object.entries(STAGING_TABLES)) {
      // The spec's own DDL, made by PostgreSQL (in the transaction that sees it), against the migration's table.
      const expected = await db.owner.transaction(async (q) => {
        await q.query(`CREATE TEMP TABLE spec_${table} (${spec(columns)}) ON COMMIT DROP`);
        return describeTable(q, `spec_${table}`);
      });
      expect(await describeTable(db.owner, table), table).toEqual(expected);
    }
    const persistence = await db.owner.query(
      `SELECT relname, relpersistence FROM pg_class WHERE relname = ANY($1) ORDER BY relname`,
      [[...Object.keys(STAGING_TABLES), 'scope_count_pair']],
    );
    expect(persistence).toEqual([
      { relname: 'scope_count_pair', relpersistence: 'u' },
      { relname: 'stage_agreement', relpersistence: 'u' },
      { relname: 'stage_answer', relpersistence: 'u' },
      { relname: 'stage_plan_count', relpersistence: 'u' },
      { relname: 'stage_published_figure', relpersistence: 'u' },
    ]);
  });

  it('an ingest on a new session leaves the API sessions’ cached plans alone (a temporary table would not)', async () => {
    expect([await probe(), await probe()]).toEqual([1, 1]);
    // First load, then the same file revised: the merge stages the answers and refreshes the counts.
    const first = await inNewSession((ds) => ingestFile(ds, SAMPLE, { trigger: 'test' }));
    expect(first.status, first.error ?? '').toBe('SUCCEEDED');
    expect(await probe()).toBe(1);
    const again = await inNewSession((ds) => ingestFile(ds, SAMPLE, { trigger: 'test', force: true }));
    expect(again.status, again.error ?? '').toBe('SUCCEEDED');
    expect(await probe()).toBe(1);
    // What the staging tables avoid: a new session's first temporary table.
    await inNewSession((ds) => ds.query('CREATE TEMP TABLE scratch (a int)'));
    expect(await probe()).toBe(2);
    const staged = await db.owner.query(`SELECT
      (SELECT count(*) FROM stage_answer)::int AS answers, (SELECT count(*) FROM scope_count_pair)::int AS pairs`);
    // The merge staged the file's answers (they stay until the next run empties the table); the
    // refresh empties its pairs before commit.
    expect(staged).toEqual([{ answers: 81, pairs: 0 }]);
  });
});
