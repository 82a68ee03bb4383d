import type { DataSource } from 'typeorm';

export const API_ROLE = 'jamfor_api';
export const INGEST_ROLE = 'jamfor_ingest';

export interface RolePasswords {
  api: string;
  ingest: string;
}

/**
 * Least privilege: the API reads (SELECT only, read-only transactions, a statement timeout
 * on the role), ingest writes rows (no DDL), migrations run as the owner. Idempotent; run
 * by the owner after migrations, once per database.
 */
export async function ensureRoles(
  owner: DataSource,
  passwords: RolePasswords,
  apiStatementTimeoutMs: number,
): Promise<void> {
  const [{ d: database }] = await owner.query<[{ d: string }]>('SELECT current_database() AS d');
  const db = quoteIdent(database);
  await owner.transaction(async (q) => {
    // Role DDL is cluster-wide and races between test databases created in parallel.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('jamfor:roles'))`);
    for (const [role, password] of [
      [API_ROLE, passwords.api],
      [INGEST_ROLE, passwords.ingest],
    ] as const) {
      const exists = await q.query<unknown[]>('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      const verb = exists.length ? 'ALTER' : 'CREATE';
      await q.query(
        `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${quoteLiteral(password)}`,
      );
    }
    await q.query(`ALTER ROLE ${API_ROLE} SET statement_timeout = ${Math.trunc(apiStatementTimeoutMs)}`);
    await q.query(`ALTER ROLE ${API_ROLE} SET default_transaction_read_only = on`);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT CONNECT ON DATABASE ${db} TO ${API_ROLE}, ${INGEST_ROLE}`);
    await q.query(`GRANT TEMPORARY ON DATABASE ${db} TO ${INGEST_ROLE}`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${API_ROLE}, ${INGEST_ROLE}`);
    await grantTablePrivileges(q);
  });
}

/**
 * Table rights after migrations, for the embedded server and for roles made by
 * deploy/postgres-init.sql alike: the API reads the serving tables, ingest reads and writes
 * rows; neither touches the migration ledger. Granted on the tables that exist (never
 * default privileges, which would also cover schema_migration). Needs the tables' owner.
 */
export async function grantTablePrivileges(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  await q.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${API_ROLE}`);
  await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${INGEST_ROLE}`);
  await q.query(`REVOKE ALL ON schema_migration FROM ${API_ROLE}, ${INGEST_ROLE}`);
  // Ingest's staging tables (migration 1764700000000): emptied by TRUNCATE, never read by the API.
  const staging = 'stage_answer, stage_agreement, stage_plan_count, stage_published_figure, scope_count_pair';
  await q.query(`GRANT TRUNCATE ON ${staging} TO ${INGEST_ROLE}`);
  await q.query(`REVOKE ALL ON ${staging} FROM ${API_ROLE}`);
  await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${INGEST_ROLE}`);
  // PostgreSQL 17+: lets ingest ANALYZE the tables it has just bulk-loaded (no other rights).
  const rows = (await q.query(`SELECT current_setting('server_version_num')::int AS version`)) as { version: number }[];
  if (rows[0]!.version >= 170000) {
    await q.query(`GRANT MAINTAIN ON ALL TABLES IN SCHEMA public TO ${INGEST_ROLE}`);
    await q.query(`REVOKE MAINTAIN ON schema_migration FROM ${INGEST_ROLE}`);
  }
}

/** Whether deploy/postgres-init.sql (or ensureRoles) has created both roles in this cluster. */
export async function rolesExist(owner: DataSource): Promise<boolean> {
  const rows: unknown[] = await owner.query('SELECT 1 FROM pg_roles WHERE rolname IN ($1, $2)', [
    API_ROLE,
    INGEST_ROLE,
  ]);
  return rows.length === 2;
}

/** The same server and database as `url`, logged in as another role. */
export function urlForRole(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
