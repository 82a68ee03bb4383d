import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createDataSource, runMigrations } from './data-source.js';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { API_ROLE, ensureRoles, INGEST_ROLE, urlForRole, type RolePasswords } from './roles.js';

/** The three connection pools Jämför uses, one per role. */
export interface Databases {
  /** Owner: migrations, and reference data (loaded by the caller: src/ingest/load/reference.ts). */
  owner: DataSource;
  /** Read-only role on the primary. */
  api: DataSource;
  /**
   * What GraphQL requests read from: one pool per standby of DATABASE_READ_URL, or `[api]`
   * when none is configured.
   */
  reads: DataSource[];
  /** Writer role: ingest runs. */
  ingest: DataSource;
  embedded: EmbeddedServer | null;
  urls: { owner: string; api: string; ingest: string };
  close(): Promise<void>;
}

// Fixed for the embedded server, which listens on 127.0.0.1 only; production passes URLs.
export const EMBEDDED_ROLE_PASSWORDS: RolePasswords = { api: 'jamfor-api', ingest: 'jamfor-ingest' };

export interface PrepareResult {
  migrations: string[];
}

/** Migrations and least-privilege roles, on an owner connection. Idempotent. */
export async function prepareDatabase(
  owner: DataSource,
  roles: RolePasswords | null,
  apiStatementTimeoutMs: number,
): Promise<PrepareResult> {
  const migrations = await runMigrations(owner);
  if (roles) await ensureRoles(owner, roles, apiStatementTimeoutMs);
  return { migrations };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** CREATE DATABASE unless it exists (connected to the server's maintenance database). */
export async function ensureDatabaseExists(serverUrl: string, name: string, template?: string): Promise<void> {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE "${template.replace(/"/g, '""')}"` : '';
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"${from}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Opens Jämför's database: the given DATABASE_URL, or an embedded PostgreSQL whose data
 * directory persists between runs. Runs migrations and creates the roles before any pool for
 * the API or ingest is opened; the caller loads reference data on `owner` before serving.
 */
export async function openDatabases(config: Config, log: (message: string) => void): Promise<Databases> {
  let embedded: EmbeddedServer | null = null;
  let ownerUrl = config.databaseUrl;
  if (!ownerUrl) {
    const running = embeddedUrl(config.embedded.port, 'postgres');
    if (await answers(running)) {
      // `npm start` is already serving this data directory: share its server (e.g. a CLI ingest).
      log(`using the embedded PostgreSQL already running on port ${config.embedded.port}`);
    } else {
      log(`starting embedded PostgreSQL (data in ${config.embedded.dataDir}, port ${config.embedded.port})`);
      embedded = await startEmbeddedPostgres({
        dataDir: config.embedded.dataDir,
        port: config.embedded.port,
        persistent: true,
      });
    }
    await ensureDatabaseExists(running, 'jamfor');
    ownerUrl = embeddedUrl(config.embedded.port, 'jamfor');
  }
  const owner = createDataSource({ url: ownerUrl, poolSize: 2, applicationName: 'jamfor-owner' });
  await owner.initialize();
  const roles = embedded ? EMBEDDED_ROLE_PASSWORDS : null;
  const prepared = await prepareDatabase(owner, roles, config.statementTimeoutMs);
  if (prepared.migrations.length) log(`applied migrations: ${prepared.migrations.join(', ')}`);
  const urls = {
    owner: ownerUrl,
    api: config.apiDatabaseUrl ?? (roles ? urlForRole(ownerUrl, API_ROLE, roles.api) : ownerUrl),
    ingest: config.ingestDatabaseUrl ?? (roles ? urlForRole(ownerUrl, INGEST_ROLE, roles.ingest) : ownerUrl),
  };
  const api = createDataSource({
    url: urls.api,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName: 'jamfor-api',
  });
  const ingest = createDataSource({ url: urls.ingest, poolSize: 4, applicationName: 'jamfor-ingest' });
  const standbys = config.readDatabaseUrls.map((url) =>
    createDataSource({
      url,
      poolSize: config.dbPoolSize,
      statementTimeoutMs: config.statementTimeoutMs,
      applicationName: 'jamfor-api-read',
    }),
  );
  await Promise.all([api.initialize(), ingest.initialize(), ...standbys.map((s) => s.initialize())]);
  if (standbys.length) log(`API reads from ${standbys.length} standby server(s) (DATABASE_READ_URL)`);
  return {
    owner,
    api,
    reads: standbys.length ? standbys : [api],
    ingest,
    embedded,
    urls,
    async close() {
      await Promise.allSettled([api.destroy(), ingest.destroy(), owner.destroy(), ...standbys.map((s) => s.destroy())]);
      if (embedded) await embedded.stop();
    },
  };
}
