import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { EMBEDDED_ROLE_PASSWORDS, openDatabases } from '../../../src/db/database.js';
import { embeddedUrl, startEmbeddedPostgres } from '../../../src/db/embedded.js';
import { rolePasswordFile } from '../../../src/db/role-credentials.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { freePort } from '../../helpers/free-port.js';

/*
 * Issue 11 (1): the API and ingest always connect as their roles — also when the embedded
 * server is already running — and start-up refuses an API pool that can write.
 */

async function answers(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, 'postgres'), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

let config: Readonly<Config>;
const logs: string[] = [];
const log = (m: string) => logs.push(m);

beforeAll(async () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'jamfor-roles-'));
  // As root the server runs as `postgres`, which must enter the folder (issue 11 (7) is separate).
  chmodSync(parent, 0o755);
  config = loadConfig({
    JAMFOR_DATA_DIR: parent,
    EMBEDDED_PG_PORT: String(await freePort()),
    STATEMENT_TIMEOUT_MS: '5000',
  });
}, 60_000);

afterAll(async () => {
  if (await answers(config.embedded.port)) {
    // Leave nothing behind if a test failed half-way.
    const dbs = await openDatabases(config, () => undefined);
    await dbs.close();
  }
});

describe('embedded server roles', () => {
  it('connects a second process on the same data directory as the roles, not as postgres', async () => {
    const first = await openDatabases(config, log);
    const second = await openDatabases(config, log);
    try {
      expect(second.embedded).toBeNull();
      const [api] = await second.api.query('SELECT current_user AS u');
      const [ingest] = await second.ingest.query('SELECT current_user AS u');
      expect([api.u, ingest.u]).toEqual(['jamfor_api', 'jamfor_ingest']);
      const sessions: { usename: string }[] = await first.owner.query(
        `SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name IN ('jamfor-api', 'jamfor-ingest') ORDER BY 1`,
      );
      expect(sessions.map((s) => s.usename)).toEqual(['jamfor_api', 'jamfor_ingest']);
      expect(logs.filter((l) => l.startsWith('database roles:'))).toEqual([
        'database roles: api=jamfor_api (read-only, default_transaction_read_only), ingest=jamfor_ingest, owner=postgres',
        'database roles: api=jamfor_api (read-only, default_transaction_read_only), ingest=jamfor_ingest, owner=postgres',
      ]);
    } finally {
      await second.close();
      // the sharing process leaves the server to its owner
      expect(await answers(config.embedded.port)).toBe(true);
      await first.close();
    }
    expect(await answers(config.embedded.port)).toBe(false);
  });

  it('keeps per-installation role passwords in a 0600 file beside the data directory', () => {
    const file = rolePasswordFile(config.embedded.dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { api: string; ingest: string };
    expect(stored.api).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stored.ingest).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stored.api).not.toBe(EMBEDDED_ROLE_PASSWORDS.api);
    expect(stored.api).not.toBe(stored.ingest);
  });

  it('restarts a server left behind by a process that died, and stops it on close', async () => {
    // The orphan: started by someone else, whose owner record names a process that has ended.
    await startEmbeddedPostgres({ dataDir: config.embedded.dataDir, port: config.embedded.port, persistent: true });
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    writeFileSync(`${config.embedded.dataDir}.owner.pid`, `${dead}\n`);
    logs.length = 0;
    const dbs = await openDatabases(config, log);
    expect(dbs.embedded).not.toBeNull();
    expect(logs).toContain(
      `the embedded PostgreSQL on port ${config.embedded.port} was left running by a process that has ended: restarting it`,
    );
    const [api] = await dbs.api.query('SELECT current_user AS u');
    expect(api.u).toBe('jamfor_api');
    await dbs.close();
    expect(await answers(config.embedded.port)).toBe(false);
  });
});

describe('start-up refuses an API pool that can write', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses DATABASE_URL alone: the API would connect as the superuser', async () => {
    await expect(openDatabases(loadConfig({ DATABASE_URL: db.urls.owner }), () => undefined)).rejects.toThrow(
      'refusing to serve: the API connects as "postgres", which is a superuser and can write to',
    );
  });

  it('refuses an API_DATABASE_URL whose role can write', async () => {
    const config = loadConfig({ DATABASE_URL: db.urls.owner, API_DATABASE_URL: db.urls.ingest });
    await expect(openDatabases(config, () => undefined)).rejects.toThrow(
      /^refusing to serve: the API connects as "jamfor_ingest", which can write to \d+ tables; set API_DATABASE_URL/,
    );
  });

  it('serves with the read-only role and logs the roles in use', async () => {
    const lines: string[] = [];
    const config = loadConfig({
      DATABASE_URL: db.urls.owner,
      API_DATABASE_URL: db.urls.api,
      INGEST_DATABASE_URL: db.urls.ingest,
    });
    const dbs = await openDatabases(config, (m) => lines.push(m));
    await dbs.close();
    expect(lines).toContain(
      'database roles: api=jamfor_api (read-only, default_transaction_read_only), ingest=jamfor_ingest, owner=postgres',
    );
  });
});
