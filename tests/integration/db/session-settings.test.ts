import type pg from 'pg';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/*
 * Every pool's sessions plan prepared statements once (generic plans) and never JIT-compile:
 * on a server built with LLVM (Debian's packages, the compose image) the share-count refresh
 * spent seconds compiling per ingest for milliseconds of work. The API's pool keeps its idle
 * connections (createApiDataSource), so a request after a quiet spell finds its plans.
 */

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

it('runs the API, ingest and owner sessions with JIT off and generic plans', async () => {
  const settings = async (pool: TestDatabase['api']) =>
    (
      await pool.query<{ name: string; setting: string }[]>(
        `SELECT name, setting FROM pg_settings WHERE name IN ('jit', 'plan_cache_mode') ORDER BY name`,
      )
    ).map((r) => [r.name, r.setting]);
  const expected = [
    ['jit', 'off'],
    ['plan_cache_mode', 'force_generic_plan'],
  ];
  expect(await settings(db.api)).toEqual(expected);
  expect(await settings(db.ingest)).toEqual(expected);
  expect(await settings(db.owner)).toEqual(expected);
});

/** pg's pool behind a data source (TypeORM keeps it as the driver's `master`). */
const poolOf = (ds: TestDatabase['api']) => (ds.driver as unknown as { master: pg.Pool }).master;

it("keeps the API pool's idle connections past pg-pool's idle timeout, and closes the ingest pool's", async () => {
  // The pool schedules an idle client's removal with setTimeout when the client is released.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const pidOf = async () => (await db.api.query<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0]!.pid;
    const apiPid = await pidOf();
    await db.ingest.query('SELECT 1');
    const api = poolOf(db.api);
    const ingest = poolOf(db.ingest);
    expect([api.totalCount, api.idleCount, ingest.totalCount]).toEqual([1, 1, 1]);
    // pg-pool's default idle timeout is 10 s.
    vi.advanceTimersByTime(10_001);
    expect([api.totalCount, api.idleCount, ingest.totalCount]).toEqual([1, 1, 0]);
    // The same backend, with its prepared statements, serves the next request.
    expect(await pidOf()).toBe(apiPid);
  } finally {
    vi.useRealTimers();
  }
});
