import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';

/*
 * Every pool's sessions plan prepared statements once (generic plans) and never JIT-compile:
 * on a server built with LLVM (Debian's packages, the compose image) the share-count refresh
 * spent seconds compiling per ingest for milliseconds of work.
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
