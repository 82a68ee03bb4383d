import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import { createDataSource, runMigrations } from './data-source.js';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedServer } from './embedded.js';
import { claimOwnership, liveOwner, releaseOwnership, stopOrphan } from './embedded-owner.js';
import { embeddedRolePasswords } from './role-credentials.js';
import {
  API_ROLE,
  ensureRoles,
  grantTablePrivileges,
  INGEST_ROLE,
  rolesExist,
  urlForRole,
  type RolePasswords,
} from './roles.js';

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

// For throwaway servers (the tests' and the benchmark's); `npm start` generates passwords per
// installation (role-credentials.ts).
export const EMBEDDED_ROLE_PASSWORDS: RolePasswords = { api: 'jamfor-api', ingest: 'jamfor-ingest' };

/**
 * A pool the API reads through (the primary's or a standby's): its statements time out early,
 * and its idle connections stay open (keepIdle), so a request after a quiet spell finds its
 * statements prepared and planned.
 */
export function createApiDataSource(
  url: string,
  config: Pick<Config, 'dbPoolSize' | 'statementTimeoutMs'>,
  applicationName = 'jamfor-api',
): DataSource {
  return createDataSource({
    url,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    applicationName,
    keepIdle: true,
  });
}

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
  // Roles made by deploy/postgres-init.sql get their table rights here, after the migrations
  // have created the tables.
  else if (await rolesExist(owner)) await grantTablePrivileges(owner);
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
 * The embedded server for config.embedded: started here, or shared with the live process that
 * started it (then null: that process stops it), or — left behind by a process that died —
 * stopped and started again so that this process owns it.
 */
async function openEmbedded(config: Config, log: (message: string) => void): Promise<EmbeddedServer | null> {
  const { dataDir, port } = config.embedded;
  if (await answers(embeddedUrl(port, 'postgres'))) {
    const owner = liveOwner(dataDir);
    if (owner !== null) {
      log(`using the embedded PostgreSQL of process ${owner} on port ${port}`);
      return null;
    }
    log(`the embedded PostgreSQL on port ${port} was left running by a process that has ended: restarting it`);
    await stopOrphan(dataDir);
  }
  log(`starting embedded PostgreSQL (data in ${dataDir}, port ${port})`);
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true });
  claimOwnership(dataDir);
  return {
    ...server,
    async stop() {
      await server.stop();
      releaseOwnership(dataDir);
    },
  };
}

/** What checkRoles reads about the API pool's role. */
interface ApiRoleRow {
  role: string;
  superuser: boolean;
  /** default_transaction_read_only: 'on' or 'off'. */
  read_only: string;
  can_create: boolean;
  /** Tables of schema public it may INSERT, UPDATE, DELETE or TRUNCATE. */
  writable: number;
}

/**
 * Refuses to serve through an API pool that could change data: the API role must not be a
 * superuser, may not write to any table or create in the schema. Returns the roles in use.
 */
async function checkRoles(api: DataSource, ingest: DataSource, owner: DataSource, serving: boolean): Promise<string> {
  const [a] = await api.query<[ApiRoleRow]>(`
    SELECT current_user AS role, r.rolsuper AS superuser,
           current_setting('default_transaction_read_only') AS read_only,
           has_schema_privilege('public', 'CREATE') AS can_create,
           (SELECT count(*)::int FROM pg_tables t WHERE t.schemaname = 'public'
              AND has_table_privilege(format('%I.%I', t.schemaname, t.tablename), 'INSERT,UPDATE,DELETE,TRUNCATE')) AS writable
      FROM pg_roles r WHERE r.rolname = current_user`);
  const problems = [
    ...(a.superuser ? ['is a superuser'] : []),
    ...(a.writable > 0 ? [`can write to ${a.writable} tables`] : []),
    ...(a.can_create ? ['can create tables in schema public'] : []),
  ];
  if (problems.length > 0 && serving) {
    throw new Error(
      `refusing to serve: the API connects as "${a.role}", which ${problems.join(' and ')}; set API_DATABASE_URL to a read-only role (see deploy/postgres-init.sql)`,
    );
  }
  const [[i], [o]] = await Promise.all([
    ingest.query<[{ role: string }]>(`SELECT current_user AS role`),
    owner.query<[{ role: string }]>(`SELECT current_user AS role`),
  ]);
  const apiRole =
    problems.length > 0
      ? `${a.role} (${problems.join(', ')})`
      : `${a.role} (read-only${a.read_only === 'on' ? ', default_transaction_read_only' : ''})`;
  return `api=${apiRole}, ingest=${i.role}, owner=${o.role}`;
}

/**
 * Opens Jämför's database: the given DATABASE_URL, or an embedded PostgreSQL whose data
 * directory persists between runs. Runs migrations and creates the roles before any pool for
 * the API or ingest is opened; the caller loads reference data on `owner` before serving.
 */
export async function openDatabases(
  config: Config,
  log: (message: string) => void,
  /** false for a process that never serves the API (the ingest CLI): the API role is only logged. */
  { serving }: { serving: boolean } = { serving: true },
): Promise<Databases> {
  let embedded: EmbeddedServer | null = null;
  let ownerUrl = config.databaseUrl;
  // Whether this process started the embedded server or shares it, its roles are the same.
  const roles = ownerUrl ? null : embeddedRolePasswords(config.embedded.dataDir);
  if (!ownerUrl) {
    embedded = await openEmbedded(config, log);
    await ensureDatabaseExists(embeddedUrl(config.embedded.port, 'postgres'), 'jamfor');
    ownerUrl = embeddedUrl(config.embedded.port, 'jamfor');
  }
  const owner = createDataSource({ url: ownerUrl, poolSize: 2, applicationName: 'jamfor-owner' });
  await owner.initialize();
  const prepared = await prepareDatabase(owner, roles, config.statementTimeoutMs);
  if (prepared.migrations.length) log(`applied migrations: ${prepared.migrations.join(', ')}`);
  const urls = {
    owner: ownerUrl,
    api: config.apiDatabaseUrl ?? (roles ? urlForRole(ownerUrl, API_ROLE, roles.api) : ownerUrl),
    ingest: config.ingestDatabaseUrl ?? (roles ? urlForRole(ownerUrl, INGEST_ROLE, roles.ingest) : ownerUrl),
  };
  const api = createApiDataSource(urls.api, config);
  const ingest = createDataSource({ url: urls.ingest, poolSize: 4, applicationName: 'jamfor-ingest' });
  const standbys = config.readDatabaseUrls.map((url) => createApiDataSource(url, config, 'jamfor-api-read'));
  await Promise.all([api.initialize(), ingest.initialize(), ...standbys.map((s) => s.initialize())]);
  if (standbys.length) log(`API reads from ${standbys.length} standby server(s) (DATABASE_READ_URL)`);
  try {
    log(`database roles: ${await checkRoles(api, ingest, owner, serving)}`);
  } catch (error) {
    await Promise.allSettled([api.destroy(), ingest.destroy(), owner.destroy(), ...standbys.map((s) => s.destroy())]);
    if (embedded) await embedded.stop();
    throw error;
  }
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
