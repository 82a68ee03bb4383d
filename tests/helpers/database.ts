import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../src/db/data-source.js';
import { createApiDataSource, EMBEDDED_ROLE_PASSWORDS, ensureDatabaseExists } from '../../src/db/database.js';
import { API_ROLE, ensureRoles, INGEST_ROLE, urlForRole } from '../../src/db/roles.js';

export interface TestDatabase {
  name: string;
  owner: DataSource;
  api: DataSource;
  ingest: DataSource;
  urls: { owner: string; api: string; ingest: string };
  /** Counts statements sent through any of the three pools since the last reset. */
  statements: { count: number; reset(): void };
  close(): Promise<void>;
}

/**
 * A fresh database copied from the prepared template (migrations, roles, reference data),
 * with pools for the owner, the API role and the ingest role, as in production.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject('pgServerUrl');
  const name = `jamfor_test_${randomBytes(5).toString('hex')}`;
  await ensureDatabaseExists(serverUrl, name, inject('pgTemplate'));
  const ownerUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const urls = {
    owner: ownerUrl,
    api: urlForRole(ownerUrl, API_ROLE, EMBEDDED_ROLE_PASSWORDS.api),
    ingest: urlForRole(ownerUrl, INGEST_ROLE, EMBEDDED_ROLE_PASSWORDS.ingest),
  };
  const owner = createDataSource({ url: urls.owner, poolSize: 2, applicationName: 'jamfor-test-owner' });
  const api = createApiDataSource(urls.api, { dbPoolSize: 4, statementTimeoutMs: 5000 }, 'jamfor-test-api');
  const ingest = createDataSource({ url: urls.ingest, poolSize: 3, applicationName: 'jamfor-test-ingest' });
  await owner.initialize();
  // Database-level grants (CONNECT, TEMPORARY) are not copied from a template.
  await ensureRoles(owner, EMBEDDED_ROLE_PASSWORDS, 5000);
  await Promise.all([api.initialize(), ingest.initialize()]);
  const statements = countStatements(name);
  return {
    name,
    owner,
    api,
    ingest,
    urls,
    statements,
    async close() {
      await Promise.allSettled([api.destroy(), ingest.destroy(), owner.destroy()]);
      const admin = new pg.Client({
        connectionString: Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString(),
      });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Counts statements sent to one database by any pool in this process (owner, API, ingest):
 * the tests' window on N+1 queries. pg.Client.prototype.query is wrapped once per process.
 */
function countStatements(database: string): { count: number; reset(): void } {
  const counter = {
    count: 0,
    reset() {
      counter.count = 0;
    },
  };
  counters.set(database, counter);
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown; __jamforCounted?: boolean };
  if (!proto.__jamforCounted) {
    const original = proto.query;
    proto.query = function (
      this: { database?: string; connectionParameters?: { application_name?: string } },
      ...args: unknown[]
    ) {
      // The dataset-version listener re-reads the version every few seconds on its own
      // connection: a timer's statement, not a request's, so never counted.
      const listener = this.connectionParameters?.application_name === 'jamfor-api-version';
      const c = this.database && !listener ? counters.get(this.database) : undefined;
      if (c) c.count++;
      return original.apply(this, args);
    };
    proto.__jamforCounted = true;
  }
  return counter;
}

const counters = new Map<string, { count: number }>();
