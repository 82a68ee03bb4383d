import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedStatement, queryPrepared } from '../../../src/schema/queries/routine-sql.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/*
 * The routine queries run as named prepared statements straight on the API pool
 * (queryPrepared): the same role, session settings and rows as through TypeORM.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const pool = () => (db.api.driver as unknown as { master: pg.Pool }).master;

it('runs as the read-only API role with the pool session settings, as a named prepared statement', async () => {
  const statement = preparedStatement(
    'test: session',
    () => `SELECT current_user AS role, current_setting('statement_timeout') AS statement_timeout,
      current_setting('plan_cache_mode') AS plan_cache_mode, current_setting('jit') AS jit,
      current_setting('transaction_read_only') AS read_only,
      (SELECT count(*)::int FROM pg_prepared_statements WHERE name = $1) AS prepared`,
  );
  const rows = await queryPrepared(db.api.manager, statement, [statement.name]);
  expect(rows).toEqual([
    {
      role: 'jamfor_api',
      statement_timeout: '5s',
      plan_cache_mode: 'force_generic_plan',
      jit: 'off',
      read_only: 'on',
      prepared: 1,
    },
  ]);
});

it('gives the rows pg gives: same keys in the same order, a repeated column keeping its last value, same types', async () => {
  const text = `SELECT t.n AS a, t.n * 10 AS b, 'x' || t.n AS a, NULL::text AS c, t.n::bigint AS big, (t.n / 3.0)::numeric(6,3) AS num,
      (t.n / 4.0)::float8 AS f, t.n % 2 = 0 AS even, ARRAY['å', 'ä', 'ö'] AS letters,
      '2025-06-01T12:00:00Z'::timestamptz + make_interval(days => t.n) AS at, 'Västerås'::varchar AS name
    FROM generate_series(1, $1::int) t(n) ORDER BY t.n`;
  const statement = preparedStatement('test: row shape', () => text);
  const rows = await queryPrepared(db.api.manager, statement, [3]);
  const expected = (await pool().query({ text, values: [3] })).rows;
  expect(rows).toEqual(expected);
  expect(rows.map((r) => Object.keys(r))).toEqual(expected.map((r: object) => Object.keys(r)));
  expect(rows[2]).toEqual({
    a: 'x3',
    b: 30,
    c: null,
    big: '3',
    num: '1.000',
    f: 0.75,
    even: false,
    letters: ['å', 'ä', 'ö'],
    at: new Date('2025-06-04T12:00:00Z'),
    name: 'Västerås',
  });
  // Called again on the same statement (one row shape per statement), and with no rows.
  expect(await queryPrepared(db.api.manager, statement, [1])).toEqual(expected.slice(0, 1));
  expect(await queryPrepared(db.api.manager, statement, [0])).toEqual([]);
});

it('runs inside a transaction on its query runner, with the same rows', async () => {
  const statement = preparedStatement(
    'test: in transaction',
    () => `SELECT $1::int + 1 AS next, txid_current_if_assigned() AS txid`,
  );
  const rows = await db.api.transaction((manager) => queryPrepared(manager, statement, [41]));
  expect(rows).toEqual([{ next: 42, txid: null }]);
});
