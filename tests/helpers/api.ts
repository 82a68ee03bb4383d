import { expect } from 'vitest';
import { startApi } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { TestDatabase } from './database.js';

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
