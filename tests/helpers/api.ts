import { afterAll, beforeAll, expect } from 'vitest';
import { startApi } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** A GraphQL response body as the tests read it. */
export interface GqlResponse {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface TestApi {
  url: string;
  /** POSTs one operation as JSON to /graphql and returns the raw response (status, headers, body). */
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  /** POSTs one operation to /graphql and returns the parsed body; T only casts it. */
  gql<T = GqlResponse>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The API on the test database's API pool, on a free port, with the environment given on top
 * of the defaults. Tests that count the SQL of a query pass RESPONSE_CACHE_BYTES: '0': the
 * response cache (tests/integration/http/response-cache.test.ts) would answer repeats with none.
 */
export async function startTestApi(db: TestDatabase, env: Record<string, string> = {}): Promise<TestApi> {
  const server = await startApi(loadConfig({ PORT: '0', ...env }), db.api, () => {});
  const post = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  return {
    url: server.url,
    post,
    async gql<T = GqlResponse>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      return (await (await post(query, variables)).json()) as T;
    },
    stop: () => server.stop(2000),
  };
}

/** Ingests each file through the real pipeline, in order; fails on the first that does not succeed, naming it and its first rejects. */
export async function ingestAll(
  db: TestDatabase,
  files: readonly string[],
  options: Partial<Parameters<typeof ingestFile>[2]> = {},
): Promise<void> {
  for (const file of files) {
    const result = await ingestFile(db.ingest, file, { trigger: 'test', ...options });
    expect(result.status, `${file}: ${result.error ?? JSON.stringify(result.rejects.slice(0, 3))}`).toBe('SUCCEEDED');
  }
}

export interface TestApiSetup {
  /** Loaded through the real pipeline, in order, before the API starts (see ingestAll). */
  files?: readonly string[];
  /** Ingest options for `files` (e.g. a fixed `now`). */
  ingest?: Partial<Parameters<typeof ingestFile>[2]>;
  /** Anything else to load or compute before the API starts, after `files`. */
  load?: (db: TestDatabase) => Promise<void>;
  /**
   * Off by default: most integration tests count the SQL each query runs, and the response
   * cache (tests/integration/http/response-cache.test.ts) would answer repeats with none.
   */
  responseCache?: boolean;
  /** Further environment for the API (see startTestApi). */
  env?: Record<string, string>;
  /** For the whole set-up; loading several releases takes a while on a busy machine. */
  timeoutMs?: number;
}

/**
 * The set-up most integration test files share: before their tests, a fresh database
 * (migrations, roles and reference data, from the template), the given files loaded through
 * the real pipeline, and the API on it; after them, both stopped. The returned `db` and `api`
 * stand for the ones beforeAll creates, so a file can name them at the top:
 * `const { db, api } = useTestApi({ files: FILES });` and use them in its tests.
 */
export function useTestApi(setup: TestApiSetup = {}): { db: TestDatabase; api: TestApi } {
  let db: TestDatabase | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    if (setup.files) await ingestAll(db, setup.files, setup.ingest);
    await setup.load?.(db);
    api = await startTestApi(db, { ...(setup.responseCache ? {} : { RESPONSE_CACHE_BYTES: '0' }), ...setup.env });
  }, setup.timeoutMs ?? 120_000);
  afterAll(async () => {
    await api?.stop();
    await db?.close();
  });
  return { db: lateBound('db', () => db), api: lateBound('api', () => api) };
}

/** An object that forwards every property to the one `current()` returns once beforeAll has made it. */
function lateBound<T extends object>(name: string, current: () => T | undefined): T {
  const target = () => {
    const value = current();
    if (!value) throw new Error(`useTestApi: ${name} is made in beforeAll; read it inside a hook or test`);
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key) as unknown,
    has: (_, key) => Reflect.has(target(), key),
  });
}
