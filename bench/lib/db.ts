import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDataSource } from '../../src/db/data-source.js';
import { EMBEDDED_ROLE_PASSWORDS, ensureDatabaseExists, prepareDatabase } from '../../src/db/database.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { API_ROLE, INGEST_ROLE, urlForRole } from '../../src/db/roles.js';
import { loadBundledReference } from '../../src/ingest/load/reference.js';

/** The benchmark's own PostgreSQL: an embedded server in a temp dir, or BENCH_DATABASE_URL. */
export interface BenchServer {
  /** Owner URL of the server's maintenance database. */
  serverUrl: string;
  embedded: EmbeddedServer | null;
  version: string;
  stop(): Promise<void>;
}

export interface BenchDatabase {
  name: string;
  owner: string;
  api: string;
  ingest: string;
}

/** A free TCP port on 127.0.0.1 in 55400…55999 (away from 54329 and the test servers). */
export async function freePort(from = 55400, to = 55999): Promise<number> {
  for (let port = from + Math.floor(Math.random() * (to - from)); ; port = port >= to ? from : port + 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
}

export async function startBenchServer(log: (m: string) => void): Promise<BenchServer> {
  const external = process.env['BENCH_DATABASE_URL'];
  let serverUrl: string;
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  if (external) {
    serverUrl = external;
    log(`using BENCH_DATABASE_URL`);
  } else {
    const port = await freePort();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'jamfor-bench-pg-'));
    // mkdtemp makes 0700 folders; as root, Postgres runs as the `postgres` user and must enter it.
    chmodSync(dataDir, 0o755);
    log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir}, removed afterwards)`);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port, persistent: false });
    serverUrl = embedded.urlFor('postgres');
  }
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const version = (await client.query('SHOW server_version')).rows[0].server_version as string;
  await client.end();
  return {
    serverUrl,
    embedded,
    version,
    async stop() {
      if (embedded) await embedded.stop().catch(() => undefined);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh database with Jämför's migrations, roles and reference data (prepareDatabase and
 * loadBundledReference, as `npm start` does) and pg_stat_statements. On an embedded server the
 * API and ingest use the least-privilege roles; on BENCH_DATABASE_URL everything uses that URL's user.
 */
export async function createBenchDatabase(server: BenchServer, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabaseExists(server.serverUrl, name);
  const owner = withDatabase(server.serverUrl, name);
  const roles = server.embedded ? EMBEDDED_ROLE_PASSWORDS : null;
  const ds = createDataSource({ url: owner, poolSize: 2, applicationName: 'jamfor-bench-owner' });
  await ds.initialize();
  await prepareDatabase(ds, roles, 5000);
  await loadBundledReference(ds.manager);
  await ds.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await ds.destroy();
  return {
    name,
    owner,
    api: roles ? urlForRole(owner, API_ROLE, roles.api) : owner,
    ingest: roles ? urlForRole(owner, INGEST_ROLE, roles.ingest) : owner,
  };
}

/** Statements executed in one database since the last call (pg_stat_statements), excluding this probe. */
export async function statementCount(client: pg.Client, database: string): Promise<number> {
  const r = await client.query(
    `SELECT coalesce(sum(s.calls), 0)::bigint AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname = $1 AND s.query NOT ILIKE '%pg_stat_statements%'`,
    [database],
  );
  return Number(r.rows[0].n);
}

/**
 * Statements one role has executed in one database (pg_stat_statements), or null when the role
 * does not exist (BENCH_DATABASE_URL: every pool uses one user, so the API's share cannot be told).
 */
export async function roleStatementCount(client: pg.Client, database: string, role: string): Promise<number | null> {
  const r = await client.query(
    `SELECT (SELECT true FROM pg_roles WHERE rolname = $2) AS found,
       (SELECT coalesce(sum(s.calls), 0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          JOIN pg_roles u ON u.oid = s.userid
        WHERE d.datname = $1 AND u.rolname = $2 AND s.query NOT ILIKE '%pg_stat_statements%') AS n`,
    [database, role],
  );
  const row = r.rows[0] as { found: boolean | null; n: string };
  return row.found ? Number(row.n) : null;
}
